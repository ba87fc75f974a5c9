/** A vector conflict: the competing values of a register, one button per value that settles it (Sync.resolve). */
import type { ItemView } from '../../sdk/api.ts';
import { h } from '../dom.ts';

export type Register = 'title' | 'completed';
export type Choose = (register: Register, value: string | boolean) => void;

function describe(register: Register, value: string | boolean): string {
  if (register === 'completed') return value ? 'completed' : 'not completed';
  return `“${String(value)}”`;
}

/** `.conflict[data-register]` blocks for the item's conflicting registers; empty when there is none. */
export function conflictChoosers(item: ItemView, choose: Choose, enabled: boolean): HTMLElement[] {
  const blocks: HTMLElement[] = [];
  const registers: Array<[Register, Array<string | boolean> | undefined]> =
    [['title', item.conflicts.title], ['completed', item.conflicts.completed]];
  for (const [register, values] of registers) {
    if (!values || values.length < 2) continue;
    const heading = register === 'title' ? 'Edited at the same time: keep which title?' : 'Done or not? Pick one:';
    blocks.push(h('div', { class: 'conflict', 'data-register': register, role: 'group', 'aria-label': heading },
      h('span', { class: 'conflict-heading' }, heading),
      ...values.map(value => h('button', {
        type: 'button', class: 'conflict-choice', disabled: !enabled,
        'aria-label': `Keep ${describe(register, value)}`,
        onclick: () => choose(register, value),
      }, String(value)))));
  }
  return blocks;
}

export function hasConflict(item: ItemView): boolean {
  return (item.conflicts.title?.length ?? 0) > 1 || (item.conflicts.completed?.length ?? 0) > 1;
}
