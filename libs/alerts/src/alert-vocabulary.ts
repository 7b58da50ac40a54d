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

/** What an alert is about: the records a DSL opens from it. */
export interface AlertSubject {
  pupilId?: string;
  staffId?: string;
  concernId?: string;
  incidentId?: string;
  coverAssignmentId?: string;
}
