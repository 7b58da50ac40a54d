import type { Projection } from '../../../libs/read-models/src/projection.js';

/** Every projection the platform runs. */
export const PROJECTIONS_LIST: Projection[] = [];
