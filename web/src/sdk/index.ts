/**
 * The browser SDK of offline-sync: `createAuth` (sign-in with the platform's issuer) and `createSync` (the
 * device: local log and pending queue in IndexedDB, push, catch-up, the live stream, tab leadership).
 */
import type { Auth, Sync, WebConfig } from './api.ts';
import { OidcAuth, type AuthOptions } from './auth/oidc-auth.ts';
import { BrowserSync, type SyncOptions } from './sync/browser-sync.ts';

export type * from './api.ts';
export type { AuthOptions } from './auth/oidc-auth.ts';
export type { SyncOptions } from './sync/browser-sync.ts';
export { NotSignedIn } from './auth/oidc-auth.ts';
/** The platform's projections v1 and v2, and the contract an app's own projection implements (src/projections/). */
export { foldWith, TodoListProjection } from '../domain/index.ts';
export type { ListFacts } from '../domain/index.ts';

export function createAuth(config: WebConfig, options?: AuthOptions): Auth {
  return new OidcAuth(config, options);
}

export function createSync(config: WebConfig, auth: Auth, options?: SyncOptions): Sync {
  return new BrowserSync(config, auth, { events: typeof window === 'undefined' ? null : window, ...options });
}
