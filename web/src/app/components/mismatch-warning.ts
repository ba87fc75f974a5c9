/** The server's stateHash differs from this device's fold: a warning, since the two copies should be equal. */
import type { DigestMismatch } from '../../sdk/api.ts';
import { h } from '../dom.ts';

export function mismatchWarning(m: DigestMismatch): HTMLElement {
  return h('div', { class: 'digest-mismatch', role: 'alert', 'data-list-version': m.listVersion },
    h('strong', {}, 'This copy differs from the server’s. '),
    `At version ${m.listVersion} the server's state hash is ${m.server.slice(0, 12)}…, this device's is ${m.local.slice(0, 12)}…. `,
    'Edits still sync; please report it.');
}
