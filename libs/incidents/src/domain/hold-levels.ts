import { TEAM_TEACH_HOLDS, type TeamTeachHold } from './vocabulary.js';

/** A physical-intervention certificate as the checks read it (a course, in date between two dates). */
export interface HoldCertificate {
  course: string;
  completedOn: string;
  expiresOn: string;
}

/**
 * Reference data: which Team Teach holds each level's course teaches. Level 1 teaches the guiding
 * and personal-safety holds; level 2 adds the restrictive holds (shields, wraps, double elbow);
 * advanced covers every hold. A course not listed (PROACT-SCIPr-UK) has no hold list here, so any
 * in-date certificate of it covers the holds used; so does any certificate for a hold not in the
 * Team Teach list (another approved technique the reference cannot judge).
 */
const LEVEL_1_HOLDS: readonly TeamTeachHold[] = [
  'caring_c_guide',
  'friendly_escort',
  'single_elbow',
  'figure_of_four',
  'small_child_escort',
  'help_hug',
];
export const TEAM_TEACH_LEVEL_HOLDS: Readonly<Record<string, readonly TeamTeachHold[]>> = {
  team_teach_level_1: LEVEL_1_HOLDS,
  team_teach_level_2: TEAM_TEACH_HOLDS,
  team_teach_advanced: TEAM_TEACH_HOLDS,
};

/** The lowest level whose course teaches a hold (for messages), or null for a hold outside the list. */
export function levelTeaching(hold: string): string | null {
  if (LEVEL_1_HOLDS.includes(hold as TeamTeachHold)) return 'team_teach_level_1';
  return TEAM_TEACH_HOLDS.includes(hold as TeamTeachHold) ? 'team_teach_level_2' : null;
}

/** Whether an in-date certificate on `date` covers `hold` (of `courses`, the physical-intervention ones). */
export function holdCoveredOn(certificates: readonly HoldCertificate[], courses: readonly string[], hold: string, date: string): boolean {
  const inDate = certificates.filter((c) => courses.includes(c.course) && c.completedOn <= date && date <= c.expiresOn);
  const teamTeachHold = TEAM_TEACH_HOLDS.includes(hold as TeamTeachHold);
  return inDate.some((c) => {
    const taught = TEAM_TEACH_LEVEL_HOLDS[c.course];
    return taught === undefined || !teamTeachHold || taught.includes(hold as TeamTeachHold);
  });
}

/** The holds used that no in-date certificate covers (empty: the person was certified for what they did). */
export function holdsNotCovered(
  certificates: readonly HoldCertificate[],
  courses: readonly string[],
  holds: readonly string[],
  date: string,
) {
  return holds.filter((h) => !holdCoveredOn(certificates, courses, h, date));
}
