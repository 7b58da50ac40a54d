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
  'children_missing_education',
  'missing_from_home',
  'forced_marriage',
  'honour_based_abuse',
  'serious_violence',
  'county_lines',
  'sharing_nudes',
  'sexual_harassment',
  'private_fostering',
  'modern_slavery',
  'young_carer',
  'substance_misuse',
  'other',
] as const;
/** The categories every trust starts with; a trust adds its own (reference data), so a stored category is any code. */
export type DefaultConcernCategory = (typeof CONCERN_CATEGORIES)[number];
export type ConcernCategory = string;

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

export const CONCERN_CATEGORY_LABELS: Record<DefaultConcernCategory, string> = {
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
  children_missing_education: 'Children missing education',
  missing_from_home: 'Missing from home or care',
  forced_marriage: 'Forced marriage',
  honour_based_abuse: 'So-called honour-based abuse',
  serious_violence: 'Serious violence',
  county_lines: 'County lines',
  sharing_nudes: 'Sharing nudes and semi-nudes',
  sexual_harassment: 'Sexual violence and sexual harassment',
  private_fostering: 'Private fostering',
  modern_slavery: 'Modern slavery and trafficking',
  young_carer: 'Young carer',
  substance_misuse: 'Substance misuse',
  other: 'Other',
};

/** Short guidance staff see beside each category on the form (after KCSIE 2025 part one and annex B). */
export const CONCERN_CATEGORY_GUIDANCE: Record<DefaultConcernCategory, string> = {
  physical_abuse:
    'Hitting, shaking, throwing, burning, or any other physical harm — including marks a child cannot explain. Record exactly what you saw, use the body map, do not examine the child.',
  emotional_abuse:
    'Persistent emotional ill-treatment: being made to feel worthless, unloved, frightened or in danger, or seeing others ill-treated.',
  sexual_abuse:
    'Forcing or enticing a child to take part in sexual activity, contact or non-contact, online or offline. Do not ask leading questions; record the child’s own words.',
  neglect:
    'Persistent failure to meet basic needs: food, clothing, shelter, supervision, medical care, or responsiveness to emotional needs.',
  domestic_abuse:
    'Abuse between people in the child’s family or household; a child who sees, hears or experiences its effects is a victim in their own right.',
  online_safety: 'Harm through content, contact, conduct or commerce online: grooming, harmful content, pressure to share, scams.',
  self_harm: 'A child hurting themself, or talking about doing so. If there is immediate danger, get medical help first.',
  mental_health:
    'Changes in mood or behaviour that may show a child has suffered, or is at risk of, abuse, neglect or exploitation. Staff observe; they do not diagnose.',
  bullying: 'Repeated hurtful behaviour, including online and prejudice-based bullying. Consider whether it is child-on-child abuse.',
  child_on_child_abuse:
    'Abuse between children: physical, sexual, harassment, initiation violence, upskirting, abuse in relationships. Never dismiss it as “banter” or “part of growing up”.',
  radicalisation: 'Signs a child is being drawn into extremism or terrorism (the Prevent duty). The DSL considers a Channel referral.',
  child_sexual_exploitation:
    'A child manipulated or coerced into sexual activity in exchange for something they need or want, or for another’s advantage. It can happen even when the activity seems consensual.',
  child_criminal_exploitation: 'A child coerced or manipulated into criminal activity: carrying drugs or weapons, theft, or other crime.',
  fgm: 'Female genital mutilation. A teacher who discovers FGM on a girl under 18 must also report it to the police personally (the mandatory reporting duty).',
  attendance: 'Unexplained or persistent absence that may point to a safeguarding issue.',
  children_missing_education:
    'A child of compulsory school age not registered at a school and not receiving a suitable education otherwise, or repeatedly missing for long periods.',
  missing_from_home:
    'A child who runs away or goes missing from home or care — a known risk indicator for exploitation. Tell the DSL the same day.',
  forced_marriage:
    'A marriage entered into without the full and free consent of one or both parties (from 2023 any marriage under 18). Do not contact the family; the DSL contacts the Forced Marriage Unit.',
  honour_based_abuse:
    'Abuse committed to protect or defend the supposed honour of a family or community, including FGM, forced marriage and breast ironing. Do not approach the family.',
  serious_violence:
    'Signs a child is involved in, or at risk from, serious violence: unexplained injuries, new associates, carrying weapons, fear of particular areas.',
  county_lines: 'Gangs using children to move and sell drugs across areas: going missing, unexplained money or phones, travel out of area.',
  sharing_nudes:
    'Children sharing nude or semi-nude images or videos. Do not view, copy, print or forward the image; tell the DSL at once.',
  sexual_harassment:
    'Unwanted conduct of a sexual nature, online or offline, between children, or sexual violence. Take it seriously and record the child’s words.',
  private_fostering:
    'A child under 16 (under 18 if disabled) cared for for 28 days or more by someone who is not a close relative, by private arrangement. The school tells the local authority.',
  modern_slavery: 'Human trafficking, slavery, servitude, forced or compulsory labour, including sexual and criminal exploitation.',
  young_carer: 'A child who looks after a family member who is ill, disabled or misuses substances; they may need early help.',
  substance_misuse: 'A child using, or affected by a carer’s use of, drugs or alcohol.',
  other: 'Anything else that worries you about a child’s safety or welfare. Say what you saw and heard.',
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

// ---- after triage: referrals, information sharing ----

/** The agencies a DSL refers to (Working Together 2023). */
export const REFERRAL_AGENCIES = ['childrens_social_care', 'police', 'early_help', 'lado', 'camhs', 'health', 'other'] as const;
export type ReferralAgency = (typeof REFERRAL_AGENCIES)[number];

export const REFERRAL_OUTCOMES = ['section_47', 'section_17', 'early_help', 'advice_given', 'no_further_action', 'other'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

/** The basis on which information was shared (Information sharing advice, 2024: consent is not the only lawful basis). */
export const CONSENT_BASES = ['given', 'not_sought', 'refused_overridden'] as const;
export type ConsentBasis = (typeof CONSENT_BASES)[number];

export const REFERRAL_AGENCY_LABELS: Record<ReferralAgency, string> = {
  childrens_social_care: "Children's social care / MASH",
  police: 'Police',
  early_help: 'Early help',
  lado: 'LADO',
  camhs: 'CAMHS',
  health: 'Health (GP, school nurse, health visitor)',
  other: 'Other agency',
};

export const REFERRAL_OUTCOME_LABELS: Record<ReferralOutcome, string> = {
  section_47: 'Section 47 enquiry (child protection)',
  section_17: 'Section 17 assessment (child in need)',
  early_help: 'Stepped down to early help',
  advice_given: 'Advice given',
  no_further_action: 'No further action',
  other: 'Other',
};

export const CONSENT_BASIS_LABELS: Record<ConsentBasis, string> = {
  given: 'Consent given',
  not_sought: 'Consent not sought',
  refused_overridden: 'Consent refused and overridden',
};

/**
 * Which closure reasons agree with each triage decision. `moved_school` and `other` agree with any
 * (the rationale says why); a reason outside the list contradicts the decision and needs an override.
 */
export const CLOSURE_REASONS_FOR_DECISION: Record<ConcernTriageDecision, readonly ConcernClosureReasonCode[]> = {
  monitor: ['monitoring_complete', 'resolved_in_school', 'no_further_action', 'moved_school', 'other'],
  early_help: ['early_help_in_place', 'monitoring_complete', 'moved_school', 'other'],
  // The agency may answer "no further action": closing so agrees with having referred.
  refer_childrens_social_care: ['referred_to_csc', 'early_help_in_place', 'no_further_action', 'moved_school', 'other'],
  refer_police: ['referred_to_police', 'no_further_action', 'moved_school', 'other'],
  refer_lado: ['no_further_action', 'resolved_in_school', 'moved_school', 'other'],
  no_further_action: ['no_further_action', 'resolved_in_school', 'monitoring_complete', 'moved_school', 'other'],
};

// ---- the DSL's own entries in a pupil's chronology ----

export const DSL_ENTRY_KINDS = ['phone_call', 'meeting', 'strategy_discussion', 'home_visit', 'other'] as const;
export type DslEntryKind = (typeof DSL_ENTRY_KINDS)[number];

export const DSL_ENTRY_KIND_LABELS: Record<DslEntryKind, string> = {
  phone_call: 'Phone call',
  meeting: 'Meeting',
  strategy_discussion: 'Strategy discussion',
  home_visit: 'Home visit',
  other: 'Other',
};
