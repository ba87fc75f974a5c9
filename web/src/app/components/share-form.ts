/** `form.share`: adds a member with a role (or changes one). Enabled for owners only. */
import type { Role } from '../../sdk/api.ts';
import { h } from '../dom.ts';
import { isId } from '../list-id.ts';
import { ROLES } from '../roles.ts';

export interface ShareForm { element: HTMLFormElement; setEnabled(enabled: boolean): void }

export function shareForm(share: (member: string, role: Role) => Promise<void>): ShareForm {
  const member = h('input', { name: 'member', id: 'share-member', autocomplete: 'off', required: true, maxlength: 64,
    placeholder: 'user id, e.g. bob', 'aria-describedby': 'share-error' });
  const role = h('select', { name: 'role', id: 'share-role' }, ...ROLES.map(r => h('option', { value: r, selected: r === 'editor' }, r)));
  const error = h('p', { class: 'share-error field-error', id: 'share-error', 'aria-live': 'polite' });
  const note = h('p', { class: 'share-note', hidden: true }, 'Only owners can share this list.');
  const fieldset = h('fieldset', {},
    h('legend', {}, 'Share this list'),
    h('label', { for: 'share-member' }, 'User'), member,
    h('label', { for: 'share-role' }, 'Role'), role,
    h('button', { type: 'submit', class: 'share-submit' }, 'Share'));
  const element = h('form', { class: 'share', novalidate: true }, fieldset, error, note);
  element.addEventListener('submit', e => {
    e.preventDefault();
    const who = member.value.trim();
    if (!isId(who)) {
      error.textContent = 'User: 1 to 64 letters, digits, “-” or “_”.';
      member.setAttribute('aria-invalid', 'true');
      member.focus();
      return;
    }
    error.textContent = '';
    member.removeAttribute('aria-invalid');
    share(who, role.value as Role).then(() => { member.value = ''; }, err => {
      error.textContent = `Could not share: ${err instanceof Error ? err.message : String(err)}`;
    });
  });
  const setEnabled = (enabled: boolean) => { fieldset.disabled = !enabled; note.hidden = enabled; };
  return { element, setEnabled };
}
