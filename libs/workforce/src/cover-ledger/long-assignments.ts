import { isSchoolDay, nextSchoolDay } from '#lib/kernel';

/** Cover of one absent teacher (or, when none is named, one class) for more than this many school days in a row needs a teacher. */
export const LONG_COVER_SCHOOL_DAYS = 5;

export interface CoverDay {
  date: string;
  classGroup: string;
  absentTeacherId: string | null;
}

export interface LongAssignment {
  absentTeacherId?: string;
  classGroup?: string;
  from: string;
  to: string;
  schoolDays: number;
}

/**
 * Runs of consecutive school days (Monday to Friday; a weekend does not break a run) on which the
 * same absent teacher, or the same class when no teacher is named, was covered, longer than
 * LONG_COVER_SCHOOL_DAYS, that touch the dates from `weekStart` to `weekEnd`.
 */
export function longAssignments(days: readonly CoverDay[], weekStart: string, weekEnd: string): LongAssignment[] {
  const byKey = new Map<string, { subject: Pick<LongAssignment, 'absentTeacherId' | 'classGroup'>; dates: Set<string> }>();
  for (const d of days) {
    if (!isSchoolDay(d.date)) continue;
    const key = d.absentTeacherId ? `teacher:${d.absentTeacherId}` : `class:${d.classGroup}`;
    const subject = d.absentTeacherId ? { absentTeacherId: d.absentTeacherId } : { classGroup: d.classGroup };
    const entry = byKey.get(key) ?? { subject, dates: new Set<string>() };
    entry.dates.add(d.date);
    byKey.set(key, entry);
  }
  const found: LongAssignment[] = [];
  for (const { subject, dates } of byKey.values()) {
    const sorted = [...dates].sort();
    let from = sorted[0]!;
    let count = 1;
    for (let i = 1; i <= sorted.length; i++) {
      const date = sorted[i];
      if (date !== undefined && date === nextSchoolDay(sorted[i - 1]!)) {
        count += 1;
        continue;
      }
      const to = sorted[i - 1]!;
      if (count > LONG_COVER_SCHOOL_DAYS && from <= weekEnd && to >= weekStart) found.push({ ...subject, from, to, schoolDays: count });
      if (date !== undefined) {
        from = date;
        count = 1;
      }
    }
  }
  return found.sort(
    (a, b) =>
      a.from.localeCompare(b.from) || (a.absentTeacherId ?? a.classGroup ?? '').localeCompare(b.absentTeacherId ?? b.classGroup ?? ''),
  );
}
