import type { DomainEvent } from '#lib/kernel';
import type { DebriefKind, IncidentFieldValue, IncidentRecord, ParentNotificationMethod } from './vocabulary.js';

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
    recordedBy: string;
    recordedAt: string;
  }
>;

export type ParentNotificationExempted = DomainEvent<
  'ParentNotificationExempted',
  { reason: string; recordedBy: string; recordedAt: string }
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
