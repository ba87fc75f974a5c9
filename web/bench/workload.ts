/** The bench's logs: a list of N items, and a stream of edits from another device over it. */
import { EditStamper, HybridClock, type LogEntry, type Policy, type TodoList } from '../src/domain/index.ts';

/** ListCreated by ann, bob made an editor, then `items` ItemAdded by ann's device. */
export function seedLog(listId: string, policy: Policy, items: number): LogEntry[] {
  const clock = new HybridClock();
  const stamper = new EditStamper('ann-laptop');
  let v = 0;
  const entry = (rest: Partial<LogEntry> & Pick<LogEntry, 'type'>): LogEntry =>
    ({ listVersion: ++v, clientId: 'ann-laptop', userId: 'ann', eventId: crypto.randomUUID(), clientSeq: v, at: clock.now(), ...rest });
  const log = [entry({ type: 'ListCreated', title: `Bench (${items} items)`, policy }),
    entry({ type: 'MemberAdded', member: 'bob', role: 'editor' })];
  for (let i = 0; i < items; i++) log.push(entry({ type: 'ItemAdded', itemId: `seed${i}`, title: `Item number ${i}`, ...stamper.add(undefined) }));
  return log;
}

/**
 * `n` edits by bob's phone over `base` (not changed): per 20 edits 5 adds, 7 renames, 7 completes or reopens and
 * 1 delete, on random live items; stamped from a fold of what came before, as a real device would.
 */
export function incomingLog(base: TodoList, n: number, random: () => number = Math.random): { entries: LogEntry[]; visible: number } {
  const sim = base.copy();
  const clock = new HybridClock();
  const stamper = new EditStamper('bob-phone');
  const live = sim.visibleItems().map(i => i.itemId);
  const entries: LogEntry[] = [];
  let seq = 0;
  for (let i = 0; i < n; i++) {
    const r = i % 20;
    const common = { listVersion: sim.listVersion + 1, clientId: 'bob-phone', userId: 'bob', eventId: crypto.randomUUID(),
      clientSeq: ++seq, at: clock.now() };
    let entry: LogEntry;
    if (r < 5 || live.length < 10) {
      const itemId = `bob${i}`;
      entry = { ...common, type: 'ItemAdded', itemId, title: `Bob's item ${i}`, ...stamper.add(undefined) };
      live.push(itemId);
    } else {
      const at = Math.floor(random() * live.length);
      const itemId = live[at]!;
      const item = sim.item(itemId)!;
      if (r < 12) entry = { ...common, type: 'ItemRenamed', itemId, title: `Renamed ${i}`, ...stamper.rename(item) };
      else if (r < 19) {
        const done = item.completed[0]?.value === true;
        entry = done ? { ...common, type: 'ItemReopened', itemId, ...stamper.reopen(item) }
          : { ...common, type: 'ItemCompleted', itemId, ...stamper.complete(item) };
      } else {
        entry = { ...common, type: 'ItemDeleted', itemId, ...stamper.delete(item) };
        live.splice(at, 1);
      }
    }
    sim.apply(entry);
    entries.push(entry);
  }
  return { entries, visible: sim.visibleItems().length };
}
