/**
 * Sign-in with the platform's issuer: authorization code with PKCE (S256) for the public client
 * `offline-sync-web`, scopes `openid profile` (the issuer hands refresh tokens to the web client without
 * `offline_access`, which it does not know). The session (access token, rotating refresh token, expiry, user)
 * is kept in localStorage: every tab of the profile shares one session and it survives a browser restart;
 * the sign-in in flight (state, verifier, where to return) likewise, checked and removed by the callback.
 * A refresh is done by one tab at a time (Web Locks when there are any): refresh tokens rotate, so a second
 * tab refreshing with the spent one would sign the user out.
 */
import type { Auth, WebConfig } from '../api.ts';
import type { Fetch } from '../net/sync-http.ts';
import type { LockManagerLike } from '../tabs/leadership.ts';
import { codeChallenge, jwtClaims, randomToken } from './pkce.ts';

export interface KeyValueStorage { getItem(k: string): string | null; setItem(k: string, v: string): void; removeItem(k: string): void }

export interface AuthOptions {
  storage?: KeyValueStorage;
  fetch?: Fetch;
  /** sends the page away (the issuer's sign-in) */
  navigate?: (url: string) => void;
  locks?: LockManagerLike | null;
  now?: () => number;
  /** a token this close to its expiry is refreshed first */
  refreshEarlyMs?: number;
  /** the token claim holding the user id */
  userClaim?: string;
}

export const SCOPE = 'openid profile';
const SESSION = 'offline-sync:session';
const SIGN_IN = 'offline-sync:sign-in';

interface Session { accessToken: string; refreshToken: string | null; expiresAt: number; user: string }
interface SignInInFlight { state: string; verifier: string; returnTo: string }
interface Discovery { authorization_endpoint: string; token_endpoint: string }

export class NotSignedIn extends Error {}

export class OidcAuth implements Auth {
  private discovery: Promise<Discovery> | null = null;
  private refreshing: Promise<string> | null = null;
  private readonly storage: KeyValueStorage;
  private readonly fetcher: Fetch;
  private readonly now: () => number;

  constructor(private readonly config: WebConfig, private readonly options: AuthOptions = {}) {
    this.storage = options.storage ?? globalThis.localStorage;
    this.fetcher = options.fetch ?? ((i, init) => globalThis.fetch(i, init));
    this.now = options.now ?? Date.now;
  }

  get user(): string | null {
    return this.session()?.user ?? null;
  }

  async signIn(returnTo = '/'): Promise<void> {
    const { authorization_endpoint } = await this.discover();
    const flight: SignInInFlight = { state: randomToken(16), verifier: randomToken(32), returnTo };
    this.storage.setItem(SIGN_IN, JSON.stringify(flight));
    const url = new URL(authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code', client_id: this.config.clientId, redirect_uri: this.config.redirectUri, scope: SCOPE,
      state: flight.state, code_challenge: await codeChallenge(flight.verifier), code_challenge_method: 'S256',
    }).toString();
    (this.options.navigate ?? ((u) => globalThis.location.assign(u)))(url.toString());
  }

  async completeSignIn(callbackUrl: string): Promise<string> {
    const params = new URL(callbackUrl).searchParams;
    const raw = this.storage.getItem(SIGN_IN);
    this.storage.removeItem(SIGN_IN); // one use, whatever happens
    const flight = raw ? JSON.parse(raw) as SignInInFlight : null;
    if (!flight || params.get('state') !== flight.state) {
      throw new Error('the sign-in answer does not match a sign-in started here (state differs): start again');
    }
    const error = params.get('error');
    if (error) throw new Error(`the issuer refused the sign-in: ${params.get('error_description') ?? error}`);
    const code = params.get('code');
    if (!code) throw new Error('the sign-in answer carries no code');
    await this.tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: this.config.redirectUri,
      client_id: this.config.clientId, code_verifier: flight.verifier });
    return flight.returnTo;
  }

  async accessToken(): Promise<string> {
    const session = this.session();
    if (!session) throw new NotSignedIn('not signed in');
    if (session.expiresAt - this.now() > (this.options.refreshEarlyMs ?? 60_000)) return session.accessToken;
    this.refreshing ??= this.refresh(session).finally(() => { this.refreshing = null; });
    return this.refreshing;
  }

  async signOut(): Promise<void> {
    this.storage.removeItem(SESSION);
    this.storage.removeItem(SIGN_IN);
  }

  private async refresh(seen: Session): Promise<string> {
    const locks = this.options.locks === undefined ? (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks : this.options.locks;
    const work = async () => {
      const current = this.session();
      if (!current) throw new NotSignedIn('signed out');
      if (current.accessToken !== seen.accessToken) return current.accessToken; // another tab refreshed it
      if (!current.refreshToken) { await this.signOut(); throw new NotSignedIn('the session expired: sign in again'); }
      try {
        return await this.tokenRequest({ grant_type: 'refresh_token', refresh_token: current.refreshToken, client_id: this.config.clientId });
      } catch (e) {
        if (e instanceof NotSignedIn) await this.signOut();
        throw e;
      }
    };
    if (!locks) return work();
    return await locks.request(`offline-sync-refresh:${this.config.clientId}`, {}, work) as string;
  }

  /** POSTs to the token endpoint and stores the session it gives; returns the access token. */
  private async tokenRequest(form: Record<string, string>): Promise<string> {
    const { token_endpoint } = await this.discover();
    const res = await this.fetcher(token_endpoint, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
    const body = await res.json().catch(() => ({})) as Record<string, unknown>;
    if (!res.ok || typeof body.access_token !== 'string') {
      const why = String(body.error_description ?? body.error ?? res.status);
      if (res.status === 400 || res.status === 401) throw new NotSignedIn(`the issuer refused the tokens: ${why}`);
      throw new Error(`the issuer's token endpoint answered ${res.status}: ${why}`);
    }
    const claims = jwtClaims(body.access_token);
    const user = claims[this.options.userClaim ?? 'sub'];
    if (typeof user !== 'string') throw new Error('the access token names no user');
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in * 1000
        : typeof claims.exp === 'number' ? claims.exp * 1000 - this.now() : 300_000;
    const session: Session = { accessToken: body.access_token, expiresAt: this.now() + expiresIn, user,
      refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : null };
    this.storage.setItem(SESSION, JSON.stringify(session));
    return session.accessToken;
  }

  private discover(): Promise<Discovery> {
    this.discovery ??= this.fetcher(`${this.config.issuerUrl.replace(/\/$/, '')}/.well-known/openid-configuration`)
        .then(async (res) => {
          if (!res.ok) throw new Error(`the issuer's discovery answered ${res.status}`);
          return await res.json() as Discovery;
        })
        .catch((e: unknown) => { this.discovery = null; throw e; });
    return this.discovery;
  }

  private session(): Session | null {
    const raw = this.storage.getItem(SESSION);
    try { return raw ? JSON.parse(raw) as Session : null; } catch { return null; }
  }
}
