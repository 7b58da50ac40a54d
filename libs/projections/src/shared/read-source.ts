import type pg from 'pg';
import type { ReadModels } from '../../../read-models/src/read-models.js';

/**
 * Where a query runs: the live generation, or a replay as of a past instant. Every feature answers
 * through one of these, so the live route and the auditor's replay share the same query code.
 */
export interface ReadSource {
  readonly asOf: Date | null;
  read<T>(projection: string, query: (db: pg.PoolClient) => Promise<T>): Promise<T>;
}

export function liveSource(readModels: ReadModels): ReadSource {
  return { asOf: null, read: (projection, query) => readModels.read(projection, query) };
}

export function replaySource(readModels: ReadModels, asOf: Date): ReadSource {
  return { asOf, read: (projection, query) => readModels.replay(projection, asOf, query) };
}
