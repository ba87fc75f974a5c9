/** The `.todo-list`, keyed by itemId: items are reused and moved, never rebuilt, so a 1,000-item list renders cheaply. */
import type { ItemView } from '../../sdk/api.ts';
import { h } from '../dom.ts';
import { todoItem, type TodoActions, type TodoItem } from './todo-item.ts';

export interface TodoListView { element: HTMLUListElement; render(items: readonly ItemView[], editable: boolean): void }

export function todoList(actions: TodoActions): TodoListView {
  const element = h('ul', { class: 'todo-list' });
  const rows = new Map<string, { row: TodoItem; last: ItemView; editable: boolean }>();

  const render = (items: readonly ItemView[], editable: boolean) => {
    // rows that go away leave first, so the walk below only moves rows that really changed place
    const keep = new Set<string>();
    for (const item of items) keep.add(item.itemId);
    for (const [itemId, entry] of rows) {
      if (!keep.has(itemId)) { entry.row.li.remove(); rows.delete(itemId); }
    }
    let cursor: ChildNode | null = element.firstChild;
    for (const item of items) {
      let entry = rows.get(item.itemId);
      if (!entry) {
        entry = { row: todoItem(item, editable, actions), last: item, editable };
        rows.set(item.itemId, entry);
      } else if (entry.editable !== editable || !sameItem(entry.last, item)) {
        entry.row.update(item, editable);
        entry.last = item;
        entry.editable = editable;
      }
      const li = entry.row.li;
      if (li === cursor) cursor = cursor.nextSibling;
      else element.insertBefore(li, cursor);
    }
  };
  return { element, render };
}

/** The SDK hands out new item objects with each view: compare what the row shows, not the object. */
export function sameItem(a: ItemView, b: ItemView): boolean {
  if (a === b) return true;
  if (a.title !== b.title || a.completed !== b.completed) return false;
  const ca = a.conflicts, cb = b.conflicts;
  if (!ca.title && !ca.completed && !cb.title && !cb.completed) return true;
  return JSON.stringify(ca) === JSON.stringify(cb);
}
