import type { StaffRole } from '#domain/workforce';
import type {
  DebriefKind,
  IncidentFieldValue,
  IncidentForceType,
  IncidentReason,
  Injury,
  InterventionType,
  ParentNotificationMethod,
  ParentRelationship,
  PupilSenAtTheTime,
  StaffInvolvement,
} from './vocabulary.js';

export interface RecordIncident {
  type: 'RecordIncident';
  incidentId: string;
  pupilId: string;
  /** Looked up by the handler from the pupil's stream: the status when it happened is what counts. */
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
  witnesses?: string[];
  /** A v1 client's force type (mapped to interventionType by the handler) and free-text injuries, kept as given. */
  forceType?: IncidentForceType;
  pupilInjury?: string;
  staffInjury?: string;
  recordedBy: string;
  now: string;
}

export type CorrectIncident = {
  type: 'CorrectIncident';
  correctionId: string;
  reason: string;
  by: string;
  now: string;
} & IncidentFieldValue;

/** Who told which parent or carer, when, how and what; and when a copy of the record went to them. */
export interface RecordParentNotification {
  type: 'RecordParentNotification';
  notifiedAt: string;
  method: ParentNotificationMethod;
  /** A staff id or the name of whoever told the parent. */
  notifiedBy: string;
  parentName: string;
  relationship: ParentRelationship;
  summaryShared: string;
  recordCopySentAt?: string;
  by: string;
  now: string;
}

/** Parents are not told because telling them would put the child at risk of significant harm. */
export interface ExemptParentNotification {
  type: 'ExemptParentNotification';
  reason: string;
  significantHarmRisk: boolean;
  by: string;
  byRoles: StaffRole[];
  now: string;
}

export interface RecordDebrief {
  type: 'RecordDebrief';
  debriefId: string;
  kind: DebriefKind;
  heldAt: string;
  notes: string;
  by: string;
  now: string;
}

export interface ReviewIncident {
  type: 'ReviewIncident';
  notes: string;
  by: string;
  byRoles: StaffRole[];
  now: string;
}

export type IncidentCommand =
  RecordIncident | CorrectIncident | RecordParentNotification | ExemptParentNotification | RecordDebrief | ReviewIncident;
