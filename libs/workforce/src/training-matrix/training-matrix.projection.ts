import type { EntityManager } from 'typeorm';
import type { StaffMemberRegistered, TrainingCompleted } from '../domain/staff/events.js';
import type { TrainingReference } from '../domain/staff/training-reference.js';
import type { RecordedEvent } from '#lib/event-store';
import { insertIfAbsent, type Projection } from '#lib/read-models';
import { TrainingCompletionRow, TrainingMatrixStaffMember, TrainingReferenceRow } from './training-matrix.entities.js';
import { TrainingMatrixTables1764489600000 } from './training-matrix.migrations.js';

export const TRAINING_MATRIX = 'training-matrix';

export const TRAINING_REFERENCE_STREAM_PREFIX = 'training-reference-';

/** A trust's training reference as it was set (stream `training-reference-<trustId>`). */
export interface TrainingReferenceChangedData {
  reference: TrainingReference;
}

/** Staff, their completions and each trust's training reference: enough to answer the matrix for any date. */
export const trainingMatrixProjection: Projection = {
  name: TRAINING_MATRIX,
  version: 2,
  entities: [TrainingMatrixStaffMember, TrainingCompletionRow, TrainingReferenceRow],
  readable: [TrainingMatrixStaffMember, TrainingCompletionRow, TrainingReferenceRow],
  migrations: [TrainingMatrixTables1764489600000],
  eventTypes: ['StaffMemberRegistered', 'TrainingCompleted', 'TrainingReferenceChanged'],
  async apply(db: EntityManager, events: RecordedEvent[]) {
    for (const e of events) {
      if (e.type === 'StaffMemberRegistered') {
        const s = (e as unknown as StaffMemberRegistered).data;
        await insertIfAbsent(db, TrainingMatrixStaffMember, {
          staffId: s.staffId,
          schoolId: s.schoolId,
          trustId: e.metadata.trustId,
          name: s.name,
          jobRole: s.jobRole,
        });
      } else if (e.type === 'TrainingCompleted') {
        const c = (e as unknown as TrainingCompleted).data;
        // Training is recorded under the staff member's own school (the command sets it), where the
        // matrix reads it.
        const schoolId = e.metadata.schoolId;
        if (schoolId === null) continue;
        await insertIfAbsent(db, TrainingCompletionRow, {
          completionId: c.completionId,
          staffId: e.streamId.replace(/^staff-/, ''),
          schoolId,
          course: c.course,
          completedOn: c.completedOn,
          expiresOn: c.expiresOn,
          recordedAt: new Date(e.recordedAt),
        });
      } else if (e.type === 'TrainingReferenceChanged' && e.streamId.startsWith(TRAINING_REFERENCE_STREAM_PREFIX)) {
        const { reference } = e.data as TrainingReferenceChangedData;
        await db
          .createQueryBuilder()
          .insert()
          .into(TrainingReferenceRow)
          .values({ trustId: e.streamId.slice(TRAINING_REFERENCE_STREAM_PREFIX.length), reference, changedAt: new Date(e.recordedAt) })
          .orUpdate(['reference', 'changed_at'], ['trust_id'])
          .execute();
      }
    }
  },
};
