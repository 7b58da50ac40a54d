import { isCertifiedOn, PHYSICAL_INTERVENTION_COURSES, type CompletionPeriod } from '#lib/workforce';
import { londonDate } from '#lib/kernel';

export const TEAM_TEACH_BREACHES = [
  'restraint_recorded_late',
  'parent_not_notified',
  'pupil_debrief_missing',
  'staff_debrief_missing',
  'not_reviewed',
  'uncertified_restraint',
] as const;
export type TeamTeachBreach = (typeof TEAM_TEACH_BREACHES)[number];

export interface TeamTeachChecks {
  recordedSameDay: boolean;
  parentNotifiedSameDay: boolean;
  pupilDebriefHeld: boolean;
  staffDebriefHeld: boolean;
  reviewed: boolean;
  allStaffCertified: boolean;
}

export interface IncidentFacts {
  occurredAt: string;
  recordedAt: string;
  staffIds: string[];
  /** Each notification's time; null for an exemption. */
  notifications: { notifiedAt: string | null; exempted: boolean }[];
  debriefKinds: string[];
  reviewed: boolean;
  /** Physical-intervention certificates of the staff involved. */
  certificates: (CompletionPeriod & { staffId: string })[];
}

const BREACH_OF: Record<keyof TeamTeachChecks, TeamTeachBreach> = {
  recordedSameDay: 'restraint_recorded_late',
  parentNotifiedSameDay: 'parent_not_notified',
  pupilDebriefHeld: 'pupil_debrief_missing',
  staffDebriefHeld: 'staff_debrief_missing',
  reviewed: 'not_reviewed',
  allStaffCertified: 'uncertified_restraint',
};

/**
 * One incident against the Team Teach / DfE expectations. "Same day" is the same calendar date in
 * Europe/London as the incident (corrections applied). A recorded exemption (a reason the parent
 * was not told) satisfies the notification check. Each member of staff involved must have held an
 * in-date physical-intervention certificate on the incident's date: a certificate dated on or
 * before that day counts even when it was entered into the system later, because the person was
 * certified; what the system knew at a past instant is what a replay as of that instant shows.
 */
export function teamTeachChecks(facts: IncidentFacts): { checks: TeamTeachChecks; breaches: TeamTeachBreach[] } {
  const day = londonDate(facts.occurredAt);
  const checks: TeamTeachChecks = {
    recordedSameDay: londonDate(facts.recordedAt) <= day,
    parentNotifiedSameDay: facts.notifications.some((n) => n.exempted || (n.notifiedAt !== null && londonDate(n.notifiedAt) === day)),
    pupilDebriefHeld: facts.debriefKinds.includes('pupil'),
    staffDebriefHeld: facts.debriefKinds.includes('staff'),
    reviewed: facts.reviewed,
    allStaffCertified: facts.staffIds.every((staffId) =>
      isCertifiedOn(
        facts.certificates.filter((c) => c.staffId === staffId),
        PHYSICAL_INTERVENTION_COURSES,
        day,
      ),
    ),
  };
  const breaches = (Object.keys(BREACH_OF) as (keyof TeamTeachChecks)[]).filter((k) => !checks[k]).map((k) => BREACH_OF[k]);
  return { checks, breaches };
}

export const TEAM_TEACH_CHECK_LABELS: Record<keyof TeamTeachChecks, string> = {
  recordedSameDay: 'Recorded same day',
  parentNotifiedSameDay: 'Parent notified same day',
  pupilDebriefHeld: 'Pupil debrief held',
  staffDebriefHeld: 'Staff debrief held',
  reviewed: 'Reviewed',
  allStaffCertified: 'All staff certified',
};

export const TEAM_TEACH_BREACH_LABELS: Record<TeamTeachBreach, string> = {
  restraint_recorded_late: 'Not recorded on the day',
  parent_not_notified: 'Parent not told on the day',
  pupil_debrief_missing: 'No pupil debrief',
  staff_debrief_missing: 'No staff debrief',
  not_reviewed: 'No senior review',
  uncertified_restraint: 'Hold used without an in-date certificate',
};
