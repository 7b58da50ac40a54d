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

/** v1's type of force: still accepted on POST /api/incidents and mapped, and kept on v1 records. */
export const INCIDENT_FORCE_TYPES = ['restraint', 'seclusion', 'restrictive_hold', 'guide_escort'] as const;
export type IncidentForceType = (typeof INCIDENT_FORCE_TYPES)[number];

/**
 * The restrictive interventions of DfE's guidance and the Schools (Recording and Reporting of
 * Seclusion and Restraint) (No. 2) (England) Regulations 2025.
 */
export const INTERVENTION_TYPES = [
  'physical_restraint',
  'restraint_without_contact',
  'seclusion',
  'mechanical_restraint',
  'guide_escort',
] as const;
export type InterventionType = (typeof INTERVENTION_TYPES)[number];

/**
 * Which types are carried out with holds (each member of staff names theirs). Seclusion, restraint
 * without contact and mechanical restraint (a device) involve no hold.
 */
export const INTERVENTION_USES_HOLDS: Record<InterventionType, boolean> = {
  physical_restraint: true,
  restraint_without_contact: false,
  seclusion: false,
  mechanical_restraint: false,
  guide_escort: true,
};

/** v1's force types as the regulations name them: a restrictive hold is a physical restraint. */
export const INTERVENTION_TYPE_OF_FORCE_TYPE: Record<IncidentForceType, InterventionType> = {
  restraint: 'physical_restraint',
  restrictive_hold: 'physical_restraint',
  seclusion: 'seclusion',
  guide_escort: 'guide_escort',
};

export const INJURED_PERSONS = ['pupil', 'staff'] as const;
export type InjuredPerson = (typeof INJURED_PERSONS)[number];

/** An injury from the incident: who, what, where on the body (the body map's regions), and what followed. */
export interface Injury {
  person: InjuredPerson;
  /** The member of staff injured, when registered (a named agency worker is described instead). */
  staffId?: string;
  description: string;
  bodyMap: string[];
  firstAidGiven: boolean;
  medicalAttention: boolean;
  /** Reportable to the HSE under RIDDOR 2013 (e.g. a pupil taken to hospital, a staff injury over 7 days). */
  riddorReportable: boolean;
}

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

/** Who may be told, as the record names them. */
export const PARENT_RELATIONSHIPS = ['mother', 'father', 'parent', 'carer', 'foster_carer', 'guardian', 'social_worker', 'other'] as const;
export type ParentRelationship = (typeof PARENT_RELATIONSHIPS)[number];

/**
 * Roles that may decide parents are not told (telling them would put the child at risk of
 * significant harm): DfE's guidance leaves that to the DSL or the headteacher.
 */
export const PARENT_NOTIFICATION_EXEMPTION_ROLES = ['dsl', 'headteacher'] as const;

export const DEBRIEF_KINDS = ['pupil', 'staff'] as const;
export type DebriefKind = (typeof DEBRIEF_KINDS)[number];

/** Roles whose review closes the loop on an incident. */
export const INCIDENT_REVIEWER_ROLES = ['dsl', 'headteacher'] as const;

export interface PupilSenAtTheTime {
  sen: boolean;
  ehcp: boolean;
}

/**
 * A member of staff involved: a registered one by id, or an agency worker or volunteer (not
 * registered) by name and a description of their role. Holds are empty where the type uses none.
 */
export interface StaffInvolvement {
  staffId?: string;
  name?: string;
  roleDescription?: string;
  holds: string[];
  /** Why this person's action was reasonable, necessary and proportionate. */
  justification?: string;
}

/** How a person involved is named in messages and audits (a registered member of staff by id). */
export const involvedKey = (s: StaffInvolvement): string => s.staffId ?? `named:${s.name ?? ''}`;

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
  interventionType: InterventionType;
  reason: IncidentReason;
  injuries: Injury[];
  aftercare: string;
  witnesses: string[];
  /** v1 records only (read through the upcaster): the force type as recorded, and the free-text injuries. */
  forceType?: IncidentForceType;
  pupilInjury?: string;
  staffInjury?: string;
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
  'interventionType',
  'reason',
  'injuries',
  'aftercare',
  'witnesses',
] as const satisfies readonly (keyof IncidentRecord)[];
export type CorrectableIncidentField = (typeof CORRECTABLE_INCIDENT_FIELDS)[number];

/** Fields v1 corrections may have changed: read still, never corrected again (injuries replace them). */
export type LegacyIncidentField = 'pupilInjury' | 'staffInjury';

/** A field with a value of that field's type. */
export type IncidentFieldValue = {
  [K in CorrectableIncidentField | LegacyIncidentField]: { field: K; value: NonNullable<IncidentRecord[K]> };
}[CorrectableIncidentField | LegacyIncidentField];

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

export const INTERVENTION_TYPE_LABELS: Record<InterventionType, string> = {
  physical_restraint: 'Physical restraint',
  restraint_without_contact: 'Restraint without contact',
  seclusion: 'Seclusion',
  mechanical_restraint: 'Mechanical restraint',
  guide_escort: 'Guide or escort',
};

export const INJURED_PERSON_LABELS: Record<InjuredPerson, string> = { pupil: 'The pupil', staff: 'A member of staff' };

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

export const PARENT_RELATIONSHIP_LABELS: Record<ParentRelationship, string> = {
  mother: 'Mother',
  father: 'Father',
  parent: 'Parent',
  carer: 'Carer',
  foster_carer: 'Foster carer',
  guardian: 'Guardian',
  social_worker: 'Social worker (corporate parent)',
  other: 'Other',
};

export const DEBRIEF_KIND_LABELS: Record<DebriefKind, string> = { pupil: 'Pupil debrief', staff: 'Staff debrief' };

export const CORRECTABLE_INCIDENT_FIELD_LABELS: Record<CorrectableIncidentField | LegacyIncidentField, string> = {
  occurredAt: 'Start time',
  endedAt: 'End time',
  location: 'Location',
  staffInvolved: 'Staff involved',
  antecedents: 'What happened before',
  deEscalation: 'De-escalation',
  interventionType: 'Type of intervention',
  reason: 'Reason',
  injuries: 'Injuries',
  aftercare: 'Aftercare',
  witnesses: 'Witnesses',
  pupilInjury: 'Injury to the pupil (v1 free text)',
  staffInjury: 'Injury to staff (v1 free text)',
};
