/**
 * `/lists/{listId}`: one list as TodoMVC (filters in the hash) plus sharing, history, conflicts and refused edits.
 * Every change of the list arrives as a SyncEvent; renders are coalesced to one per animation frame.
 */
import type { ListView, Role, Sync } from '../../sdk/api.ts';
import type { AppContext, Page } from '../context.ts';
import { frameScheduler, h } from '../dom.ts';
import { filterHash, parseFilter, type Filter } from '../router.ts';
import { canEdit, canShare } from '../roles.ts';
import { activeCount, allCompleted, hasCompleted, itemsLeftLabel, newTitle, toggleAllTargets, visibleItems } from '../todos.ts';
import { archivedView } from '../components/archived.ts';
import { historyPanel } from '../components/history-panel.ts';
import { archivedItems } from '../projection.ts';
import { listTitle } from '../components/list-title.ts';
import { membersView } from '../components/members.ts';
import { mismatchWarning } from '../components/mismatch-warning.ts';
import { rejectionsView } from '../components/rejections.ts';
import { shareForm } from '../components/share-form.ts';
import { todoList } from '../components/todo-list.ts';

const FILTERS: Array<[Filter, string]> = [['all', 'All'], ['active', 'Active'], ['completed', 'Completed']];

export interface ListPageOptions { schedule?: (cb: () => void) => void; onRender?: (view: ListView) => void }

export function listPage(ctx: AppContext, sync: Sync, listId: string, options: ListPageOptions = {}): Page {
  const act = (p: Promise<unknown>) => { p.catch(err => ctx.report(err)); };
  const user = ctx.auth.user;

  // ---- TodoMVC ----
  const title = listTitle(t => act(sync.renameList(listId, t)));
  title.heading.textContent = listId;
  const newTodo = h('input', { class: 'new-todo', placeholder: 'What needs to be done?', autocomplete: 'off',
    'aria-label': 'New todo', maxlength: 500 });
  newTodo.addEventListener('keydown', e => {
    if (e.key !== 'Enter' || e.isComposing) return;
    const t = newTitle(newTodo.value);
    if (t === null) return;
    newTodo.value = '';
    act(sync.addItem(listId, t));
  });
  const history = historyPanel(sync, listId);
  const items = todoList({
    toggle: (itemId, completed) => act(sync.setCompleted(listId, itemId, completed)),
    rename: (itemId, t) => act(sync.renameItem(listId, itemId, t)),
    destroy: itemId => { focusAfterRemoving(itemId); act(sync.deleteItem(listId, itemId)); },
    resolve: (itemId, register, value) => act(sync.resolve(listId, itemId, register, value)),
    history: (itemId, t, opener) => history.open(itemId, t, opener),
  });
  // keyboard users stay in the list: the focus goes to the next row (or the one before), else to the new-todo field
  function focusAfterRemoving(itemId: string): void {
    const li = items.element.querySelector(`li[data-item-id="${CSS.escape(itemId)}"]`);
    const neighbour = li?.nextElementSibling ?? li?.previousElementSibling;
    const target = neighbour?.querySelector<HTMLElement>('label') ?? newTodo;
    target.focus({ preventScroll: true });
  }
  const toggleAll = h('input', { id: 'toggle-all', class: 'toggle-all', type: 'checkbox' });
  toggleAll.addEventListener('change', () => {
    const v = sync.view(listId);
    if (!v) return;
    const { completed, itemIds } = toggleAllTargets(v.items);
    for (const itemId of itemIds) act(sync.setCompleted(listId, itemId, completed));
  });
  const main = h('section', { class: 'main' }, toggleAll, h('label', { for: 'toggle-all' }, 'Mark all as complete'), items.element);

  const countNumber = h('strong', {}, '0');
  const countWords = h('span', {}, ' items left');
  const links = FILTERS.map(([filter, text]) => h('a', { href: filterHash(filter), 'data-filter': filter }, text));
  const clearCompleted = h('button', { type: 'button', class: 'clear-completed' }, 'Clear completed');
  clearCompleted.addEventListener('click', () => {
    const v = sync.view(listId);
    if (!v) return;
    for (const item of v.items) if (item.completed) act(sync.deleteItem(listId, item.itemId));
    newTodo.focus();
  });
  const footer = h('footer', { class: 'footer' },
    h('span', { class: 'todo-count', 'aria-live': 'polite' }, countNumber, countWords),
    h('ul', { class: 'filters', 'aria-label': 'Show' }, ...links.map(a => h('li', {}, a))),
    clearCompleted);
  main.hidden = true;
  footer.hidden = true;
  const todoapp = h('section', { class: 'todoapp' },
    h('header', { class: 'header' }, title.element, newTodo), main, footer);

  // ---- what the platform adds ----
  const notice = h('p', { class: 'list-notice', role: 'status', hidden: true });
  const warnings = h('div', { class: 'warnings' });
  const rejections = rejectionsView(sync, listId);
  const members = membersView({
    setRole: (member, role) => act(sync.share(listId, member, role)),
    remove: member => act(sync.unshare(listId, member)),
  });
  const share = shareForm((member: string, role: Role) => sync.share(listId, member, role));
  const archived = archivedView();
  const sharing = h('aside', { class: 'sharing', 'aria-label': 'Sharing' }, h('h2', {}, 'Sharing'), members.element, share.element);
  const element = h('section', { class: 'page list-page', 'data-list-id': listId },
    h('nav', { class: 'crumbs' }, h('a', { href: '/', class: 'back' }, '← Your lists')),
    warnings, notice, todoapp, archived.element, history.element, rejections.element, sharing);

  const showNotice = (text: string | null) => { notice.hidden = text === null; notice.textContent = text ?? ''; };

  const render = () => {
    const v = sync.view(listId);
    if (!v) return;
    todoapp.hidden = false;
    sharing.hidden = false;
    const editable = canEdit(v.role);
    const filter = parseFilter(location.hash);
    title.render(v.title, editable);
    document.title = `${v.title} · Todos`;
    todoapp.dataset.policy = v.policy;
    newTodo.disabled = !editable;
    items.render(visibleItems(v.items, filter), editable);
    const any = v.items.length > 0;
    main.hidden = !any;
    footer.hidden = !any;
    toggleAll.checked = allCompleted(v.items);
    toggleAll.disabled = !editable;
    const active = activeCount(v.items);
    countNumber.textContent = String(active);
    countWords.textContent = ` ${itemsLeftLabel(active)}`;
    for (const a of links) {
      const selected = a.dataset.filter === filter;
      a.classList.toggle('selected', selected);
      if (selected) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    clearCompleted.hidden = !hasCompleted(v.items) || !editable;
    archived.render(archivedItems(sync.derive(listId)?.view));
    members.render(v.members, user, canShare(v.role) && v.role !== null);
    share.setEnabled(canShare(v.role));
    showNotice(v.role === 'viewer' ? 'You can read this list; its owner has not given you edit rights.' : null);
    options.onRender?.(v);
  };
  const schedule = frameScheduler(render, options.schedule);

  const unsubscribe = sync.subscribe(e => {
    if (e.kind === 'list' && e.listId === listId) schedule();
    else if (e.kind === 'removed' && e.listId === listId) {
      todoapp.hidden = true;
      sharing.hidden = true;
      history.close();
      showNotice('You no longer have access to this list.');
    }
    else if (e.kind === 'mismatch' && e.mismatch.listId === listId) warnings.replaceChildren(mismatchWarning(e.mismatch));
  });
  if (sync.view(listId)) render();
  else showNotice('Loading…');
  sync.open(listId).then(v => {
    if (v) { render(); return; }
    if (!sync.view(listId)) {
      todoapp.hidden = true;
      sharing.hidden = true;
      showNotice(sync.status().connection === 'offline'
        ? 'This list is not on this device yet, and the server cannot be reached.'
        : 'No such list, or it is not shared with you.');
    }
  }, err => {
    ctx.report(err);
    if (!sync.view(listId)) showNotice(`Could not open the list: ${err instanceof Error ? err.message : String(err)}`);
  });

  return {
    element,
    focusTarget: newTodo,
    onHash: render,
    dispose() { unsubscribe(); rejections.dispose(); },
  };
}
