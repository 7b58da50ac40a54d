import type { DomainEvent } from '#lib/kernel';
import type {
  DebriefKind,
  IncidentFieldValue,
  IncidentForceType,
  IncidentRecord,
  ParentNotificationMethod,
  ParentRelationship,
  PupilSenAtTheTime,
} from './vocabulary.js';

export type IncidentRecorded = DomainEvent<
  'IncidentRecorded',
  IncidentRecord & {
    incidentId: string;
    /** Whole minutes from occurredAt to endedAt, rounded up so a restraint is never under-reported. */
    durationMinutes: number;
    recordedBy: string;
    recordedAt: string;
  }
>;

/**
 * IncidentRecorded as v1 stored it (schema version 1): a force type, holds for everyone and two
 * free-text injury fields. Stored events are never rewritten; the upcaster reads them as version 2.
 */
export interface IncidentRecordedV1Data {
  incidentId: string;
  pupilId: string;
  pupilSen: PupilSenAtTheTime;
  occurredAt: string;
  endedAt: string;
  location: string;
  staffInvolved: { staffId: string; holds: string[] }[];
  antecedents: string;
  deEscalation: string[];
  forceType: IncidentForceType;
  reason: IncidentRecord['reason'];
  pupilInjury: string;
  staffInjury: string;
  aftercare: string;
  witnesses: string[];
  durationMinutes: number;
  recordedBy: string;
  recordedAt: string;
}

/** The original IncidentRecorded is never changed; this event supersedes one field of it. */
export type IncidentCorrected = DomainEvent<
  'IncidentCorrected',
  IncidentFieldValue & { correctionId: string; reason: string; correctedBy: string; correctedAt: string }
>;

export type ParentNotified = DomainEvent<
  'ParentNotified',
  {
    notifiedAt: string;
    method: ParentNotificationMethod;
    notifiedBy: string;
    /** From schema version 2 (the 2026 regulations): which parent or carer, and what they were told. */
    parentName?: string;
    relationship?: ParentRelationship;
    summaryShared?: string;
    /** When a copy of the record was sent to them (not yet: absent). */
    recordCopySentAt?: string;
    recordedBy: string;
    recordedAt: string;
  }
>;

/**
 * Parents are not told. From schema version 2 only a DSL or the headteacher decides it, on the
 * ground that telling them would put the child at risk of significant harm; v1 exemptions (a free
 * reason anyone gave) read with neither field.
 */
export type ParentNotificationExempted = DomainEvent<
  'ParentNotificationExempted',
  { reason: string; significantHarmRisk?: true; decidedAs?: 'dsl' | 'headteacher'; recordedBy: string; recordedAt: string }
>;

export type DebriefHeld = DomainEvent<
  'DebriefHeld',
  { debriefId: string; kind: DebriefKind; heldAt: string; notes: string; recordedBy: string; recordedAt: string }
>;

export type IncidentReviewed = DomainEvent<'IncidentReviewed', { notes: string; reviewedBy: string; reviewedAt: string }>;

export type IncidentEvent =
  IncidentRecorded | IncidentCorrected | ParentNotified | ParentNotificationExempted | DebriefHeld | IncidentReviewed;

export type IncidentEventType = IncidentEvent['type'];

/** How an incident's history names each step (served by GET /api/vocabulary). */
export const INCIDENT_EVENT_LABELS: Record<IncidentEventType, string> = {
  IncidentRecorded: 'Incident recorded',
  IncidentCorrected: 'Correction',
  ParentNotified: 'Parent notified',
  ParentNotificationExempted: 'Parent notification exempted',
  DebriefHeld: 'Debrief held',
  IncidentReviewed: 'Senior review',
};
