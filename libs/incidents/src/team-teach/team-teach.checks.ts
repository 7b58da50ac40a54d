import { isCertifiedOn, PHYSICAL_INTERVENTION_COURSES, type CompletionPeriod } from '#lib/workforce';
import { addSchoolDays, endOfLondonDay, londonDate } from '#lib/kernel';
import { holdsNotCovered } from '../domain/hold-levels.js';

export const TEAM_TEACH_BREACHES = [
  'restraint_recorded_late',
  'parent_not_notified',
  'pupil_debrief_missing',
  'staff_debrief_missing',
  'not_reviewed',
  'uncertified_restraint',
  'hold_above_certified_level',
] as const;
export type TeamTeachBreach = (typeof TEAM_TEACH_BREACHES)[number];

/** Met, not met (a breach), or not yet met while its window is still open (never a breach). */
export type CheckOutcome = true | false | 'pending';

export interface TeamTeachChecks {
  recordedSameDay: CheckOutcome;
  parentNotifiedSameDay: CheckOutcome;
  pupilDebriefHeld: CheckOutcome;
  staffDebriefHeld: CheckOutcome;
  reviewed: CheckOutcome;
  allStaffCertified: CheckOutcome;
  holdsWithinCertifiedLevel: CheckOutcome;
}

/** How the parents' notification stands: told (when), or exempted by the DSL or headteacher (why). */
export interface NotificationFact {
  notifiedAt: string | null;
  exempted: boolean;
  exemptionReason?: string | null;
}

export interface IncidentFacts {
  occurredAt: string;
  recordedAt: string;
  /** Everyone involved with the holds they used (a named person not registered has no staffId). */
  staff: { staffId: string | null; holds: string[] }[];
  notifications: NotificationFact[];
  debriefKinds: string[];
  reviewed: boolean;
  /** Physical-intervention certificates of the staff involved. */
  certificates: (CompletionPeriod & { staffId: string })[];
  /** The instant the audit speaks for (now, or a replay's asOf): a window still open then is pending. */
  asOf: string;
  /** Debriefs (and the senior review) are due by the end of this many school days after the incident's date. */
  followUpSchoolDays: number;
}

const BREACH_OF: Record<keyof TeamTeachChecks, TeamTeachBreach> = {
  recordedSameDay: 'restraint_recorded_late',
  parentNotifiedSameDay: 'parent_not_notified',
  pupilDebriefHeld: 'pupil_debrief_missing',
  staffDebriefHeld: 'staff_debrief_missing',
  reviewed: 'not_reviewed',
  allStaffCertified: 'uncertified_restraint',
  holdsWithinCertifiedLevel: 'hold_above_certified_level',
};

/**
 * One incident against the Team Teach / DfE expectations. "Same day" is the same calendar date in
 * Europe/London as the incident (corrections applied). An exemption the DSL or headteacher recorded
 * satisfies the notification check (and is shown as an exemption, never as "notified"). Each
 * person who used a hold must have held an in-date physical-intervention certificate on the
 * incident's date, at a level that teaches each hold used; a certificate dated on or before that
 * day counts even when it was entered into the system later, because the person was certified;
 * what the system knew at a past instant is what a replay as of that instant shows. People who
 * used no hold (a seclusion, a restraint without contact) need no certificate. A named person not
 * registered (agency, volunteer) has no certificate on record, so a hold they used is a breach: the
 * school must be able to show they were trained. A step not yet done while its window is still
 * open at `asOf` is pending, not a breach.
 */
export function teamTeachChecks(facts: IncidentFacts): {
  checks: TeamTeachChecks;
  breaches: TeamTeachBreach[];
  pending: (keyof TeamTeachChecks)[];
} {
  const day = londonDate(facts.occurredAt);
  const asOf = Date.parse(facts.asOf);
  const open = (dueDate: string) => asOf <= endOfLondonDay(dueDate).getTime();
  const within = (done: boolean, dueDate: string): CheckOutcome => (done ? true : open(dueDate) ? 'pending' : false);
  const followUpsDue = addSchoolDays(day, facts.followUpSchoolDays);
  const holders = facts.staff.filter((s) => s.holds.length > 0);
  const certificatesOf = (staffId: string | null) => (staffId === null ? [] : facts.certificates.filter((c) => c.staffId === staffId));
  const certified = holders.filter((s) => isCertifiedOn(certificatesOf(s.staffId), PHYSICAL_INTERVENTION_COURSES, day));
  const checks: TeamTeachChecks = {
    recordedSameDay: londonDate(facts.recordedAt) <= day,
    parentNotifiedSameDay: within(
      facts.notifications.some((n) => n.exempted || (n.notifiedAt !== null && londonDate(n.notifiedAt) === day)),
      day,
    ),
    pupilDebriefHeld: within(facts.debriefKinds.includes('pupil'), followUpsDue),
    staffDebriefHeld: within(facts.debriefKinds.includes('staff'), followUpsDue),
    reviewed: within(facts.reviewed, followUpsDue),
    allStaffCertified: certified.length === holders.length,
    holdsWithinCertifiedLevel: certified.every(
      (s) => holdsNotCovered(certificatesOf(s.staffId), PHYSICAL_INTERVENTION_COURSES, s.holds, day).length === 0,
    ),
  };
  const keys = Object.keys(BREACH_OF) as (keyof TeamTeachChecks)[];
  return {
    checks,
    breaches: keys.filter((k) => checks[k] === false).map((k) => BREACH_OF[k]),
    pending: keys.filter((k) => checks[k] === 'pending'),
  };
}

export const TEAM_TEACH_CHECK_LABELS: Record<keyof TeamTeachChecks, string> = {
  recordedSameDay: 'Recorded same day',
  parentNotifiedSameDay: 'Parent notified same day',
  pupilDebriefHeld: 'Pupil debrief held',
  staffDebriefHeld: 'Staff debrief held',
  reviewed: 'Reviewed',
  allStaffCertified: 'All staff certified',
  holdsWithinCertifiedLevel: 'Holds within certified level',
};

export const TEAM_TEACH_BREACH_LABELS: Record<TeamTeachBreach, string> = {
  restraint_recorded_late: 'Not recorded on the day',
  parent_not_notified: 'Parent not told on the day',
  pupil_debrief_missing: 'No pupil debrief',
  staff_debrief_missing: 'No staff debrief',
  not_reviewed: 'No senior review',
  uncertified_restraint: 'Hold used without an in-date certificate',
  hold_above_certified_level: 'Hold used that the certificate held does not cover (e.g. a level 2 hold, level 1 certificate)',
};
