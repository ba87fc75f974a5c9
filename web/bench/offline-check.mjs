// Tries the built app (dist/, served by serve.mjs) on the real SDK without the stack, in real Chromium: a session is
// planted in localStorage (the SDK's key; the services are unreachable, so the token is never checked), a list is
// created and edited with no server, then the page reloads offline: the service worker serves the shell and the
// SDK's IndexedDB still holds the edits, pending. A manual check, not a test.
//
//   npm run build && node bench/offline-check.mjs      (from web/)
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CHROMIUM_ARGS } from './bench-server.mjs';

const port = 18000 + Math.floor(Math.random() * 1000);
const serve = spawn(process.execPath, [new URL('../serve.mjs', import.meta.url).pathname],
  { env: { ...process.env, WEB_PORT: String(port), GATEWAY_URL: 'http://127.0.0.1:9', QUERY_URL: 'http://127.0.0.1:9', ISSUER_URL: 'http://127.0.0.1:9' }, stdio: 'ignore' });
const base = `http://localhost:${port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  for (let i = 0; ; i++) {
    try { if ((await fetch(base + '/health')).ok) break; } catch { /* not up yet */ }
    if (i > 50) throw new Error('serve.mjs did not start');
    await new Promise(r => setTimeout(r, 100));
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + '/');
  await page.evaluate(() => localStorage.setItem('offline-sync:session', JSON.stringify(
    { accessToken: 'not-checked', refreshToken: null, expiresAt: Date.now() + 3600e3, user: 'ann' })));
  await page.reload();
  await page.waitForSelector('form.new-list');
  assert.equal(await page.textContent('.user'), 'ann');
  await page.fill('form.new-list input[name=title]', 'Groceries');
  await page.click('form.new-list button[type=submit]');
  await page.waitForURL(/\/lists\/groceries-[a-z0-9]{6}$/);
  for (const t of ['milk', 'bread']) { await page.fill('.new-todo', t); await page.press('.new-todo', 'Enter'); }
  await page.waitForFunction(() => document.querySelectorAll('.todo-list li').length === 2);
  await page.click('.todo-list li:nth-child(1) .toggle');
  await page.waitForFunction(() => document.querySelectorAll('.todo-list li.completed').length === 1);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('.todo-list li').length === 2, null, { timeout: 20000 });
  assert.deepEqual(await page.$$eval('.todo-list li', ls => ls.map(l => [l.textContent, l.classList.contains('completed')])),
    [['milk', true], ['bread', false]]);
  await page.waitForFunction(() => document.querySelector('.pending-count')?.textContent === '4');
  const t0 = Date.now();
  await page.waitForSelector('.sync-status[data-connection=offline]', { timeout: 30000 });
  console.log(`ok: offline reload kept the list and its 4 pending edits; the status says offline after ${Date.now() - t0} ms`);
} finally {
  await browser.close();
  serve.kill();
}
