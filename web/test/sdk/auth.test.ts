import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { createAuth, NotSignedIn } from '../../src/sdk/index.ts';
import type { Fetch } from '../../src/sdk/net/sync-http.ts';
import { config } from './support/harness.ts';

class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem(k: string) { return this.map.get(k) ?? null; }
  setItem(k: string, v: string) { this.map.set(k, v); }
  removeItem(k: string) { this.map.delete(k); }
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** A fake issuer: discovery, and a token endpoint that checks PKCE and rotates refresh tokens. */
class FakeIssuer {
  readonly codes = new Map<string, { challenge: string; redirectUri: string; user: string }>();
  readonly liveRefresh = new Set<string>();
  readonly tokenForms: URLSearchParams[] = [];
  issued = 0;
  expiresIn = 3600;

  /** What the issuer's login page does: remembers the challenge and sends the browser back with a code. */
  login(authorizeUrl: string, user: string): string {
    const q = new URL(authorizeUrl).searchParams;
    assert.equal(q.get('response_type'), 'code');
    assert.equal(q.get('client_id'), 'offline-sync-web');
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.equal(q.get('scope'), 'openid profile');
    const code = `code-${++this.issued}`;
    this.codes.set(code, { challenge: q.get('code_challenge')!, redirectUri: q.get('redirect_uri')!, user });
    return `${q.get('redirect_uri')}?code=${code}&state=${encodeURIComponent(q.get('state')!)}`;
  }

  readonly fetch: Fetch = async (input, init) => {
    if (input.endsWith('/.well-known/openid-configuration')) {
      return Response.json({ issuer: config.issuerUrl, authorization_endpoint: `${config.issuerUrl}/oauth2/authorize`,
        token_endpoint: `${config.issuerUrl}/oauth2/token` });
    }
    assert.equal(input, `${config.issuerUrl}/oauth2/token`);
    const form = new URLSearchParams(init!.body as string);
    this.tokenForms.push(form);
    let user: string;
    if (form.get('grant_type') === 'authorization_code') {
      const grant = this.codes.get(form.get('code')!);
      this.codes.delete(form.get('code')!);
      const challenge = b64url(createHash('sha256').update(form.get('code_verifier') ?? '').digest());
      if (!grant || grant.challenge !== challenge || grant.redirectUri !== form.get('redirect_uri')) {
        return Response.json({ error: 'invalid_grant' }, { status: 400 });
      }
      user = grant.user;
    } else {
      const token = form.get('refresh_token')!;
      if (!this.liveRefresh.delete(token)) return Response.json({ error: 'invalid_grant' }, { status: 400 });
      user = token.split(':')[0]!;
    }
    const refresh = `${user}:${++this.issued}`;
    this.liveRefresh.add(refresh);
    const jwt = `${b64url('{"alg":"none"}')}.${b64url(JSON.stringify({ sub: user, n: this.issued }))}.sig`;
    return Response.json({ access_token: jwt, token_type: 'Bearer', expires_in: this.expiresIn, refresh_token: refresh });
  };
}

function setUp(now = () => Date.now()) {
  const issuer = new FakeIssuer();
  const storage = new MemoryStorage();
  let went = '';
  const auth = createAuth(config, { storage, fetch: issuer.fetch, navigate: (u) => { went = u; }, locks: null, now });
  return { issuer, storage, auth, went: () => went };
}

test('sign-in: authorization code with PKCE S256, the state checked, the session stored', async () => {
  const { issuer, storage, auth, went } = setUp();
  assert.equal(auth.user, null);
  await auth.signIn('/lists/groceries');
  const q = new URL(went()).searchParams;
  const flight = JSON.parse(storage.getItem('offline-sync:sign-in')!) as { verifier: string; state: string };
  assert.ok(flight.verifier.length >= 43, 'RFC 7636: at least 43 characters');
  assert.equal(q.get('code_challenge'), b64url(createHash('sha256').update(flight.verifier).digest()));
  assert.equal(q.get('state'), flight.state);

  const back = await auth.completeSignIn(issuer.login(went(), 'ann'));
  assert.equal(back, '/lists/groceries');
  assert.equal(auth.user, 'ann');
  assert.equal(issuer.tokenForms[0]!.get('code_verifier'), flight.verifier);
  assert.match(await auth.accessToken(), /^[\w-]+\.[\w-]+\.sig$/);
  assert.equal(storage.getItem('offline-sync:sign-in'), null, 'the sign-in in flight is used once');
});

test('a callback whose state differs is refused, and no token is asked for', async () => {
  const { issuer, auth, went } = setUp();
  await auth.signIn('/');
  const callback = issuer.login(went(), 'ann').replace(/state=[^&]+/, 'state=forged');
  await assert.rejects(auth.completeSignIn(callback), /state differs/);
  assert.equal(issuer.tokenForms.length, 0);
  assert.equal(auth.user, null);
});

test('a token close to expiry is refreshed with the rotating refresh token; a spent one signs out', async () => {
  let clock = 1_000_000;
  const { issuer, storage, auth, went } = setUp(() => clock);
  await auth.signIn('/');
  await auth.completeSignIn(issuer.login(went(), 'ann'));
  const first = await auth.accessToken();
  clock += 3600_000 - 30_000; // 30 s before expiry: refresh first
  const [second, same] = await Promise.all([auth.accessToken(), auth.accessToken()]);
  assert.notEqual(second, first);
  assert.equal(same, second, 'one refresh at a time');
  assert.equal(issuer.tokenForms.filter((f) => f.get('grant_type') === 'refresh_token').length, 1);

  issuer.liveRefresh.clear(); // the issuer forgot it (restart): the session is over
  clock += 3600_000;
  await assert.rejects(auth.accessToken(), NotSignedIn);
  assert.equal(auth.user, null);
  assert.equal(storage.getItem('offline-sync:session'), null);
});

test('sign-out forgets the session', async () => {
  const { issuer, auth, went } = setUp();
  await auth.signIn('/');
  await auth.completeSignIn(issuer.login(went(), 'bob'));
  assert.equal(auth.user, 'bob');
  await auth.signOut();
  assert.equal(auth.user, null);
  await assert.rejects(auth.accessToken(), NotSignedIn);
});
