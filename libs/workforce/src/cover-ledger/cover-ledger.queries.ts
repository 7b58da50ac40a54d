import type { EntityManager } from 'typeorm';
import { DEFAULT_COVER_CAP_PERCENT } from '../domain/cover/decider.js';
import { addDays, isoWeekMonday } from '#lib/kernel';
import { CoverAssignmentRow, CoverLedgerStaffMember } from './cover-ledger.entities.js';
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
  assignmentId: string;
  staffId: string;
  classGroup: string;
  date: string;
  isoWeek: string;
  minutes: number;
  absentTeacherId: string | null;
  deliversLesson: boolean;
  capPercent: string;
  position: string;
  name: string;
  contractedMinutesPerWeek: string;
  hlta: boolean;
}

/**
 * Cover per member of staff in one ISO week (staff with live cover that week), against their
 * contract and the school's cap as last applied; with long runs of cover and lessons delivered
 * without HLTA status, both read from the events as they were recorded.
 */
export async function coverLedger(db: EntityManager, q: CoverLedgerQuery): Promise<CoverLedger> {
  const monday = isoWeekMonday(q.week);
  if (monday === null) throw new Error(`not an ISO week: ${q.week}`);
  const sunday = addDays(monday, 6);
  const query = db
    .createQueryBuilder(CoverAssignmentRow, 'a')
    .innerJoin(CoverLedgerStaffMember, 's', 's.staffId = a.staffId')
    .select('a.assignmentId', 'assignmentId')
    .addSelect('a.staffId', 'staffId')
    .addSelect('a.classGroup', 'classGroup')
    .addSelect('a.date', 'date')
    .addSelect('a.isoWeek', 'isoWeek')
    .addSelect('a.minutes', 'minutes')
    .addSelect('a.absentTeacherId', 'absentTeacherId')
    .addSelect('a.deliversLesson', 'deliversLesson')
    .addSelect('a.capPercent', 'capPercent')
    .addSelect('a.position', 'position')
    .addSelect('s.name', 'name')
    .addSelect('s.contractedMinutesPerWeek', 'contractedMinutesPerWeek')
    .addSelect('s.hlta', 'hlta')
    .where('s.schoolId = :schoolId', { schoolId: q.schoolId })
    .andWhere('NOT a.cancelled')
    .andWhere(
      (qb) =>
        `a.staffId IN ${qb
          .subQuery()
          .select('w.staffId')
          .from(CoverAssignmentRow, 'w')
          .where('w.isoWeek = :week', { week: q.week })
          .andWhere('NOT w.cancelled')
          .getQuery()}`,
    )
    .orderBy('a.date')
    .addOrderBy('a.position');
  if (q.staffId !== undefined) query.andWhere('a.staffId = :staffId', { staffId: q.staffId });
  const rows = await query.getRawMany<AssignmentRow>();
  const inWeek = rows.filter((r) => r.isoWeek === q.week);
  const latest = inWeek.reduce<AssignmentRow | undefined>(
    (best, r) => (best === undefined || BigInt(r.position) > BigInt(best.position) ? r : best),
    undefined,
  );
  const capPercent = latest ? Number(latest.capPercent) : DEFAULT_COVER_CAP_PERCENT;
  const staffIds = [...new Set(inWeek.map((r) => r.staffId))];
  const ledgerRows = staffIds.map((staffId): CoverLedgerRow => {
    const own = inWeek.filter((r) => r.staffId === staffId);
    const first = own[0]!;
    const coverMinutes = own.reduce((sum, r) => sum + r.minutes, 0);
    const contractedMinutes = Number(first.contractedMinutesPerWeek);
    const long = longAssignments(
      rows
        .filter((r) => r.staffId === staffId)
        .map((r) => ({ date: r.date, classGroup: r.classGroup, absentTeacherId: r.absentTeacherId })),
      monday,
      sunday,
    );
    const lessons = own
      .filter((r) => r.deliversLesson && !r.hlta)
      .map((r) => ({ assignmentId: r.assignmentId, date: r.date, classGroup: r.classGroup }));
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
