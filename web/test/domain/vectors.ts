// Reads the fold vectors that the Java domain module generates (domain/src/test/resources/fold-vectors).
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Hlc, ItemState, ItemView, LogEntry, Policy, Role, Stamped } from '../../src/domain/index.ts';

export const VECTORS_DIR = new URL('../../../domain/src/test/resources/fold-vectors/', import.meta.url);
export const STAMPER_FILE = 'edit-stamper.json.gz';
export const CLOCK_FILE = 'hybrid-clock.json';

export interface FoldVector {
  name: string;
  listId: string;
  log: LogEntry[];
  expected: {
    created: boolean;
    title: string | null;
    policy: Policy;
    listVersion: number;
    clientSeqs: Record<string, number>;
    members: Record<string, Role>;
    items: ItemView[];
    canonical: string;
    digest: string;
  };
  /** What projections v1 and v2 (Java's TodoListProjection) serve of the fold, keys in Java's order. */
  views: { v1: Record<string, unknown>; v2: Record<string, unknown> };
  /** Hand-written vectors only: the what-if folds of the log (every register under that policy). */
  whatIf?: Record<Policy, { items: ItemView[]; digest: string }>;
}

export interface StamperVector {
  name: string;
  clientId: string;
  item: ItemState | null;
  stamped: { add: Stamped; rename?: Stamped; complete?: Stamped; reopen?: Stamped; delete?: Stamped };
}

/** The vector files, by name (gzipped ones gunzipped). */
export function vectorFiles(): string[] {
  return readdirSync(VECTORS_DIR).sort();
}

export function readVectors<T>(file: string): T[] {
  let bytes: Buffer = readFileSync(new URL(file, VECTORS_DIR));
  if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
  return (JSON.parse(bytes.toString('utf8')) as { vectors: T[] }).vectors;
}

export interface ClockVector {
  name: string;
  start: Hlc;
  steps: ({ wall: number; now: Hlc } | { wall: number; receive: Hlc; reading: Hlc })[];
  clampedReceives: number;
}
