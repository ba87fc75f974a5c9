/** TodoMVC's rules over a list's items: pure functions (tested in test/app/todos.test.ts). */
import type { ItemView } from '../sdk/api.ts';
import type { Filter } from './router.ts';

export function visibleItems(items: readonly ItemView[], filter: Filter): ItemView[] {
  if (filter === 'active') return items.filter(i => !i.completed);
  if (filter === 'completed') return items.filter(i => i.completed);
  return items.slice();
}

export function activeCount(items: readonly ItemView[]): number {
  let n = 0;
  for (const i of items) if (!i.completed) n++;
  return n;
}

/** "1 item left", "0 items left", "2 items left". */
export function itemsLeftLabel(active: number): string {
  return active === 1 ? 'item left' : 'items left';
}

export function hasCompleted(items: readonly ItemView[]): boolean {
  return items.some(i => i.completed);
}

export function allCompleted(items: readonly ItemView[]): boolean {
  return items.length > 0 && items.every(i => i.completed);
}

/** A new todo's title: trimmed; null when nothing is left (TodoMVC ignores it). */
export function newTitle(raw: string): string | null {
  const t = raw.trim();
  return t === '' ? null : t;
}

export type EditOutcome = { kind: 'delete' } | { kind: 'rename'; title: string } | { kind: 'unchanged' };

/** What saving an edit means: an empty title deletes the item, the same title changes nothing. */
export function editOutcome(before: string, raw: string): EditOutcome {
  const t = raw.trim();
  if (t === '') return { kind: 'delete' };
  if (t === before) return { kind: 'unchanged' };
  return { kind: 'rename', title: t };
}

/** Toggle all: completes every open item, or reopens them all when all are done. */
export function toggleAllTargets(items: readonly ItemView[]): { completed: boolean; itemIds: string[] } {
  const complete = !allCompleted(items);
  return { completed: complete, itemIds: items.filter(i => i.completed !== complete).map(i => i.itemId) };
}
