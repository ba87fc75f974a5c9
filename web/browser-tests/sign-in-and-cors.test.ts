// In real Chromium: a page on the web origin signs in through the issuer's login form (authorization code with
// PKCE, the public client offline-sync-web) and calls the query-api and the gateway with the token cross-origin.
// It proves the issuer's redirect and CORS and the services' CORS for the web origin, independently of the app:
// the redirect to /callback is answered by the test itself, so the app's own callback cannot take the code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { fillIssuerLogin, launchChromium, newContext, screenshot, stack, waitFor } from './harness.ts';

let browser: Browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test('PKCE sign-in on the issuer page, then the query-api and the gateway answer the page cross-origin', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.route(`${stack.webUrl}/callback**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>callback</title><p>signed in</p>' }));

  // the origin's config, as the app reads it
  await page.goto(`${stack.webUrl}/config.json`);
  const config = await page.evaluate(async () => (await fetch('/config.json')).json()) as Record<string, string>;
  assert.deepEqual(config, { gatewayUrl: stack.gatewayUrl, queryUrl: stack.queryUrl, issuerUrl: stack.issuerUrl,
    clientId: 'offline-sync-web', redirectUri: `${stack.webUrl}/callback` });

  // PKCE: the verifier stays in the page's session storage, the challenge goes to the issuer
  const authorize = await page.evaluate(async ({ issuerUrl, clientId, redirectUri }) => {
    const random = (n: number) => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(n))))
      .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const verifier = random(48);
    const state = random(16);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const challenge = btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    sessionStorage.setItem('pkce', JSON.stringify({ verifier, state }));
    const params = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri,
      scope: 'openid profile', state, code_challenge: challenge, code_challenge_method: 'S256' });
    return `${issuerUrl}/oauth2/authorize?${params}`;
  }, config);

  await page.goto(authorize);
  assert.ok(page.url().startsWith(stack.issuerUrl), `the issuer's login page, was ${page.url()}`);
  await page.fill('input[name=username]', 'ann');
  await screenshot(page, 'sign-in-issuer-login');
  await fillIssuerLogin(page, 'ann');
  assert.ok(page.url().startsWith(`${stack.webUrl}/callback?`), `back on the web origin's callback, was ${page.url()}`);

  // the code for a token: a cross-origin POST to the issuer's token endpoint (the issuer's CORS)
  const token = await page.evaluate(async ({ issuerUrl, clientId, redirectUri }) => {
    const { verifier, state } = JSON.parse(sessionStorage.getItem('pkce')!);
    const query = new URLSearchParams(location.search);
    if (query.get('state') !== state) throw new Error(`state mismatch: ${location.search}`);
    const res = await fetch(`${issuerUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: query.get('code')!, redirect_uri: redirectUri,
        client_id: clientId, code_verifier: verifier }),
    });
    const body = await res.json();
    if (!res.ok) throw new Error(`token endpoint: ${res.status} ${JSON.stringify(body)}`);
    return body.access_token as string;
  }, config);
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  assert.equal(claims.sub, 'ann');

  // the gateway and the query-api, cross-origin with the bearer header (a CORS preflight each)
  const listId = `browser-cors-${Date.now()}`;
  const push = await page.evaluate(async ({ gatewayUrl, listId, token }) => {
    const res = await fetch(`${gatewayUrl}/v1/lists/${listId}/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ clientId: 'ann-browser', events: [{ eventId: crypto.randomUUID(), clientSeq: 1,
        type: 'ListCreated', at: { ms: Date.now(), n: 0 }, title: 'From the browser', policy: 'lww' }] }),
    });
    return { status: res.status, body: await res.json() };
  }, { gatewayUrl: stack.gatewayUrl, listId, token });
  assert.equal(push.status, 202, JSON.stringify(push.body));
  assert.equal(push.body.accepted, 1);

  const lists = await waitFor('the new list in the query-api\'s GET /v1/lists, read by the page', async () => {
    const answer = await page.evaluate(async ({ queryUrl, token }) => {
      const res = await fetch(`${queryUrl}/v1/lists?limit=100`, { headers: { Authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.json() };
    }, { queryUrl: stack.queryUrl, token });
    assert.equal(answer.status, 200);
    const found = answer.body.lists.find((l: { listId: string }) => l.listId === listId);
    return found ?? undefined;
  });
  assert.equal(lists.role, 'owner');
  await screenshot(page, 'sign-in-callback');

  // without the token the services still answer the page (CORS on the 401 too), and refuse
  const anonymous = await page.evaluate(async (queryUrl) => (await fetch(`${queryUrl}/v1/lists`)).status, stack.queryUrl);
  assert.equal(anonymous, 401);
  await context.close();
});
