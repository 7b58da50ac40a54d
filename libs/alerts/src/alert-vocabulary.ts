import type { Role } from '#lib/kernel';

/** An alert's kind: each rule family names the kinds it raises (see AlertRules.kinds). */
export type AlertKind = string;

export const ALERT_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type AlertPriority = (typeof ALERT_PRIORITIES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * The role an alert is addressed to. Seniors see what is addressed to juniors, never the reverse. The
 * trust's safeguarding lead is addressed only what they manage: concerns about a headteacher.
 */
export const ALERT_AUDIENCES = ['dsl', 'deputy_dsl', 'headteacher', 'trust_safeguarding_lead'] as const;
export type AlertAudience = (typeof ALERT_AUDIENCES)[number];

/** 0: the DSL; 1: escalated to the deputy DSL; 2: escalated to the headteacher. */
export type EscalationLevel = 0 | 1 | 2;

/**
 * The audiences a caller's roles let them see: the headteacher the school's (including concerns about
 * adults they manage), the deputy DSL the DSL's alerts and escalations to them, the DSL the DSL's
 * only, the trust's safeguarding lead theirs. Trust auditors read every alert of a school of their
 * trust. Everyone else: nothing. Whatever the audience, an alert about a concern whose adult is the
 * caller is never shown to them (Alert.aboutStaffId, enforced by row-level security).
 */
export function visibleAudiences(roles: readonly Role[]): AlertAudience[] {
  const seen = new Set<AlertAudience>();
  for (const role of roles) {
    if (role === 'trust_auditor') ALERT_AUDIENCES.forEach((a) => seen.add(a));
    if (role === 'headteacher') ['dsl', 'deputy_dsl', 'headteacher'].forEach((a) => seen.add(a as AlertAudience));
    if (role === 'deputy_dsl') ['dsl', 'deputy_dsl'].forEach((a) => seen.add(a as AlertAudience));
    if (role === 'dsl') seen.add('dsl');
    if (role === 'trust_safeguarding_lead') seen.add('trust_safeguarding_lead');
  }
  return ALERT_AUDIENCES.filter((a) => seen.has(a));
}

// ---- the words people read for these codes (served by GET /api/vocabulary) ----

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  concern_raised: 'New concern',
  concern_unacknowledged: 'Concern not acknowledged',
  pupil_concern_pattern: 'Pattern of concerns about a pupil',
  restraint_recorded: 'Restraint recorded',
  restraint_recorded_late: 'Restraint recorded late',
  parent_not_notified: 'Parent not notified',
  debrief_overdue: 'Debrief overdue',
  uncertified_restraint: 'Restraint by uncertified staff',
  repeat_restraint: 'Repeated restraint — review the behaviour plan',
  adult_low_level_pattern: 'Pattern of low-level concerns about an adult',
  training_expired: 'Training expired',
  training_due: 'Training due',
  cover_over_cap: 'Cover over the cap',
  cover_long_term: 'Long-term cover',
  allegation_raised: 'Allegation about an adult',
  lado_referral_due: 'LADO referral due',
  behaviour_plan_review_due: 'Behaviour support plan due for review',
  referral_response_overdue: 'Referral response overdue',
  cp_transfer_due: 'Child protection file not received',
  cp_transfer_incoming: 'Child protection file on its way to you',
};

/**
 * Safeguarding alerts are about a child or an adult and come first in the inbox; compliance alerts
 * are about the school's paperwork, training and cover, and are grouped by kind.
 */
export const ALERT_KIND_FAMILIES: Record<AlertKind, 'safeguarding' | 'compliance'> = {
  concern_raised: 'safeguarding',
  concern_unacknowledged: 'safeguarding',
  pupil_concern_pattern: 'safeguarding',
  restraint_recorded: 'safeguarding',
  repeat_restraint: 'safeguarding',
  adult_low_level_pattern: 'safeguarding',
  uncertified_restraint: 'compliance',
  restraint_recorded_late: 'compliance',
  parent_not_notified: 'compliance',
  debrief_overdue: 'compliance',
  training_expired: 'compliance',
  training_due: 'compliance',
  cover_over_cap: 'compliance',
  cover_long_term: 'compliance',
  allegation_raised: 'safeguarding',
  lado_referral_due: 'safeguarding',
  behaviour_plan_review_due: 'compliance',
  cp_transfer_due: 'safeguarding',
  cp_transfer_incoming: 'safeguarding',
};

export const ALERT_PRIORITY_LABELS: Record<AlertPriority, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

export const ALERT_STATUS_LABELS: Record<AlertStatus, string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };

export const ESCALATION_LEVEL_LABELS: Record<`${EscalationLevel}`, string> = {
  '0': 'With the DSL',
  '1': 'Escalated to the deputy DSL',
  '2': 'Escalated to the headteacher',
};

/** What an alert is about: the records a DSL opens from it. */
export interface AlertSubject {
  pupilId?: string;
  staffId?: string;
  concernId?: string;
  incidentId?: string;
  coverAssignmentId?: string;
  /** Names of the pupil and the member of staff, for the inbox (GET /api/alerts); ids stay for links. */
  pupilName?: string;
  staffName?: string;
}
