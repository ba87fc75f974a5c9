/**
 * The service worker: keeps the app shell and /config.json in a cache named after the build, so the page opens
 * with no network at all. Never touches API calls (other origins): the SDK owns those and its IndexedDB.
 */
import { CACHE_PREFIX, CONFIG, SHELL, staleCaches, strategyFor } from './sw-strategy.ts';

declare const self: ServiceWorkerGlobalScope;
/** replaced by build.mjs with a hash of the built shell: a new build is a new cache */
declare const __BUILD_ID__: string;

const CACHE = CACHE_PREFIX + (typeof __BUILD_ID__ === 'string' ? __BUILD_ID__ : 'dev');

self.addEventListener('install', event => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // 'reload' skips the HTTP cache, where the previous build's files may still be fresh for an hour
    await cache.addAll(SHELL.map(path => new Request(path, { cache: 'reload' })));
    await fetch(CONFIG, { cache: 'reload' }).then(res => res.ok ? cache.put(CONFIG, res) : undefined).catch(() => undefined);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', event => {
  event.waitUntil((async () => {
    await Promise.all(staleCaches(await caches.keys(), CACHE).map(name => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', event => {
  const request = event.request;
  const url = new URL(request.url);
  const strategy = strategyFor(url, request.method, self.location.origin);
  if (strategy === 'pass') return;
  if (strategy === 'network-first') event.respondWith(networkFirst(request));
  else if (strategy === 'app-page') event.respondWith(cacheFirst(new Request('/index.html'), request));
  else event.respondWith(cacheFirst(request, request));
});

async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request, { cache: 'no-cache' });
    if (response.ok) await cache.put(CONFIG, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(CONFIG);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(key: Request, request: Request): Promise<Response> {
  const cached = await caches.match(key, { cacheName: CACHE });
  if (cached) return cached;
  return fetch(request);
}
