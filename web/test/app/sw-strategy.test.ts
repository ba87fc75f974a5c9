import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CACHE_PREFIX, staleCaches, strategyFor } from '../../src/sw-strategy.ts';

const origin = 'http://localhost:8085';
const at = (path: string, method = 'GET', base = origin) => strategyFor(new URL(path, base), method, origin);

test('API calls (other origins) and non-GET requests are never answered by the service worker', () => {
  assert.equal(at('/v1/lists', 'GET', 'http://localhost:8082'), 'pass');
  assert.equal(at('/v1/stream?lists=a:0', 'GET', 'http://localhost:8082'), 'pass');
  assert.equal(at('/token', 'POST', 'http://localhost:8084'), 'pass');
  assert.equal(at('/app.js', 'POST'), 'pass');
  assert.equal(at('/health'), 'pass');
  assert.equal(at('/sw.js'), 'pass');
});

test('config.json is network-first; the app\'s addresses are the cached page; its files are cache-first', () => {
  assert.equal(at('/config.json'), 'network-first');
  for (const path of ['/', '/lists/groceries', '/callback?code=x&state=y', '/lists']) assert.equal(at(path), 'app-page', path);
  for (const path of ['/app.js', '/app.css', '/index.html', '/icon.svg']) assert.equal(at(path), 'cache-first', path);
});

test('activation deletes the shells of other builds and nobody else\'s caches', () => {
  const current = CACHE_PREFIX + 'new';
  assert.deepEqual(staleCaches([CACHE_PREFIX + 'old', current, 'someone-else'], current), [CACHE_PREFIX + 'old']);
});

test('every file of the cached shell is built: public/ holds them, build.mjs writes app.js and hashes them all', async () => {
  const { existsSync, readFileSync } = await import('node:fs');
  const { SHELL } = await import('../../src/sw-strategy.ts');
  const build = readFileSync(new URL('../../build.mjs', import.meta.url), 'utf8');
  for (const path of SHELL) {
    const name = path.slice(1);
    if (name !== 'app.js') assert.ok(existsSync(new URL(`../../public/${name}`, import.meta.url)), `public/${name}`);
    assert.ok(build.includes(`'${name}'`), `build.mjs hashes ${name} into the cache name`);
  }
});
