// Port of Java's StateDigest: the canonical text of a list's visible state and its SHA-256 (projection v2's
// stateHash). S(x) = UTF-8 byte length of x, ':', x; N(n) = n, ';'. See StateDigest.java for the grammar.
import { sha256Hex } from './sha256.ts';
import { compareText } from './stamp.ts';
import type { TodoList } from './todo-list.ts';

const utf8 = new TextEncoder();

function text(value: string): string {
  return `${utf8.encode(value).length}:${value}`;
}

function number(n: number): string {
  return `${n};`;
}

export function canonicalState(list: TodoList): string {
  const visible = list.visibleItems();
  const out = ['list', text(list.title ?? ''), text(list.policy), number(visible.length)];
  for (const item of visible) {
    out.push('item', text(item.itemId), text(item.title), item.completed ? '1' : '0');
    const registers = Object.keys(item.conflicts).sort(compareText) as ('title' | 'completed')[];
    out.push(number(registers.length));
    for (const register of registers) {
      const values = (item.conflicts[register] as (string | boolean)[]).map(String).sort(compareText);
      out.push(text(register), number(values.length));
      for (const value of values) out.push(text(value));
    }
  }
  return out.join('');
}

/** Lowercase hex SHA-256 of canonicalState(list): projection v2's stateHash. */
export function stateHash(list: TodoList): string {
  return sha256Hex(canonicalState(list));
}

/** stateHash, as a promise (the SDK's API since it digested with crypto.subtle). */
export async function stateDigest(list: TodoList): Promise<string> {
  return stateHash(list);
}
