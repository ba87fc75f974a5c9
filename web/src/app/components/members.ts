/** A list's members and their roles (`.members li[data-member][data-role]`); owners may change a role or remove. */
import type { Role } from '../../sdk/api.ts';
import { h } from '../dom.ts';
import { ROLES } from '../roles.ts';

export interface MemberActions { setRole(member: string, role: Role): void; remove(member: string): void }

export interface MembersView { element: HTMLElement; render(members: Record<string, Role>, me: string | null, manage: boolean): void }

export function membersView(actions: MemberActions): MembersView {
  const list = h('ul', { class: 'members' });
  const element = h('div', { class: 'members-panel' }, h('h3', {}, 'Members'), list);
  let key = '';
  const render = (members: Record<string, Role>, me: string | null, manage: boolean) => {
    const next = JSON.stringify([members, me, manage]);
    if (next === key) return;   // keeps a role select the user is on from being rebuilt under them
    key = next;
    const names = Object.keys(members).sort();
    list.replaceChildren(...names.map(member => {
      const role = members[member]!;
      const you = member === me ? ' (you)' : '';
      const li = h('li', { 'data-member': member, 'data-role': role }, h('span', { class: 'member-name' }, member + you));
      if (manage) {
        const select = h('select', { class: 'member-role', 'aria-label': `Role of ${member}` },
          ...ROLES.map(r => h('option', { value: r, selected: r === role }, r)));
        select.addEventListener('change', () => actions.setRole(member, select.value as Role));
        li.append(select, h('button', { type: 'button', class: 'remove-member', 'aria-label': `Remove ${member}`,
          onclick: () => actions.remove(member) }, 'Remove'));
      } else {
        li.append(h('span', { class: 'member-role' }, role));
      }
      return li;
    }));
    if (names.length === 0) list.append(h('li', { class: 'members-empty' }, 'Only you, until the server confirms the list.'));
  };
  return { element, render };
}
