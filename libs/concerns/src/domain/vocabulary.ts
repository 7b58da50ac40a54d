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

// ---- the words people read for these codes (served by GET /api/vocabulary) ----

export const CONCERN_CATEGORY_LABELS: Record<ConcernCategory, string> = {
  physical_abuse: 'Physical abuse',
  emotional_abuse: 'Emotional abuse',
  sexual_abuse: 'Sexual abuse',
  neglect: 'Neglect',
  domestic_abuse: 'Domestic abuse',
  online_safety: 'Online safety',
  self_harm: 'Self-harm',
  mental_health: 'Mental health',
  bullying: 'Bullying',
  child_on_child_abuse: 'Child-on-child abuse',
  radicalisation: 'Radicalisation',
  child_sexual_exploitation: 'Child sexual exploitation',
  child_criminal_exploitation: 'Child criminal exploitation',
  fgm: 'Female genital mutilation (FGM)',
  attendance: 'Attendance',
  other: 'Other',
};

export const CONCERN_URGENCY_LABELS: Record<ConcernUrgency, string> = {
  routine: 'Routine',
  urgent: 'Urgent',
  immediate_danger: 'Immediate danger',
};

/** What each urgency asks of the DSL, shown beside the choice. */
export const CONCERN_URGENCY_HINTS: Record<ConcernUrgency, string> = {
  routine: 'The DSL should know today.',
  urgent: 'The DSL must act within the hour.',
  immediate_danger: 'The child is at risk now. Also find the DSL in person or call 999.',
};

export const CONCERN_STATUS_LABELS: Record<ConcernStatus, string> = {
  open: 'Open — waiting for the DSL',
  acknowledged: 'Acknowledged by the DSL',
  triaged: 'Triaged — a decision is recorded',
  closed: 'Closed',
};

export const CONCERN_RISK_LEVEL_LABELS: Record<ConcernRiskLevel, string> = { low: 'Low', medium: 'Medium', high: 'High' };

export const CONCERN_TRIAGE_DECISION_LABELS: Record<ConcernTriageDecision, string> = {
  monitor: 'Monitor',
  early_help: 'Early help',
  refer_childrens_social_care: "Refer to children's social care",
  refer_police: 'Refer to the police',
  refer_lado: 'Refer to the LADO',
  no_further_action: 'No further action',
};

export const CONCERN_CLOSURE_REASON_LABELS: Record<ConcernClosureReasonCode, string> = {
  no_further_action: 'No further action',
  referred_to_csc: "Referred to children's social care",
  referred_to_police: 'Referred to police',
  early_help_in_place: 'Early help in place',
  monitoring_complete: 'Monitoring complete',
  resolved_in_school: 'Resolved in school',
  moved_school: 'Moved school',
  other: 'Other',
};

// The body map's regions are the shared kernel's: a restraint's injuries are marked on the same figure.
export { BODY_MAP_REGIONS, type BodyMapRegion, BODY_MAP_REGION_LABELS } from '#lib/kernel';

/** KCSIE part four's definitions, shown beside each outcome. */
export const ALLEGATION_OUTCOME_HINTS: Record<AllegationOutcome, string> = {
  substantiated: 'There is sufficient evidence to prove the allegation.',
  false: 'There is sufficient evidence to disprove the allegation.',
  malicious: 'There is sufficient evidence to disprove the allegation, and there has been a deliberate act to deceive.',
  unsubstantiated: 'There is insufficient evidence either to prove or disprove the allegation. This does not imply guilt or innocence.',
  unfounded: 'There is no evidence or proper basis which supports the allegation being made.',
};

export const CONCERN_ROUTE_LABELS: Record<ConcernRoute, string> = {
  dsl: 'The DSL',
  headteacher: 'The headteacher, as case manager',
  trust_safeguarding_lead: 'The trust’s safeguarding lead, as case manager',
};

export const ALLEGATION_OUTCOME_LABELS: Record<AllegationOutcome, string> = {
  substantiated: 'Substantiated',
  false: 'False',
  malicious: 'Malicious',
  unsubstantiated: 'Unsubstantiated',
  unfounded: 'Unfounded',
};
