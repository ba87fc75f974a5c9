/**
 * One todo as TodoMVC marks it up (`li[data-item-id]` > `.view` > `.toggle`, `label`, `.destroy`; `.edit`),
 * plus the platform's history button and conflict choosers. Updated in place so an edit in progress survives
 * the list changing under it.
 */
import type { ItemView } from '../../sdk/api.ts';
import { h } from '../dom.ts';
import { editOutcome } from '../todos.ts';
import { conflictChoosers, hasConflict, type Register } from './conflict-chooser.ts';

export interface TodoActions {
  toggle(itemId: string, completed: boolean): void;
  rename(itemId: string, title: string): void;
  destroy(itemId: string): void;
  resolve(itemId: string, register: Register, value: string | boolean): void;
  history(itemId: string, title: string, opener: HTMLElement): void;
}

export interface TodoItem { li: HTMLLIElement; update(item: ItemView, editable: boolean): void; readonly editing: boolean }

export function todoItem(first: ItemView, firstEditable: boolean, actions: TodoActions): TodoItem {
  let item = first;
  let editable = firstEditable;
  let editing = false;
  let conflictsKey = '';
  let labelledAs: string | null = null;

  const toggle = h('input', { class: 'toggle', type: 'checkbox' });
  const label = h('label', { tabindex: 0 });
  // no text of their own (CSS draws them): an item's textContent stays its title, as TodoMVC's tests expect
  const historyButton = h('button', { type: 'button', class: 'history' });
  const destroy = h('button', { type: 'button', class: 'destroy' });
  const edit = h('input', { class: 'edit' });
  const conflicts = h('div', { class: 'conflicts' });
  const li = h('li', { 'data-item-id': first.itemId },
    h('div', { class: 'view' }, toggle, label, historyButton, destroy), edit, conflicts);

  const startEdit = () => {
    if (!editable || editing) return;
    editing = true;
    li.classList.add('editing');
    edit.value = item.title;
    edit.focus();
    edit.setSelectionRange(edit.value.length, edit.value.length);
  };
  // `editing` is cleared before the class so the blur that hiding the input causes saves nothing twice
  const finish = (save: boolean) => {
    if (!editing) return;
    editing = false;
    const typed = edit.value;
    li.classList.remove('editing');
    const outcome = save ? editOutcome(item.title, typed) : { kind: 'unchanged' as const };
    if (outcome.kind === 'delete') { actions.destroy(item.itemId); return; }   // destroy moves the focus on
    if (outcome.kind === 'rename') { label.textContent = outcome.title; actions.rename(item.itemId, outcome.title); }
    if (li.isConnected) label.focus({ preventScroll: true });
  };

  toggle.addEventListener('change', () => actions.toggle(item.itemId, toggle.checked));
  label.addEventListener('dblclick', startEdit);
  label.addEventListener('keydown', e => {
    if (e.key === 'Enter' || e.key === 'F2') { e.preventDefault(); startEdit(); }
  });
  edit.addEventListener('keydown', e => {
    if (e.key === 'Enter') { e.preventDefault(); finish(true); }
    else if (e.key === 'Escape') { e.preventDefault(); finish(false); }
  });
  edit.addEventListener('blur', () => finish(true));
  destroy.addEventListener('click', () => actions.destroy(item.itemId));
  historyButton.addEventListener('click', () => actions.history(item.itemId, item.title, historyButton));

  const update = (next: ItemView, nextEditable: boolean) => {
    item = next;
    editable = nextEditable;
    li.classList.toggle('completed', next.completed);
    const conflicted = hasConflict(next);
    li.classList.toggle('conflicted', conflicted);
    toggle.checked = next.completed;
    toggle.disabled = !nextEditable;
    destroy.disabled = !nextEditable;
    label.title = nextEditable ? 'Double-click, or press Enter, to edit' : '';
    if (labelledAs !== next.title) {
      labelledAs = next.title;
      label.textContent = next.title;
      toggle.setAttribute('aria-label', `Completed: ${next.title}`);
      destroy.setAttribute('aria-label', `Delete ${next.title}`);
      historyButton.setAttribute('aria-label', `History of ${next.title}`);
      edit.setAttribute('aria-label', `Edit ${next.title}`);
    }
    const key = conflicted ? JSON.stringify(next.conflicts) + nextEditable : '';
    if (key !== conflictsKey) {
      conflictsKey = key;
      conflicts.replaceChildren(...(conflicted
        ? conflictChoosers(next, (register, value) => actions.resolve(next.itemId, register, value), nextEditable)
        : []));
    }
    if (!nextEditable && editing) finish(false);
  };
  update(first, firstEditable);
  return { li, update, get editing() { return editing; } };
}
