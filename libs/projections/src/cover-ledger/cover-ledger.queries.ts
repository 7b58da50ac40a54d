import type pg from 'pg';
import { DEFAULT_COVER_CAP_PERCENT } from '../../../domain/src/cover/decider.js';
import { addDays, isoWeekMonday } from '../shared/dates.js';
import { longAssignments, type LongAssignment } from './long-assignments.js';

export interface LessonWithoutHlta {
  assignmentId: string;
  date: string;
  classGroup: string;
}

export interface CoverLedgerRow {
  staffId: string;
  name: string;
  coverMinutes: number;
  contractedMinutes: number;
  percent: number;
  overCap: boolean;
  longAssignments?: LongAssignment[];
  lessonWithoutHlta?: LessonWithoutHlta[];
}

export interface CoverLedger {
  week: string;
  capPercent: number;
  rows: CoverLedgerRow[];
}

export interface CoverLedgerQuery {
  schoolId: string;
  /** YYYY-Www */
  week: string;
  /** Only this member of staff's row. */
  staffId?: string;
}

interface AssignmentRow {
  assignment_id: string;
  staff_id: string;
  class_group: string;
  date: string;
  iso_week: string;
  minutes: number;
  absent_teacher_id: string | null;
  delivers_lesson: boolean;
  cap_percent: string;
  position: string;
  name: string;
  contracted_minutes_per_week: string;
  hlta: boolean;
}

/**
 * Cover per member of staff in one ISO week (staff with live cover that week), against their
 * contract and the school's cap as last applied; with long runs of cover and lessons delivered
 * without HLTA status, both read from the events as they were recorded.
 */
export async function coverLedger(db: pg.PoolClient, q: CoverLedgerQuery): Promise<CoverLedger> {
  const monday = isoWeekMonday(q.week);
  if (monday === null) throw new Error(`not an ISO week: ${q.week}`);
  const sunday = addDays(monday, 6);
  const { rows } = await db.query<AssignmentRow>(
    `SELECT a.assignment_id, a.staff_id, a.class_group, a.date, a.iso_week, a.minutes, a.absent_teacher_id, a.delivers_lesson,
            a.cap_percent, a.position, s.name, s.contracted_minutes_per_week, s.hlta
       FROM assignments a JOIN staff s USING (staff_id)
      WHERE s.school_id = $1 AND NOT a.cancelled AND ($2::text IS NULL OR a.staff_id = $2)
        AND a.staff_id IN (SELECT staff_id FROM assignments WHERE iso_week = $3 AND NOT cancelled)
      ORDER BY a.date, a.position`,
    [q.schoolId, q.staffId ?? null, q.week],
  );
  const inWeek = rows.filter((r) => r.iso_week === q.week);
  const latest = inWeek.reduce<AssignmentRow | undefined>(
    (best, r) => (best === undefined || BigInt(r.position) > BigInt(best.position) ? r : best),
    undefined,
  );
  const capPercent = latest ? Number(latest.cap_percent) : DEFAULT_COVER_CAP_PERCENT;
  const staffIds = [...new Set(inWeek.map((r) => r.staff_id))];
  const ledgerRows = staffIds.map((staffId): CoverLedgerRow => {
    const own = inWeek.filter((r) => r.staff_id === staffId);
    const first = own[0]!;
    const coverMinutes = own.reduce((sum, r) => sum + r.minutes, 0);
    const contractedMinutes = Number(first.contracted_minutes_per_week);
    const long = longAssignments(
      rows
        .filter((r) => r.staff_id === staffId)
        .map((r) => ({ date: r.date, classGroup: r.class_group, absentTeacherId: r.absent_teacher_id })),
      monday,
      sunday,
    );
    const lessons = own
      .filter((r) => r.delivers_lesson && !r.hlta)
      .map((r) => ({ assignmentId: r.assignment_id, date: r.date, classGroup: r.class_group }));
    return {
      staffId,
      name: first.name,
      coverMinutes,
      contractedMinutes,
      // Two decimals, computed from whole numbers so 390 of 1950 minutes is exactly 20.
      percent: Math.round((coverMinutes * 10_000) / contractedMinutes) / 100,
      overCap: coverMinutes * 100 > contractedMinutes * capPercent,
      ...(long.length > 0 ? { longAssignments: long } : {}),
      ...(lessons.length > 0 ? { lessonWithoutHlta: lessons } : {}),
    };
  });
  ledgerRows.sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.staffId.localeCompare(b.staffId));
  return { week: q.week, capPercent, rows: ledgerRows };
}
