/**
 * What the tabs of one profile tell each other over a BroadcastChannel (`offline-sync:<user>`). The data itself
 * always travels through IndexedDB; a message only says what to re-read. A BroadcastChannel never delivers a
 * message to the tab that sent it.
 */
import type { Rejection, SyncStatus } from '../api.ts';

export type TabMessage =
  /** a follower queued edits of the list: the leader pushes */
  | { t: 'pending'; listId: string }
  /** a tab started holding the list: the leader follows it too */
  | { t: 'follow'; listId: string }
  /** a tab started: the leader tells it the status */
  | { t: 'hello' }
  /** a follower asks the leader to push and pull now */
  | { t: 'sync' }
  /** the leader stored entries or changed the queue of the list: every tab re-reads it */
  | { t: 'changed'; listId: string }
  | { t: 'removed'; listId: string }
  | { t: 'rejection'; rejection: Rejection }
  /** the leader's view of the network, mirrored by followers */
  | { t: 'status'; status: Pick<SyncStatus, 'connection' | 'transport' | 'lastError'> };

export interface TabChannel {
  post(message: TabMessage): void;
  close(): void;
}

export function openTabChannel(user: string, onMessage: (m: TabMessage) => void): TabChannel {
  if (typeof BroadcastChannel === 'undefined') return { post() {}, close() {} }; // one tab is all there is
  const channel = new BroadcastChannel(`offline-sync:${user}`);
  channel.onmessage = (e: MessageEvent) => onMessage(e.data as TabMessage);
  return { post: (m) => channel.postMessage(m), close: () => channel.close() };
}
