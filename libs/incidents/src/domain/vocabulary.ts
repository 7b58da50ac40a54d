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
