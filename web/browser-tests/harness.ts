// What every browser test shares: the stack's addresses (from the environment BrowserIT sets), real Chromium
// through playwright-core (never a downloaded browser), polling with deadlines, screenshots, API calls.
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: the browser tests run from e2e-tests' BrowserIT, which sets it`);
  }
  return value.replace(/\/$/, '');
}

export const stack = {
  webUrl: required('WEB_URL'),
  gatewayUrl: required('GATEWAY_URL'),
  queryUrl: required('QUERY_URL'),
  issuerUrl: required('ISSUER_URL'),
};

const screenshotDir = process.env.SCREENSHOT_DIR || 'target/screenshots';

/** Debian's chromium (CHROMIUM_PATH, else /usr/bin/chromium), headless, with nothing downloaded. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
    timeout: 60_000,
  });
}

/**
 * A new browser context (a profile of its own: storage, service workers, cookies). tsx compiles these tests
 * with esbuild's keepNames, which wraps named functions in a `__name(...)` call; the functions given to
 * page.evaluate run in the page, so the page gets a do-nothing `__name` first.
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}, name = 'page'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, ...options });
  // the pages' warnings and errors go to the test output: what a failure needs to be understood
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        console.log(`# [${name} console.${message.type()}] ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => console.log(`# [${name} page error] ${error.message}`));
  });
  await context.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
  return context;
}

/** Writes SCREENSHOT_DIR/NAME.png (full page). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs` naming `what`
 * and the last value or error seen.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) {
        return value as T;
      }
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    }
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}

/** An access token of a development user, by the issuer's password grant (the CLI client): for API checks. */
export async function apiToken(user: string): Promise<string> {
  const res = await fetch(`${stack.issuerUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'offline-sync-cli', username: user,
      password: user, scope: 'openid profile' }),
  });
  const body = await res.json() as { access_token?: string };
  if (!res.ok || !body.access_token) {
    throw new Error(`the issuer refused a token for ${user}: ${res.status} ${JSON.stringify(body)}`);
  }
  return body.access_token;
}

/** GET on the query-api with a token; the parsed body and status. */
export async function queryGet<T = unknown>(path: string, token: string): Promise<{ status: number; body: T }> {
  const res = await fetch(stack.queryUrl + path, { headers: { Authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Signs a page in on the issuer's login form (a development user's password is its name). */
export async function fillIssuerLogin(page: Page, user: string): Promise<void> {
  await page.waitForSelector('input[name=username]', { timeout: 20_000 });
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', user);
  await Promise.all([page.waitForURL((url) => !url.href.startsWith(stack.issuerUrl), { timeout: 20_000 }),
    page.click('button[type=submit], input[type=submit]')]);
}
