// serve.mjs as a child process over a dist folder of its own: routes, content types, caching, config, SIGTERM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serveScript = fileURLToPath(new URL('../../serve.mjs', import.meta.url));
let dist: string;
let child: ChildProcess;
let base: string;

before(async () => {
  dist = mkdtempSync(join(tmpdir(), 'serve-test-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(dist, 'app.js'), 'console.log(1);');
  writeFileSync(join(dist, 'app.css'), 'body{}');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'assets', 'chunk-3F2A9C1B.js'), 'export {};');
  child = spawn(process.execPath, [serveScript], {
    env: { ...process.env, WEB_PORT: '0', WEB_HOST: '127.0.0.1', WEB_DIST: dist, WEB_PUBLIC_URL: 'http://app.test:9999/',
      GATEWAY_URL: 'http://gw.test:1', QUERY_URL: 'http://q.test:2', ISSUER_URL: 'http://iss.test:3', WEB_PROJECTION: 'v3' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  base = await new Promise<string>((resolvePort, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start: ${out}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const match = /serving .* on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePort(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve.mjs exited (${code}): ${out}`)));
  });
});

after(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dist, { recursive: true, force: true });
});

test('/config.json comes from the environment, redirectUri from WEB_PUBLIC_URL, projection from WEB_PROJECTION', async () => {
  const res = await fetch(`${base}/config.json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^application\/json/);
  assert.deepEqual(await res.json(), {
    gatewayUrl: 'http://gw.test:1', queryUrl: 'http://q.test:2', issuerUrl: 'http://iss.test:3',
    clientId: 'offline-sync-web', redirectUri: 'http://app.test:9999/callback', projection: 'v3',
  });
});

test('the app routes answer index.html, not cached without revalidation', async () => {
  for (const path of ['/', '/callback', '/lists/groceries-1', '/lists/a%20b?x=1#/active']) {
    const res = await fetch(base + path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8', path);
    assert.equal(res.headers.get('cache-control'), 'no-cache', path);
    assert.match(await res.text(), /<title>app<\/title>/);
  }
});

test('files get their content type; sw.js no-cache, hashed names immutable, others an hour', async () => {
  const sw = await fetch(`${base}/sw.js`);
  assert.equal(sw.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(sw.headers.get('cache-control'), 'no-cache');
  const css = await fetch(`${base}/app.css`);
  assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
  assert.equal(css.headers.get('cache-control'), 'public, max-age=3600');
  const hashed = await fetch(`${base}/assets/chunk-3F2A9C1B.js`);
  assert.equal(hashed.status, 200);
  assert.equal(hashed.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const again = await fetch(`${base}/app.js`, { headers: { 'if-none-match': (await fetch(`${base}/app.js`)).headers.get('etag')! } });
  assert.equal(again.status, 304);
});

test('unknown files and paths outside dist are 404, other methods 405', async () => {
  assert.equal((await fetch(`${base}/nope.js`)).status, 404);
  assert.equal((await fetch(`${base}/..%2f..%2fetc%2fpasswd`)).status, 404);
  assert.equal((await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd`)).status, 404);
  assert.equal((await fetch(`${base}/`, { method: 'POST' })).status, 405);
});

test('/health is UP when dist has index.html', async () => {
  const res = await fetch(`${base}/health`);
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { status: string }).status, 'UP');
});

test('SIGTERM stops it cleanly (exit code 0)', async () => {
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});
