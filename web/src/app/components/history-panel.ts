/** An item's history as the server explains it (Sync.history): `.history-panel` with one `.history-entry` per write. */
import type { ItemHistory, Sync } from '../../sdk/api.ts';
import { h } from '../dom.ts';

const OUTCOMES: Record<string, string> = {
  won: 'kept', lost: 'lost', superseded: 'superseded', sibling: 'kept as a conflicting value',
  'after-delete': 'came after the delete', deleted: 'deleted the item',
};

function valueText(register: string, value: unknown): string {
  if (register === 'completed') return value ? 'done' : 'not done';
  return `“${String(value)}”`;
}

/** One row's words: "v5 ItemRenamed by bob-laptop, 10:42:03: title “Buy oat milk” kept". */
export function entryText(entry: ItemHistory['entries'][number]): string {
  const when = entry.at ? `, ${new Date(entry.at.ms).toLocaleString()}` : '';
  const parts = Object.entries(entry.registers).map(([register, r]) => {
    const lost = r.lostTo !== undefined ? ` to v${r.lostTo}` : '';
    return `${register} ${valueText(register, r.value)} ${OUTCOMES[r.outcome] ?? r.outcome}${lost}`;
  });
  if (entry.outcome) parts.push(OUTCOMES[entry.outcome] ?? entry.outcome);
  return `v${entry.listVersion} ${entry.type} by ${entry.clientId}${when}: ${parts.join('; ')}`;
}

export interface HistoryPanel { element: HTMLElement; open(itemId: string, title: string, opener: HTMLElement): void; close(): void }

export function historyPanel(sync: Sync, listId: string): HistoryPanel {
  const heading = h('h2', { tabindex: -1 });
  const body = h('div', { class: 'history-body', 'aria-live': 'polite' });
  const closeButton = h('button', { type: 'button', class: 'history-close' }, 'Close');
  const element = h('section', { class: 'history-panel', hidden: true, 'aria-labelledby': 'history-heading' },
    heading, body, closeButton);
  heading.id = 'history-heading';
  let opener: HTMLElement | null = null;
  let request = 0;

  const close = () => {
    element.hidden = true;
    request++;
    if (opener?.isConnected) opener.focus();
    opener = null;
  };
  closeButton.addEventListener('click', close);
  element.addEventListener('keydown', e => { if (e.key === 'Escape') { e.preventDefault(); close(); } });

  const open = (itemId: string, title: string, from: HTMLElement) => {
    opener = from;
    const mine = ++request;
    heading.textContent = `History of “${title}”`;
    body.replaceChildren(h('p', { class: 'history-loading' }, 'Asking the server…'));
    element.hidden = false;
    heading.focus();
    sync.history(listId, itemId).then(history => {
      if (mine !== request) return;
      const rows = history.entries.map(entry => h('li', { class: 'history-entry', 'data-list-version': entry.listVersion }, entryText(entry)));
      body.replaceChildren(
        h('p', {}, `Policy ${history.policy}${history.deleted ? ', deleted' : ''}.`),
        rows.length ? h('ol', { class: 'history-entries' }, ...rows) : h('p', {}, 'No writes yet (the item may not have reached the server).'));
    }, error => {
      if (mine !== request) return;
      body.replaceChildren(h('p', { class: 'history-error', role: 'alert' },
        `History needs the server: ${error instanceof Error ? error.message : String(error)}`));
    });
  };
  return { element, open, close };
}
