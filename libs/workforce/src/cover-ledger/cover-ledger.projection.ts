import type { EntityManager } from 'typeorm';
import type { CoverAssigned, CoverCancelled } from '../domain/cover/events.js';
import type { StaffMemberRegistered } from '../domain/staff/events.js';
import type { RecordedEvent } from '#lib/event-store';
import { insertIfAbsent, type Projection } from '#lib/read-models';
import { CoverAssignmentRow, CoverLedgerStaffMember } from './cover-ledger.entities.js';
import { CoverLedgerTables1764489600000 } from './cover-ledger.migrations.js';

export const COVER_LEDGER = 'cover-ledger';

/** Every cover assignment (cancelled ones kept, flagged) beside the staff member's contract. */
export const coverLedgerProjection: Projection = {
  name: COVER_LEDGER,
  version: 2,
  entities: [CoverLedgerStaffMember, CoverAssignmentRow],
  readable: [CoverLedgerStaffMember, CoverAssignmentRow],
  migrations: [CoverLedgerTables1764489600000],
  eventTypes: ['StaffMemberRegistered', 'CoverAssigned', 'CoverCancelled'],
  async apply(db: EntityManager, events: RecordedEvent[]) {
    for (const e of events) {
      if (e.type === 'StaffMemberRegistered') {
        const s = (e as unknown as StaffMemberRegistered).data;
        await insertIfAbsent(db, CoverLedgerStaffMember, {
          staffId: s.staffId,
          schoolId: s.schoolId,
          name: s.name,
          contractedMinutesPerWeek: String(s.contractedHoursPerWeek * 60),
          hlta: s.hlta,
        });
      } else if (e.type === 'CoverAssigned') {
        const a = (e as unknown as CoverAssigned).data;
        // Cover is arranged within the school of the staff member who covers (the command checks it),
        // so the event's school is theirs: the assignment is read there.
        const schoolId = e.metadata.schoolId;
        if (schoolId === null) continue;
        await insertIfAbsent(db, CoverAssignmentRow, {
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
        });
      } else if (e.type === 'CoverCancelled') {
        const c = (e as unknown as CoverCancelled).data;
        await db.update(CoverAssignmentRow, { assignmentId: c.assignmentId }, { cancelled: true });
      }
    }
  },
};
