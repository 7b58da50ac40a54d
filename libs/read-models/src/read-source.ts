import type { EntityManager } from 'typeorm';
import type { ReadScope } from './projection.js';
import type { ReadModels } from './read-models.js';

/**
 * Where a query runs: the live generation, or a replay as of a past instant. Every feature answers
 * through one of these, so the live route and the auditor's replay share the same query code; both
 * read as the reader role, seeing only the rows of `scope`.
 */
export interface ReadSource {
  readonly asOf: Date | null;
  read<T>(projection: string, scope: ReadScope, query: (db: EntityManager) => Promise<T>): Promise<T>;
}

export function liveSource(readModels: ReadModels): ReadSource {
  return { asOf: null, read: (projection, scope, query) => readModels.read(projection, scope, query) };
}

export function replaySource(readModels: ReadModels, asOf: Date): ReadSource {
  return { asOf, read: (projection, scope, query) => readModels.replay(projection, asOf, scope, query) };
}
