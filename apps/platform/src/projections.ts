import { alertThresholdsFromEnv } from '../../../libs/alerts/src/alert-thresholds.js';
import { alertsProjection } from '../../../libs/alerts/src/alerts.projection.js';
import { READ_PROJECTIONS } from '../../../libs/projections/src/index.js';
import type { Projection } from '../../../libs/read-models/src/projection.js';

/** Every projection the platform runs. */
export const PROJECTIONS_LIST: Projection[] = [alertsProjection({ thresholds: alertThresholdsFromEnv() }), ...READ_PROJECTIONS];
