/** Edits the server refused (Sync.rejections), each with a dismiss button. Hook: `.rejections` > `li.rejection`. */
import type { Rejection, Sync } from '../../sdk/api.ts';
import { h } from '../dom.ts';

const REASONS: Record<string, string> = {
  forbidden: 'you may not make this change in this list',
  'last-owner': 'the list would be left without an owner',
  'list-limit': 'the list is at one of its limits',
  'seq-reused': 'the device numbered it twice',
  gap: 'an earlier edit of this device is missing',
  'unknown-list': 'the list does not exist on the server',
};

export function rejectionText(r: Rejection): string {
  const why = REASONS[r.reason] ?? r.reason;
  return `${r.type} refused: ${why}${r.detail ? ` (${r.detail})` : ''}`;
}

export interface RejectionsView { element: HTMLElement; render(): void; dispose(): void }

/** Shows the rejections of one list, or of every list when `listId` is null. */
export function rejectionsView(sync: Sync, listId: string | null): RejectionsView {
  const list = h('ul', { class: 'rejections' });
  const element = h('section', { class: 'rejections-panel', 'aria-label': 'Refused edits', hidden: true },
    h('h2', {}, 'Refused edits'), list);
  const render = () => {
    const mine = sync.rejections().filter(r => listId === null || r.listId === listId);
    element.hidden = mine.length === 0;
    list.replaceChildren(...mine.map(r => h('li', { class: 'rejection', 'data-event-id': r.eventId, 'data-reason': r.reason },
      h('span', { class: 'rejection-text' }, listId === null ? `${r.listId}: ${rejectionText(r)}` : rejectionText(r)),
      h('button', { type: 'button', class: 'dismiss', 'aria-label': `Dismiss: ${rejectionText(r)}`,
        onclick: () => { sync.dismissRejection(r.eventId); render(); } }, 'Dismiss'))));
  };
  render();
  const dispose = sync.subscribe(e => { if (e.kind === 'rejection' || e.kind === 'lists') render(); });
  return { element, render, dispose };
}
