/** How the service worker answers a request: pure, so it is tested without a browser (test/app/sw-strategy.test.ts). */

export type Strategy =
  /** not ours to answer: other origins (the gateway, query-api, the issuer), non-GET, /health */
  | 'pass'
  /** /config.json: the network first (a new deploy may move the services), the cached copy offline */
  | 'network-first'
  /** one of the app's addresses: the cached index.html (the page routes itself) */
  | 'app-page'
  /** the shell's files: the cache first, the network for anything not cached */
  | 'cache-first';

export const SHELL = ['/index.html', '/app.js', '/app.css', '/manifest.webmanifest', '/icon.svg'] as const;
export const CONFIG = '/config.json';
export const CACHE_PREFIX = 'offline-sync-shell-';

export function isAppAddress(path: string): boolean {
  return path === '/' || path === '/callback' || path === '/lists' || path.startsWith('/lists/');
}

export function strategyFor(url: URL, method: string, origin: string): Strategy {
  if (method !== 'GET' || url.origin !== origin) return 'pass';
  if (url.pathname === CONFIG) return 'network-first';
  if (isAppAddress(url.pathname)) return 'app-page';
  if (url.pathname === '/health' || url.pathname === '/sw.js') return 'pass';
  return 'cache-first';
}

/** The caches an activating worker deletes: this app's shells of other builds, nobody else's caches. */
export function staleCaches(names: readonly string[], current: string): string[] {
  return names.filter(n => n.startsWith(CACHE_PREFIX) && n !== current);
}
