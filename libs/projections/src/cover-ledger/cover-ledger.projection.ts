import type pg from 'pg';
import type { CoverAssigned, CoverCancelled } from '../../../domain/src/cover/events.js';
import type { StaffMemberRegistered } from '../../../domain/src/staff/events.js';
import type { RecordedEvent } from '../../../event-store/src/event-store.js';
import type { Projection } from '../../../read-models/src/projection.js';

export const COVER_LEDGER = 'cover-ledger';

/** Every cover assignment (cancelled ones kept, flagged) beside the staff member's contract. */
export const coverLedgerProjection: Projection = {
  name: COVER_LEDGER,
  version: 1,
  tables: `
    CREATE TABLE staff (
      staff_id text PRIMARY KEY,
      school_id text NOT NULL,
      name text NOT NULL,
      contracted_minutes_per_week numeric NOT NULL,
      hlta boolean NOT NULL
    );
    CREATE TABLE assignments (
      assignment_id text PRIMARY KEY,
      staff_id text NOT NULL,
      school_id text,
      class_group text NOT NULL,
      date text NOT NULL,
      iso_week text NOT NULL,
      start_time text NOT NULL,
      end_time text NOT NULL,
      minutes integer NOT NULL,
      absent_teacher_id text,
      delivers_lesson boolean NOT NULL,
      cap_percent numeric NOT NULL,
      assigned_at timestamptz NOT NULL,
      position bigint NOT NULL,
      cancelled boolean NOT NULL DEFAULT false
    );
    CREATE INDEX assignments_week ON assignments (iso_week);
    CREATE INDEX assignments_staff ON assignments (staff_id, date);
  `,
  eventTypes: ['StaffMemberRegistered', 'CoverAssigned', 'CoverCancelled'],
  async apply(db: pg.PoolClient, events: RecordedEvent[]) {
    for (const e of events) {
      if (e.type === 'StaffMemberRegistered') {
        const s = (e as unknown as StaffMemberRegistered).data;
        await db.query(
          `INSERT INTO staff (staff_id, school_id, name, contracted_minutes_per_week, hlta) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (staff_id) DO NOTHING`,
          [s.staffId, s.schoolId, s.name, s.contractedHoursPerWeek * 60, s.hlta],
        );
      } else if (e.type === 'CoverAssigned') {
        const a = (e as unknown as CoverAssigned).data;
        await db.query(
          `INSERT INTO assignments (assignment_id, staff_id, school_id, class_group, date, iso_week, start_time, end_time, minutes,
                                    absent_teacher_id, delivers_lesson, cap_percent, assigned_at, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (assignment_id) DO NOTHING`,
          [
            a.assignmentId,
            a.staffId,
            e.metadata.schoolId,
            a.classGroup,
            a.date,
            a.isoWeek,
            a.start,
            a.end,
            a.minutes,
            a.absentTeacherId,
            a.deliversLesson,
            a.capPercent,
            a.assignedAt,
            e.globalPosition,
          ],
        );
      } else if (e.type === 'CoverCancelled') {
        const c = (e as unknown as CoverCancelled).data;
        await db.query('UPDATE assignments SET cancelled = true WHERE assignment_id = $1', [c.assignmentId]);
      }
    }
  },
};
