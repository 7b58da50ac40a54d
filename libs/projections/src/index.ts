import type { Projection } from '../../read-models/src/projection.js';
import { chronologyProjection } from './chronology/chronology.projection.js';
import { coverLedgerProjection } from './cover-ledger/cover-ledger.projection.js';
import { directoryProjection } from './directory/directory.projection.js';
import { teamTeachProjection } from './team-teach/team-teach.projection.js';
import { trainingMatrixProjection } from './training-matrix/training-matrix.projection.js';

export * from './projections.module.js';
export * from './directory/directory.projection.js';
export * from './directory/directory.queries.js';
export * from './training-matrix/training-matrix.projection.js';
export * from './training-matrix/training-matrix.queries.js';
export * from './cover-ledger/cover-ledger.projection.js';
export * from './cover-ledger/cover-ledger.queries.js';
export * from './team-teach/team-teach.projection.js';
export * from './team-teach/team-teach.queries.js';
export * from './chronology/chronology.projection.js';
export * from './chronology/chronology.queries.js';

/** The projections this library runs (the platform lists them in PROJECTIONS_LIST). */
export const READ_PROJECTIONS: Projection[] = [
  directoryProjection,
  trainingMatrixProjection,
  coverLedgerProjection,
  teamTeachProjection,
  chronologyProjection,
];
