import { defineProjection } from '#lib/read-models';
import type { WorkforceEvent } from '../domain/events.js';
import { CoverAssignmentRow, CoverLedgerStaffMember } from './cover-ledger.entities.js';
import { CoverLedgerTables1796139643573 } from './migrations/1796139643573-cover-ledger-tables.js';

export const COVER_LEDGER = 'cover-ledger';

/** Every cover assignment (cancelled ones kept, flagged) beside the staff member's contract. */
export const coverLedgerProjection = defineProjection<WorkforceEvent>()({
  name: COVER_LEDGER,
  version: 3,
  entities: [CoverLedgerStaffMember, CoverAssignmentRow],
  readable: [CoverLedgerStaffMember, CoverAssignmentRow],
  migrations: [CoverLedgerTables1796139643573],
  handlers: {
    StaffMemberRegistered: (e, rows) => {
      const s = e.data;
      rows.of(CoverLedgerStaffMember).insert({
        staffId: s.staffId,
        schoolId: s.schoolId,
        name: s.name,
        contractedMinutesPerWeek: String(s.contractedHoursPerWeek * 60),
        hlta: s.hlta,
      });
    },
    CoverAssigned: (e, rows) => {
      const a = e.data;
      // Cover is arranged within the school of the staff member who covers (the command checks it),
      // so the event's school is theirs: the assignment is read there.
      const schoolId = e.metadata.schoolId;
      if (schoolId === null) return;
      rows.of(CoverAssignmentRow).insert({
        assignmentId: a.assignmentId,
        staffId: a.staffId,
        schoolId,
        classGroup: a.classGroup,
        date: a.date,
        isoWeek: a.isoWeek,
        startTime: a.start,
        endTime: a.end,
        minutes: a.minutes,
        absentTeacherId: a.absentTeacherId,
        deliversLesson: a.deliversLesson,
        capPercent: String(a.capPercent),
        assignedAt: new Date(a.assignedAt),
        position: e.globalPosition,
        cancelled: false,
      });
    },
    StaffMemberDetailsChanged: {
      needs: (e, need) => need.key(CoverLedgerStaffMember, { staffId: e.streamId.replace(/^staff-/, '') }),
      // The ledger reads the contract as it stands now, for past weeks too (as it did before any change).
      fold: (e, rows) =>
        void rows
          .of(CoverLedgerStaffMember)
          .update(
            { staffId: e.streamId.replace(/^staff-/, '') },
            { name: e.data.name, contractedMinutesPerWeek: String(e.data.contractedHoursPerWeek * 60), hlta: e.data.hlta },
          ),
    },
    CoverCancelled: {
      needs: (e, need) => need.key(CoverAssignmentRow, { assignmentId: e.data.assignmentId }),
      fold: (e, rows) => void rows.of(CoverAssignmentRow).update({ assignmentId: e.data.assignmentId }, { cancelled: true }),
    },
  },
});
