/**
 * The domain in TypeScript: the same fold, conflict policies, clocks and digest as the Java `domain/`
 * module, proven equal by the shared test vectors (domain/src/test/resources/fold-vectors, run by
 * web/test/domain). Pure: no DOM, no IndexedDB, no fetch.
 *
 * CONTRACT (the SDK and the app import only what is exported here): names and shapes are fixed.
 */
export type {
  ClientEvent, EventType, Hlc, ItemState, ItemView, LogEntry, Policy, Role, Stamped, VClock, Write,
} from './types.ts';
export { TodoList } from './todo-list.ts';
export { EditStamper } from './edit-stamper.ts';
export { HybridClock } from './hybrid-clock.ts';
export { canonicalState, stateDigest } from './state-digest.ts';
export { stateHash } from './state-digest.ts';
export { foldWith, TodoListProjection } from './projection.ts';
export type { JsonValue, ListFacts, Projection, View } from './projection.ts';
export { isDone, isVisible } from './todo-list.ts';
