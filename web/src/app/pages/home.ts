/** `/` signed in: the user's lists with their role (`ul.lists`), and `form.new-list` to create one. */
import type { ListSummary, Policy, Sync } from '../../sdk/api.ts';
import type { AppContext, Page } from '../context.ts';
import { h } from '../dom.ts';
import { deriveListId, isId } from '../list-id.ts';
import { listPath } from '../router.ts';
import { rejectionsView } from '../components/rejections.ts';

/** How often the home page asks the server for the user's lists (a list shared with the user appears within it). */
export const SHARED_LISTS_RECHECK_MS = 30_000;

const POLICIES: Array<[Policy, string]> = [
  ['lww', 'lww: latest edit wins'],
  ['counter', 'counter: most edited wins'],
  ['vector', 'vector: you pick'],
];

export function sortLists(lists: readonly ListSummary[]): ListSummary[] {
  return lists.slice().sort((a, b) => a.title.localeCompare(b.title) || a.listId.localeCompare(b.listId));
}

export function homePage(ctx: AppContext, sync: Sync): Page {
  const heading = h('h1', { tabindex: -1 }, 'Your lists');
  const title = h('input', { name: 'title', id: 'new-list-title', required: true, maxlength: 500, autocomplete: 'off',
    placeholder: 'Groceries', 'aria-describedby': 'new-list-error' });
  const policy = h('select', { name: 'policy', id: 'new-list-policy' },
    ...POLICIES.map(([value, text]) => h('option', { value, selected: value === 'lww' }, text)));
  const listId = h('input', { name: 'listId', id: 'new-list-id', maxlength: 64, autocomplete: 'off',
    placeholder: 'made from the title', 'aria-describedby': 'new-list-error' });
  const error = h('p', { class: 'field-error', id: 'new-list-error', 'aria-live': 'polite' });
  const form = h('form', { class: 'new-list', novalidate: true },
    h('h2', {}, 'New list'),
    h('div', { class: 'field' }, h('label', { for: 'new-list-title' }, 'Title'), title),
    h('div', { class: 'field' }, h('label', { for: 'new-list-policy' }, 'When edits collide'), policy),
    h('div', { class: 'field' }, h('label', { for: 'new-list-id' }, 'Address (optional)'), listId),
    h('button', { type: 'submit', class: 'create-list' }, 'Create list'),
    error);

  const invalid = (input: HTMLInputElement, message: string) => {
    error.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  };
  form.addEventListener('submit', e => {
    e.preventDefault();
    title.removeAttribute('aria-invalid');
    listId.removeAttribute('aria-invalid');
    const t = title.value.trim();
    if (t === '') return invalid(title, 'Title: give the list a name.');
    const given = listId.value.trim();
    if (given !== '' && !isId(given)) return invalid(listId, 'Address: 1 to 64 letters, digits, “-” or “_”.');
    const id = given || deriveListId(t);
    error.textContent = '';
    sync.createList(id, t, policy.value as Policy).then(() => ctx.navigate(listPath(id)), err => ctx.report(err));
  });

  const lists = h('ul', { class: 'lists' });
  const empty = h('p', { class: 'lists-empty', hidden: true }, 'No lists yet: create one above, or ask someone to share theirs.');
  let request = 0;
  const refresh = () => {
    const mine = ++request;
    sync.lists().then(all => {
      if (mine !== request) return;
      const sorted = sortLists(all);
      empty.hidden = sorted.length > 0;
      lists.replaceChildren(...sorted.map(l => h('li', { 'data-list-id': l.listId },
        h('a', { href: listPath(l.listId) }, l.title || l.listId),
        h('span', { class: 'role', 'data-role': l.role ?? 'local' }, l.role ?? 'not synced yet'))));
    }, err => ctx.report(err));
  };
  refresh();
  const rejections = rejectionsView(sync, null);
  // lists shared with the user arrive with no event of theirs (the stream carries only lists the device holds):
  // read again when the sync is back online, when the tab is shown again, and every 30 s while the page is shown
  let connection = sync.status().connection;
  const unsubscribe = sync.subscribe(e => {
    if (e.kind === 'lists' || e.kind === 'removed') refresh();
    else if (e.kind === 'status') {
      const now = sync.status().connection;
      if (now === 'online' && connection !== 'online') refresh();
      connection = now;
    }
  });
  const onVisible = () => { if (document.visibilityState === 'visible') refresh(); };
  document.addEventListener('visibilitychange', onVisible);
  const timer = setInterval(() => { if (document.visibilityState === 'visible') refresh(); }, SHARED_LISTS_RECHECK_MS);

  const element = h('section', { class: 'page home-page' }, heading, form,
    h('section', { class: 'my-lists', 'aria-labelledby': 'my-lists-heading' },
      h('h2', { id: 'my-lists-heading' }, 'Lists'), lists, empty),
    rejections.element);
  return { element, focusTarget: heading, dispose() {
    request++;
    unsubscribe();
    rejections.dispose();
    document.removeEventListener('visibilitychange', onVisible);
    clearInterval(timer);
  } };
}
