/** The statutory record of a restraint / physical intervention (Team Teach, PROACT-SCIPr-UK). */

/**
 * Team Teach holds, for pickers and reports. Only a reference: schools train other approved
 * techniques (PROACT-SCIPr-UK), so the decider accepts any named hold.
 */
export const TEAM_TEACH_HOLDS = [
  'caring_c_guide',
  'friendly_escort',
  'single_elbow',
  'figure_of_four',
  'double_elbow',
  'half_shield',
  'full_shield',
  'wrap',
  'seated_wrap',
  'small_child_escort',
  'sitting_in_a_wrap',
  'help_hug',
] as const;
export type TeamTeachHold = (typeof TEAM_TEACH_HOLDS)[number];

export const INCIDENT_FORCE_TYPES = ['restraint', 'seclusion', 'restrictive_hold', 'guide_escort'] as const;
export type IncidentForceType = (typeof INCIDENT_FORCE_TYPES)[number];

export const INCIDENT_REASONS = [
  'risk_of_injury_to_self',
  'risk_of_injury_to_others',
  'damage_to_property',
  'committing_offence',
  'good_order',
] as const;
export type IncidentReason = (typeof INCIDENT_REASONS)[number];

export const PARENT_NOTIFICATION_METHODS = ['phone', 'in_person', 'email', 'letter', 'text_message'] as const;
export type ParentNotificationMethod = (typeof PARENT_NOTIFICATION_METHODS)[number];

export const DEBRIEF_KINDS = ['pupil', 'staff'] as const;
export type DebriefKind = (typeof DEBRIEF_KINDS)[number];

/** Roles whose review closes the loop on an incident. */
export const INCIDENT_REVIEWER_ROLES = ['dsl', 'headteacher'] as const;

export interface PupilSenAtTheTime {
  sen: boolean;
  ehcp: boolean;
}

export interface StaffInvolvement {
  staffId: string;
  holds: string[];
}

/** The statutory fields as they stand (after corrections). */
export interface IncidentRecord {
  pupilId: string;
  pupilSen: PupilSenAtTheTime;
  occurredAt: string;
  endedAt: string;
  location: string;
  staffInvolved: StaffInvolvement[];
  antecedents: string;
  deEscalation: string[];
  forceType: IncidentForceType;
  reason: IncidentReason;
  pupilInjury: string;
  staffInjury: string;
  aftercare: string;
  witnesses: string[];
}

/**
 * Fields a correction may change. The pupil and their SEN status are not among them: a record
 * about the wrong child is a different incident, not a correction.
 */
export const CORRECTABLE_INCIDENT_FIELDS = [
  'occurredAt',
  'endedAt',
  'location',
  'staffInvolved',
  'antecedents',
  'deEscalation',
  'forceType',
  'reason',
  'pupilInjury',
  'staffInjury',
  'aftercare',
  'witnesses',
] as const satisfies readonly (keyof IncidentRecord)[];
export type CorrectableIncidentField = (typeof CORRECTABLE_INCIDENT_FIELDS)[number];

/** A field with a value of that field's type. */
export type IncidentFieldValue = {
  [K in CorrectableIncidentField]: { field: K; value: IncidentRecord[K] };
}[CorrectableIncidentField];

// ---- the words people read for these codes (served by GET /api/vocabulary) ----

export const TEAM_TEACH_HOLD_LABELS: Record<TeamTeachHold, string> = {
  caring_c_guide: 'Caring C guide',
  friendly_escort: 'Friendly escort',
  single_elbow: 'Single elbow',
  figure_of_four: 'Figure of four',
  double_elbow: 'Double elbow',
  half_shield: 'Half shield',
  full_shield: 'Full shield',
  wrap: 'Wrap',
  seated_wrap: 'Seated wrap',
  small_child_escort: 'Small child escort',
  sitting_in_a_wrap: 'Sitting in a wrap',
  help_hug: 'Help hug',
};

/** De-escalation strategies offered as choices; like holds, the decider accepts any named strategy. */
export const DE_ESCALATION_STRATEGIES = [
  'calm_talking',
  'choices_offered',
  'distraction',
  'time_out_offered',
  'change_of_face',
  'humour',
  'planned_ignoring',
  'removing_audience',
  'removing_triggers',
  'success_reminder',
  'sensory_support',
] as const;
export type DeEscalationStrategy = (typeof DE_ESCALATION_STRATEGIES)[number];

export const DE_ESCALATION_LABELS: Record<DeEscalationStrategy, string> = {
  calm_talking: 'Calm talking and reassurance',
  choices_offered: 'Choices offered',
  distraction: 'Distraction or diversion',
  time_out_offered: 'Time out or a safe space offered',
  change_of_face: 'Change of face (another adult)',
  humour: 'Humour',
  planned_ignoring: 'Planned ignoring',
  removing_audience: 'Other pupils moved away',
  removing_triggers: 'Objects or triggers removed',
  success_reminder: 'Reminder of past success',
  sensory_support: 'Sensory support',
};

export const INCIDENT_FORCE_TYPE_LABELS: Record<IncidentForceType, string> = {
  restraint: 'Restraint',
  seclusion: 'Seclusion',
  restrictive_hold: 'Restrictive hold',
  guide_escort: 'Guide or escort',
};

export const INCIDENT_REASON_LABELS: Record<IncidentReason, string> = {
  risk_of_injury_to_self: 'Risk of injury to the pupil themself',
  risk_of_injury_to_others: 'Risk of injury to others',
  damage_to_property: 'Serious damage to property',
  committing_offence: 'Committing an offence',
  good_order: 'Maintaining good order and discipline',
};

export const PARENT_NOTIFICATION_METHOD_LABELS: Record<ParentNotificationMethod, string> = {
  phone: 'Phone call',
  in_person: 'In person',
  email: 'Email',
  letter: 'Letter',
  text_message: 'Text message',
};

export const DEBRIEF_KIND_LABELS: Record<DebriefKind, string> = { pupil: 'Pupil debrief', staff: 'Staff debrief' };

export const CORRECTABLE_INCIDENT_FIELD_LABELS: Record<CorrectableIncidentField, string> = {
  occurredAt: 'Start time',
  endedAt: 'End time',
  location: 'Location',
  staffInvolved: 'Staff involved',
  antecedents: 'What happened before',
  deEscalation: 'De-escalation',
  forceType: 'Type of force',
  reason: 'Reason',
  pupilInjury: 'Injury to the pupil',
  staffInjury: 'Injury to staff',
  aftercare: 'Aftercare',
  witnesses: 'Witnesses',
};
