/**
 * Items projection v3 (todo-archive) moved out of the list after 7 days of log time done, read-only, newest first.
 * Hook: `.archived-panel` > `li.archived-item[data-item-id]`. Hidden when empty or when the app runs another projection.
 */
import { h } from '../dom.ts';
import type { ArchivedItem } from '../projection.ts';

export interface ArchivedView { element: HTMLElement; render(items: ArchivedItem[]): void }

export function archivedView(): ArchivedView {
  const list = h('ul', { class: 'archived' });
  const element = h('section', { class: 'archived-panel', 'aria-label': 'Archived', hidden: true }, h('h2', {}, 'Archived'), list);
  return {
    element,
    render(items) {
      element.hidden = items.length === 0;
      list.replaceChildren(...items.map(item => h('li', { class: 'archived-item', 'data-item-id': item.itemId },
        h('span', { class: 'archived-title' }, item.title), ' ',
        h('time', { datetime: new Date(item.completedAt).toISOString() }, `done ${new Date(item.completedAt).toLocaleDateString()}`))));
    },
  };
}
