import { londonDate } from '#lib/kernel';
import { defineProjection } from '#lib/read-models';
import type { WorkforceEvent } from '../domain/events.js';
import { TrainingCompletionRow, TrainingMatrixStaffMember, TrainingReferenceRow } from './training-matrix.entities.js';
import { TrainingMatrixTables1796139624685 } from './migrations/1796139624685-training-matrix-tables.js';
import { TrainingMatrixLeavers1796144610481 } from './migrations/1796144610481-training-matrix-leavers.js';

export const TRAINING_MATRIX = 'training-matrix';

export const TRAINING_REFERENCE_STREAM_PREFIX = 'training-reference-';

/** Staff, their completions and each trust's training reference: enough to answer the matrix for any date. */
export const trainingMatrixProjection = defineProjection<WorkforceEvent>()({
  name: TRAINING_MATRIX,
  version: 5,
  entities: [TrainingMatrixStaffMember, TrainingCompletionRow, TrainingReferenceRow],
  readable: [TrainingMatrixStaffMember, TrainingCompletionRow, TrainingReferenceRow],
  migrations: [TrainingMatrixTables1796139624685, TrainingMatrixLeavers1796144610481],
  handlers: {
    StaffMemberRegistered: (e, rows) => {
      const s = e.data;
      rows.of(TrainingMatrixStaffMember).insert({
        staffId: s.staffId,
        schoolId: s.schoolId,
        trustId: e.metadata.trustId,
        name: s.name,
        jobRole: s.jobRole,
        roles: s.roles,
        leftOn: null,
      });
    },
    TrainingCompleted: (e, rows) => {
      const c = e.data;
      // Training is recorded under the staff member's own school (the command sets it), where the
      // matrix reads it.
      const schoolId = e.metadata.schoolId;
      if (schoolId === null) return;
      rows.of(TrainingCompletionRow).insert({
        completionId: c.completionId,
        staffId: e.streamId.replace(/^staff-/, ''),
        schoolId,
        course: c.course,
        completedOn: c.completedOn,
        expiresOn: c.expiresOn,
        recordedAt: new Date(e.recordedAt),
      });
    },
    StaffMemberDeactivated: {
      needs: (e, need) => need.key(TrainingMatrixStaffMember, { staffId: e.data.staffId }),
      fold: (e, rows) =>
        void rows.of(TrainingMatrixStaffMember).update({ staffId: e.data.staffId }, { leftOn: londonDate(e.data.deactivatedAt) }),
    },
    StaffMemberDetailsChanged: {
      needs: (e, need) => need.key(TrainingMatrixStaffMember, { staffId: e.streamId.replace(/^staff-/, '') }),
      fold: (e, rows) =>
        void rows
          .of(TrainingMatrixStaffMember)
          .update({ staffId: e.streamId.replace(/^staff-/, '') }, { name: e.data.name, jobRole: e.data.jobRole }),
    },
    TrainingReferenceChanged: (e, rows) => {
      if (!e.streamId.startsWith(TRAINING_REFERENCE_STREAM_PREFIX)) return;
      rows.of(TrainingReferenceRow).put({
        trustId: e.streamId.slice(TRAINING_REFERENCE_STREAM_PREFIX.length),
        reference: e.data.reference,
        changedAt: new Date(e.recordedAt),
      });
    },
  },
});
