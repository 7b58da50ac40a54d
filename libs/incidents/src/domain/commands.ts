import type { StaffRole } from '#domain/workforce';
import type {
  DebriefKind,
  IncidentFieldValue,
  IncidentForceType,
  IncidentReason,
  ParentNotificationMethod,
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
  forceType: IncidentForceType;
  reason: IncidentReason;
  pupilInjury: string;
  staffInjury: string;
  aftercare: string;
  witnesses?: string[];
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

/** Either the parent was told (notifiedAt, method, notifiedBy) or an exemption reason is given. */
export interface RecordParentNotification {
  type: 'RecordParentNotification';
  notifiedAt?: string;
  method?: ParentNotificationMethod;
  /** A staff id or the name of whoever told the parent. */
  notifiedBy?: string;
  exemptionReason?: string;
  by: string;
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

export type IncidentCommand = RecordIncident | CorrectIncident | RecordParentNotification | RecordDebrief | ReviewIncident;
