import { alertsProjection, alertThresholdsFromEnv } from '#lib/alerts';
import { chronologyProjection } from '#lib/chronology';
import { teamTeachProjection } from '#lib/incidents';
import { directoryProjection } from '#lib/pupils';
import type { Projection } from '#lib/read-models';
import { coverLedgerProjection, staffDirectoryProjection, trainingMatrixProjection } from '#lib/workforce';

/** The read models of the features, apart from the alert inbox (whose rules take thresholds). */
export const READ_PROJECTIONS: Projection[] = [
  directoryProjection,
  staffDirectoryProjection,
  trainingMatrixProjection,
  coverLedgerProjection,
  teamTeachProjection,
  chronologyProjection,
];

/** Every projection the platform runs. */
export const PROJECTIONS_LIST: Projection[] = [alertsProjection({ thresholds: alertThresholdsFromEnv() }), ...READ_PROJECTIONS];
