/** The list's title (`h1.list-title`); editors rename it by double-click or Enter, like an item (`.list-title-edit`). */
import { h } from '../dom.ts';
import { editOutcome } from '../todos.ts';

export interface ListTitle { element: HTMLElement; heading: HTMLHeadingElement; render(title: string, editable: boolean): void }

export function listTitle(rename: (title: string) => void): ListTitle {
  const heading = h('h1', { class: 'list-title', tabindex: -1 });
  const input = h('input', { class: 'list-title-edit', 'aria-label': 'List title', maxlength: 500, hidden: true });
  const element = h('div', { class: 'list-title-row' }, heading, input);
  let title = '';
  let editable = false;
  let editing = false;

  const start = () => {
    if (!editable || editing) return;
    editing = true;
    input.value = title;
    heading.hidden = true;
    input.hidden = false;
    input.focus();
    input.select();
  };
  const finish = (save: boolean) => {
    if (!editing) return;
    editing = false;
    const outcome = editOutcome(title, input.value);
    input.hidden = true;
    heading.hidden = false;
    if (save && outcome.kind === 'rename') { heading.textContent = outcome.title; rename(outcome.title); }
    heading.focus({ preventScroll: true });
  };
  heading.addEventListener('dblclick', start);
  heading.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === 'F2') { e.preventDefault(); start(); } });
  input.addEventListener('keydown', e => {
    if (e.key === 'Enter') { e.preventDefault(); finish(true); }
    else if (e.key === 'Escape') { e.preventDefault(); finish(false); }
  });
  input.addEventListener('blur', () => finish(true));

  const render = (next: string, nextEditable: boolean) => {
    title = next;
    editable = nextEditable;
    if (!editing && heading.textContent !== next) heading.textContent = next;
    heading.tabIndex = nextEditable ? 0 : -1;
    heading.title = nextEditable ? 'Double-click, or press Enter, to rename the list' : '';
    if (!nextEditable && editing) finish(false);
  };
  return { element, heading, render };
}
