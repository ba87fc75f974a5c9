/** The shell: the top bar (user, sign-out, sync status), the error banner, and the page for the current address. */
import type { Auth, Sync } from '../sdk/api.ts';
import { NotSignedIn } from '../sdk/index.ts';
import type { AppContext, Page } from './context.ts';
import { h } from './dom.ts';
import { parseRoute } from './router.ts';
import { statusIndicator } from './components/status-indicator.ts';
import { callbackPage } from './pages/callback.ts';
import { homePage } from './pages/home.ts';
import { listPage, type ListPageOptions } from './pages/list.ts';
import { notFoundPage } from './pages/not-found.ts';
import { signInPage } from './pages/sign-in.ts';

export interface AppDeps { auth: Auth; sync: Sync | null; listOptions?: ListPageOptions }

export interface App { stop(): void }

export function startApp(root: HTMLElement, deps: AppDeps): App {
  const { auth, sync } = deps;
  const errorText = h('span', {});
  // the session ended (refresh refused, or signed out in another tab): the way back is signing in again
  const signInAgain = h('button', { type: 'button', class: 'sign-in-again', hidden: true,
    onclick: () => { auth.signIn(location.pathname + location.search + location.hash).catch(report); } }, 'Sign in again');
  const errorBanner = h('div', { class: 'app-error', role: 'alert', hidden: true }, errorText, signInAgain,
    h('button', { type: 'button', class: 'dismiss', onclick: () => { errorBanner.hidden = true; } }, 'Dismiss'));
  const bar = h('header', { class: 'app-bar' }, h('a', { href: '/', class: 'brand' }, 'Todos'));
  const status = sync ? statusIndicator(sync) : null;
  if (status) bar.append(status.element);
  if (auth.user) {
    const signOut = h('button', { type: 'button', class: 'sign-out' }, 'Sign out');
    signOut.addEventListener('click', async () => {
      signOut.disabled = true;
      try { await sync?.stop(); await auth.signOut(); location.assign('/'); }
      catch (err) { signOut.disabled = false; report(err); }
    });
    bar.append(h('span', { class: 'who' }, h('span', { class: 'visually-hidden' }, 'Signed in as '),
      h('span', { class: 'user' }, auth.user)), signOut);
  }
  const main = h('main', { id: 'page', tabindex: -1 });
  // a button, not a `#page` link: the hash holds the list filter
  const skip = h('button', { type: 'button', class: 'skip-link', onclick: () => main.focus() }, 'Skip to content');
  root.replaceChildren(skip, bar, errorBanner, main);

  function report(error: unknown): void {
    console.error(error);
    errorText.textContent = error instanceof Error ? error.message : String(error);
    signInAgain.hidden = !(error instanceof NotSignedIn);
    errorBanner.hidden = false;
  }

  let page: Page | null = null;
  const ctx: AppContext = { auth, sync, navigate, report };

  function pageFor(): Page {
    const route = parseRoute(location.pathname);
    if (route.page === 'callback') return callbackPage(ctx);
    if (route.page === 'not-found') return notFoundPage(route.path);
    if (!auth.user || !sync) return signInPage(ctx, location.pathname + location.search + location.hash);
    if (route.page === 'list') return listPage(ctx, sync, route.listId, deps.listOptions);
    document.title = 'Todos';
    return homePage(ctx, sync);
  }

  function show(focus: boolean): void {
    page?.dispose();
    page = pageFor();
    main.replaceChildren(page.element);
    if (focus) page.focusTarget?.focus();
  }

  function navigate(path: string): void {
    if (path !== location.pathname + location.hash) history.pushState(null, '', path);
    show(true);
  }

  // links inside the app change the page without a reload; hash-only links are the list filters
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || (url.pathname === location.pathname && url.hash)) return;
    e.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  };
  const onPop = () => show(true);
  const onHash = () => page?.onHash?.();
  document.addEventListener('click', onClick);
  addEventListener('popstate', onPop);
  addEventListener('hashchange', onHash);
  show(true);

  return {
    stop() {
      document.removeEventListener('click', onClick);
      removeEventListener('popstate', onPop);
      removeEventListener('hashchange', onHash);
      page?.dispose();
      status?.dispose();
    },
  };
}
