/**
 * The SDK's public API: what an app (and `src/app/`) programs against. CONTRACT between the SDK and the
 * app: change it only together. No framework: plain callbacks, promises and data.
 */
import type { ItemView, JsonValue, Policy, Projection, Role, View } from '../domain/index.ts';

export type { ItemView, JsonValue, Policy, Projection, Role, View };

/** Where the platform is: read by the app from `/config.json` (served beside the app). */
export interface WebConfig {
  gatewayUrl: string;   // e.g. http://localhost:8081
  queryUrl: string;     // e.g. http://localhost:8082
  issuerUrl: string;    // e.g. http://localhost:8084
  clientId: string;     // the issuer's public web client: offline-sync-web
  redirectUri: string;  // e.g. http://localhost:8085/callback
  /** the app's derivation by name (v1, v2, v3), when the app chooses by configuration; the SDK reads SyncOptions.projection */
  projection?: string;
}

/** A list as this device shows it: the confirmed state with this device's pending edits folded over it. */
export interface ListView {
  listId: string;
  title: string;
  policy: Policy;
  /** the signed-in user's role; null while the list is only local (not yet confirmed) */
  role: Role | null;
  members: Record<string, Role>;
  items: ItemView[];
  /** the last listVersion this device has folded */
  listVersion: number;
  /** this device's edits of the list not yet seen in the log */
  pending: number;
}

/** A list the signed-in user may read on the server (GET /v1/lists), merged with lists only local so far. */
export interface ListSummary { listId: string; title: string; role: Role | null; listVersion: number; local: boolean }

export type Connection = 'online' | 'offline' | 'syncing';

export interface SyncStatus {
  connection: Connection;
  /** every pending edit of this profile, all lists */
  pending: number;
  /** this tab leads the sync (pushes, holds the stream); the others follow through BroadcastChannel */
  leader: boolean;
  /** the user id of the signed-in user, null when signed out */
  user: string | null;
  /** the last error the sync met, in words (cleared by the next success) */
  lastError: string | null;
  /** 'live' while the stream is open, 'long-poll' after falling back, 'none' when not following */
  transport: 'live' | 'long-poll' | 'none';
}

/** One of this device's events the server refused (a `Rejected` entry of its own), surfaced once. */
export interface Rejection { listId: string; eventId: string; clientSeq: number; type: string; reason: string; detail: string }

/** The server's stateHash (projection v2) differs from this device's own fold at the same listVersion. */
export interface DigestMismatch { listId: string; listVersion: number; server: string; local: string }

/** The explain endpoint's body (PROTOCOL.md "Explain"). */
export interface ItemHistory {
  listId: string; itemId: string; policy: Policy; deleted: boolean;
  entries: Array<{ listVersion: number; clientId: string; type: string; at?: { ms: number; n: number };
    registers: Record<string, { value: unknown; outcome: string; lostTo?: number }>; outcome?: string }>;
}

/** A projection by what names it: `{ name: 'v3', id: 'todo-archive', version: 3 }`. */
export interface ProjectionRef { name: string; id: string; version: number }

/** A list as the app's projection derives it on this device, from the local log (nothing downloaded). */
export interface DerivedList {
  listId: string;
  /** the app's projection's name (`v3`) */
  projection: string;
  /** the last listVersion of the confirmed log folded */
  listVersion: number;
  /** this device's edits folded over it, not yet in the log */
  pending: number;
  /** the projection's view (what the server's `GET /v1/lists/{id}?projection=` shows beside listId, listVersion...) */
  view: View;
}

/**
 * The app started with another projection than the one this profile ran last: every local list was re-derived
 * from its stored log. `previous` is null when the store had none recorded (a store from before projections).
 */
export interface Derivation { current: ProjectionRef; previous: ProjectionRef | null; lists: number; entries: number; ms: number }

/** `GET /v1/projections`: what the server serves, which is active, which was before. */
export interface ServerProjections { active: string; previous?: string | null; projections: ProjectionRef[] }

/** `GET /v1/lists/{id}?projection=`: listId, projection, listVersion, clientSeqs, source, then the view's fields. */
export interface ServerState {
  listId: string; projection: string; listVersion: number; clientSeqs?: Record<string, number>;
  source?: { topic: string; partition: number; offset: number };
  [field: string]: JsonValue | undefined;
}

export type SyncEvent =
  | { kind: 'lists' }                        // the set of lists or their summaries changed
  | { kind: 'list'; listId: string }         // a list's view changed
  | { kind: 'status' }                       // SyncStatus changed
  | { kind: 'rejection'; rejection: Rejection }
  | { kind: 'mismatch'; mismatch: DigestMismatch }
  | { kind: 'removed'; listId: string }      // the user lost access to a list
  | { kind: 'derivation'; derivation: Derivation }; // start re-derived the local lists with a new projection

/** Sign-in with the platform's issuer: authorization code with PKCE (public client, no secret). */
export interface Auth {
  /** the signed-in user's id (the token's `sub`), or null */
  readonly user: string | null;
  /** sends the page to the issuer's sign-in; comes back to `redirectUri`, then to `returnTo` */
  signIn(returnTo?: string): Promise<void>;
  /** on the redirect page: exchanges the code, stores the session; returns where to go next */
  completeSignIn(url: string): Promise<string>;
  /** a fresh access token (refreshed with the refresh token when close to expiry) */
  accessToken(): Promise<string>;
  signOut(): Promise<void>;
}

/** The device: local log, pending queue and sync, on IndexedDB. Created by `createSync` (sdk/index.ts). */
export interface Sync {
  readonly clientId: string;
  /** opens IndexedDB, joins the tab election, starts following the lists this device holds */
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): SyncStatus;
  /** every change; returns the unsubscribe function */
  subscribe(listener: (event: SyncEvent) => void): () => void;

  /** local lists merged with the server's list of the user's lists (fetched when online) */
  lists(): Promise<ListSummary[]>;
  /** follows a list: loads it from the server if this device does not hold it yet; null if it is unknown */
  open(listId: string): Promise<ListView | null>;
  /** the current view of a list this device holds, from memory */
  view(listId: string): ListView | null;

  createList(listId: string, title: string, policy: Policy): Promise<void>;
  renameList(listId: string, title: string): Promise<void>;
  /** returns the new item's id */
  addItem(listId: string, title: string): Promise<string>;
  renameItem(listId: string, itemId: string, title: string): Promise<void>;
  setCompleted(listId: string, itemId: string, completed: boolean): Promise<void>;
  deleteItem(listId: string, itemId: string): Promise<void>;
  /** settles a vector conflict: writes `value` with a clock that dominates every sibling */
  resolve(listId: string, itemId: string, register: 'title' | 'completed', value: string | boolean): Promise<void>;
  share(listId: string, member: string, role: Role): Promise<void>;
  unshare(listId: string, member: string): Promise<void>;
  /** the server's explanation of an item's history (needs the network) */
  history(listId: string, itemId: string): Promise<ItemHistory>;
  /** rejections not yet dismissed */
  rejections(): Rejection[];
  dismissRejection(eventId: string): void;
  /** pushes and pulls now (the leader does; a follower asks the leader) */
  syncNow(): Promise<void>;

  /** the app's projection (`SyncOptions.projection`; the platform's v1 when none is given) */
  projection(): ProjectionRef;
  /** a held list as the app's projection derives it from the local log, from memory (as `view`); null if not held */
  derive(listId: string): DerivedList | null;
  /** what this start re-derived because the projection changed; null when it did not (the same one as last time) */
  derivation(): Derivation | null;
  /** the projections the server serves (GET /v1/projections; needs the network) */
  serverProjections(): Promise<ServerProjections>;
  /** the server's state of a list under a projection, by default the app's (needs the network); null if unknown */
  serverState(listId: string, projection?: string): Promise<ServerState | null>;
}
