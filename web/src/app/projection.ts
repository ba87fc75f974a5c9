/** Which derivation the app runs, from config.json's optional `projection` (served from WEB_PROJECTION). */
import { TodoListProjection, type Projection } from '../sdk/index.ts';
import { TodoArchive } from '../projections/archive.ts';

const KNOWN: Record<string, Projection<any>> = { v1: TodoListProjection.V1, v2: TodoListProjection.V2, v3: TodoArchive }; // any: each its own state

/** The projection named `name` (v1, v2, v3); the SDK's default (v1) when none is named. */
export function appProjection(name: string | undefined): Projection<any> | undefined {
  if (name === undefined) return undefined;
  const projection = KNOWN[name];
  if (!projection) throw new Error(`config.json: "projection" must be one of ${Object.keys(KNOWN).join(', ')}, was "${name}"`);
  return projection;
}

export interface ArchivedItem { itemId: string; title: string; completedAt: number }

/** v3's archived section of a derived view; empty for projections that have none. */
export function archivedItems(view: Record<string, unknown> | undefined): ArchivedItem[] {
  const archived = view?.archived;
  return Array.isArray(archived) ? archived as ArchivedItem[] : [];
}
