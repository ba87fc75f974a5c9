/** The app's addresses: pure parsing and formatting, no DOM (tested in test/app/router.test.ts). */

export type Route =
  | { page: 'home' }
  | { page: 'list'; listId: string }
  | { page: 'callback' }
  | { page: 'not-found'; path: string };

export type Filter = 'all' | 'active' | 'completed';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The page for a path; a list address whose id breaks the protocol's id pattern is not found. */
export function parseRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '' || path === '/index.html' || path === '/lists') return { page: 'home' };
  if (path === '/callback') return { page: 'callback' };
  const list = /^\/lists\/([^/]+)$/.exec(path);
  if (list) {
    let listId: string;
    try { listId = decodeURIComponent(list[1]!); } catch { return { page: 'not-found', path }; }
    if (ID.test(listId)) return { page: 'list', listId };
  }
  return { page: 'not-found', path };
}

export function listPath(listId: string): string {
  return `/lists/${encodeURIComponent(listId)}`;
}

/** TodoMVC's filters live in the hash: `#/`, `#/active`, `#/completed`; anything else shows all. */
export function parseFilter(hash: string): Filter {
  const h = hash.replace(/^#/, '');
  if (h === '/active') return 'active';
  if (h === '/completed') return 'completed';
  return 'all';
}

export function filterHash(filter: Filter): string {
  return filter === 'all' ? '#/' : `#/${filter}`;
}

/** Only same-app paths are followed after sign-in, so a crafted `returnTo` cannot send the user away. */
export function safeReturnPath(target: string | null | undefined): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.includes('\\')) return '/';
  return target;
}
