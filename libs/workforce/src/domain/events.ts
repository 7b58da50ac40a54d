import type { CoverEvent } from './cover/events.js';
import type { StaffEvent } from './staff/events.js';
import type { TrainingReferenceChanged } from './training-reference-decider.js';

/** Every event the workforce slice records: staff and their training, cover, each trust's training reference. */
export type WorkforceEvent = StaffEvent | CoverEvent | TrainingReferenceChanged;
