/** The sync indicator: online / offline / syncing, pending edits, the transport. Hooks: `.sync-status[data-connection]`, `.pending-count`. */
import type { Sync, SyncStatus } from '../../sdk/api.ts';
import { h } from '../dom.ts';

const LABELS: Record<SyncStatus['connection'], string> = { online: 'Online', offline: 'Offline', syncing: 'Syncing…' };
const TRANSPORTS: Record<SyncStatus['transport'], string> = { live: 'live', 'long-poll': 'long-poll', none: 'not following' };

export interface StatusIndicator { element: HTMLElement; dispose(): void }

export function statusIndicator(sync: Sync): StatusIndicator {
  const label = h('span', { class: 'connection-label', 'aria-live': 'polite' });
  const count = h('span', { class: 'pending-count' }, '0');
  const pendingWord = h('span', { class: 'pending-word' }, ' pending');
  const transport = h('span', { class: 'transport' });
  const syncNow = h('button', { type: 'button', class: 'sync-now', title: 'Push and pull now' }, 'Sync now');
  const element = h('div', { class: 'sync-status', 'data-connection': 'offline' },
    h('span', { class: 'connection-dot', 'aria-hidden': 'true' }), label,
    h('span', { class: 'pending', title: 'Edits on this device not yet confirmed by the server' }, count, pendingWord),
    transport, syncNow);
  syncNow.addEventListener('click', () => { sync.syncNow().catch(() => { /* the status shows lastError */ }); });

  const render = () => {
    const s = sync.status();
    element.dataset.connection = s.connection;
    element.dataset.transport = s.transport;
    element.dataset.leader = String(s.leader);
    if (label.textContent !== LABELS[s.connection]) label.textContent = LABELS[s.connection];
    count.textContent = String(s.pending);
    pendingWord.textContent = s.pending === 1 ? ' pending edit' : ' pending edits';
    transport.textContent = TRANSPORTS[s.transport];
    transport.title = s.leader ? 'This tab leads the sync' : 'Another tab of this browser leads the sync';
    element.title = s.lastError ? `Last sync error: ${s.lastError}` : '';
  };
  render();
  const unsubscribe = sync.subscribe(e => { if (e.kind === 'status') render(); });
  return { element, dispose: unsubscribe };
}
