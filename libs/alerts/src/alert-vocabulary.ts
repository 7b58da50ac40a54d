import type { Role } from '#lib/kernel';

/** An alert's kind: each rule family names the kinds it raises (see AlertRules.kinds). */
export type AlertKind = string;

export const ALERT_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
export type AlertPriority = (typeof ALERT_PRIORITIES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** The role an alert is addressed to. Seniors see what is addressed to juniors, never the reverse. */
export const ALERT_AUDIENCES = ['dsl', 'deputy_dsl', 'headteacher'] as const;
export type AlertAudience = (typeof ALERT_AUDIENCES)[number];

/** 0: the DSL; 1: escalated to the deputy DSL; 2: escalated to the headteacher. */
export type EscalationLevel = 0 | 1 | 2;

/**
 * The audiences a caller's roles let them see: the headteacher everything (including concerns about
 * adults), the deputy DSL the DSL's alerts and escalations to them, the DSL the DSL's only. Trust
 * auditors read every alert of a school of their trust. Everyone else: nothing.
 */
export function visibleAudiences(roles: readonly Role[]): AlertAudience[] {
  const seen = new Set<AlertAudience>();
  for (const role of roles) {
    if (role === 'headteacher' || role === 'trust_auditor') ALERT_AUDIENCES.forEach((a) => seen.add(a));
    if (role === 'deputy_dsl') ['dsl', 'deputy_dsl'].forEach((a) => seen.add(a as AlertAudience));
    if (role === 'dsl') seen.add('dsl');
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
