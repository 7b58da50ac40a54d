/** The school's words for a safeguarding concern (KCSIE categories, DSL triage decisions). */

export const CONCERN_CATEGORIES = [
  'physical_abuse',
  'emotional_abuse',
  'sexual_abuse',
  'neglect',
  'domestic_abuse',
  'online_safety',
  'self_harm',
  'mental_health',
  'bullying',
  'child_on_child_abuse',
  'radicalisation',
  'child_sexual_exploitation',
  'child_criminal_exploitation',
  'fgm',
  'attendance',
  'other',
] as const;
export type ConcernCategory = (typeof CONCERN_CATEGORIES)[number];

export const MAX_CONCERN_CATEGORIES = 3;
export const MAX_CONCERN_SUMMARY_LENGTH = 200;

export const CONCERN_URGENCIES = ['routine', 'urgent', 'immediate_danger'] as const;
export type ConcernUrgency = (typeof CONCERN_URGENCIES)[number];

export const CONCERN_RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type ConcernRiskLevel = (typeof CONCERN_RISK_LEVELS)[number];

export const CONCERN_TRIAGE_DECISIONS = [
  'monitor',
  'early_help',
  'refer_childrens_social_care',
  'refer_police',
  'refer_lado',
  'no_further_action',
] as const;
export type ConcernTriageDecision = (typeof CONCERN_TRIAGE_DECISIONS)[number];

export const CONCERN_CLOSURE_REASON_CODES = [
  'no_further_action',
  'referred_to_csc',
  'referred_to_police',
  'early_help_in_place',
  'monitoring_complete',
  'resolved_in_school',
  'moved_school',
  'other',
] as const;
export type ConcernClosureReasonCode = (typeof CONCERN_CLOSURE_REASON_CODES)[number];

/**
 * Who receives and handles the concern: the DSL for a concern about pupils; for a concern about an
 * adult the case manager (KCSIE part four) — the headteacher, or the trust's safeguarding lead when
 * the headteacher is the adult concerned. Never someone who may be the adult concerned.
 */
export type ConcernRoute = 'dsl' | 'headteacher' | 'trust_safeguarding_lead';

export type ConcernStatus = 'open' | 'acknowledged' | 'triaged' | 'closed';

/**
 * The adult a concern is about: a member of staff, or someone named who is not registered (a
 * volunteer, contractor, supply or agency worker), with what they do at the school.
 */
export interface AdultSubject {
  staffId?: string;
  name?: string;
  roleDescription?: string;
}

/** KCSIE part four's definitions of the outcome of an allegation. */
export const ALLEGATION_OUTCOMES = ['substantiated', 'false', 'malicious', 'unsubstantiated', 'unfounded'] as const;
export type AllegationOutcome = (typeof ALLEGATION_OUTCOMES)[number];

export interface BodyMapMark {
  region: string;
  note: string;
}
