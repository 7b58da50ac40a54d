import type pg from 'pg';
import type { StaffMemberRegistered, TrainingCompleted } from '../../../domain/src/staff/events.js';
import type { TrainingReference } from '../../../domain/src/staff/training-reference.js';
import type { RecordedEvent } from '../../../event-store/src/event-store.js';
import type { Projection } from '../../../read-models/src/projection.js';

export const TRAINING_MATRIX = 'training-matrix';

export const TRAINING_REFERENCE_STREAM_PREFIX = 'training-reference-';

/** A trust's training reference as it was set (stream `training-reference-<trustId>`). */
export interface TrainingReferenceChangedData {
  reference: TrainingReference;
}

/** Staff, their completions and each trust's training reference: enough to answer the matrix for any date. */
export const trainingMatrixProjection: Projection = {
  name: TRAINING_MATRIX,
  version: 1,
  tables: `
    CREATE TABLE staff (
      staff_id text PRIMARY KEY,
      school_id text NOT NULL,
      trust_id text,
      name text NOT NULL,
      job_role text NOT NULL
    );
    CREATE INDEX staff_school ON staff (school_id);
    CREATE TABLE completions (
      completion_id text NOT NULL,
      staff_id text NOT NULL,
      course text NOT NULL,
      completed_on text NOT NULL,
      expires_on text NOT NULL,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (staff_id, completion_id)
    );
    CREATE TABLE training_references (
      trust_id text PRIMARY KEY,
      reference jsonb NOT NULL,
      changed_at timestamptz NOT NULL
    );
  `,
  eventTypes: ['StaffMemberRegistered', 'TrainingCompleted', 'TrainingReferenceChanged'],
  async apply(db: pg.PoolClient, events: RecordedEvent[]) {
    for (const e of events) {
      if (e.type === 'StaffMemberRegistered') {
        const s = (e as unknown as StaffMemberRegistered).data;
        await db.query(
          `INSERT INTO staff (staff_id, school_id, trust_id, name, job_role) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (staff_id) DO NOTHING`,
          [s.staffId, s.schoolId, e.metadata.trustId, s.name, s.jobRole],
        );
      } else if (e.type === 'TrainingCompleted') {
        const c = (e as unknown as TrainingCompleted).data;
        await db.query(
          `INSERT INTO completions (completion_id, staff_id, course, completed_on, expires_on, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          [c.completionId, e.streamId.replace(/^staff-/, ''), c.course, c.completedOn, c.expiresOn, e.recordedAt],
        );
      } else if (e.type === 'TrainingReferenceChanged' && e.streamId.startsWith(TRAINING_REFERENCE_STREAM_PREFIX)) {
        const { reference } = e.data as TrainingReferenceChangedData;
        const trustId = e.streamId.slice(TRAINING_REFERENCE_STREAM_PREFIX.length);
        await db.query(
          `INSERT INTO training_references (trust_id, reference, changed_at) VALUES ($1, $2, $3)
           ON CONFLICT (trust_id) DO UPDATE SET reference = $2, changed_at = $3`,
          [trustId, JSON.stringify(reference), e.recordedAt],
        );
      }
    }
  },
};
