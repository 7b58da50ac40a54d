import type {
  ConcernActionAssigned,
  ConcernActionCompleted,
  ConcernAddendumAdded,
  ConcernClosed,
  ConcernRaised,
  ConcernTriaged,
} from '#lib/concerns';
import type { DebriefHeld, IncidentCorrected, IncidentRecorded, IncidentReviewed, ParentNotified } from '#lib/incidents';
import type { RecordedEvent } from '#lib/event-store';
import { londonDate } from '#lib/kernel';

/** The kinds of line a chronology shows, one per event type it reads. */
export const CHRONOLOGY_KINDS = [
  'concern_raised',
  'concern_triaged',
  'concern_action_assigned',
  'concern_action_completed',
  'concern_addendum_added',
  'concern_closed',
  'incident_recorded',
  'parent_notified',
  'parent_notification_exempted',
  'debrief_held',
  'incident_reviewed',
  'incident_corrected',
  'lado_referral_recorded',
  'allegation_outcome_recorded',
] as const;
export type ChronologyKind = (typeof CHRONOLOGY_KINDS)[number];

export const CHRONOLOGY_KIND_LABELS: Record<ChronologyKind, string> = {
  concern_raised: 'Concern raised',
  concern_triaged: 'Triage decision',
  concern_action_assigned: 'Action assigned',
  concern_action_completed: 'Action completed',
  concern_addendum_added: 'Addendum',
  concern_closed: 'Concern closed',
  incident_recorded: 'Restraint recorded',
  parent_notified: 'Parent notified',
  parent_notification_exempted: 'Parent notification exempted',
  debrief_held: 'Debrief held',
  incident_reviewed: 'Senior review',
  incident_corrected: 'Incident corrected',
  lado_referral_recorded: 'LADO referral',
  allegation_outcome_recorded: 'Allegation outcome',
};

/** What one event says in a pupil's chronology. */
export interface ChronologyLine {
  kind: ChronologyKind;
  summary: string;
  /** When it happened: the time the user gave (concern, notification, debrief), else the command's time. */
  occurredAt: string;
}

const words = (code: string) => code.replaceAll('_', ' ');

/** The line an event adds to a chronology, or null for events a chronology does not show. */
export function chronologyLine(e: RecordedEvent): ChronologyLine | null {
  const at = e.metadata.occurredAt;
  switch (e.type) {
    case 'ConcernRaised': {
      const d = (e as unknown as ConcernRaised).data;
      return { kind: 'concern_raised', summary: d.summary, occurredAt: d.occurredAt };
    }
    case 'ConcernTriaged': {
      const d = (e as unknown as ConcernTriaged).data;
      return { kind: 'concern_triaged', summary: `Triage: ${words(d.decision)} (${d.riskLevel} risk)`, occurredAt: at };
    }
    case 'ConcernActionAssigned': {
      const d = (e as unknown as ConcernActionAssigned).data;
      return { kind: 'concern_action_assigned', summary: `Action: ${d.description} (due ${d.dueOn})`, occurredAt: at };
    }
    case 'ConcernActionCompleted': {
      const d = (e as unknown as ConcernActionCompleted).data;
      return { kind: 'concern_action_completed', summary: `Action completed: ${d.note}`, occurredAt: at };
    }
    case 'ConcernAddendumAdded': {
      const d = (e as unknown as ConcernAddendumAdded).data;
      return { kind: 'concern_addendum_added', summary: d.text, occurredAt: at };
    }
    case 'ConcernClosed': {
      const d = (e as unknown as ConcernClosed).data;
      return { kind: 'concern_closed', summary: `Closed: ${d.outcome} (${words(d.reasonCode)})`, occurredAt: at };
    }
    case 'LadoReferralRecorded':
      return { kind: 'lado_referral_recorded', summary: 'Referred to the LADO', occurredAt: (e.data as { referredAt: string }).referredAt };
    case 'AllegationOutcomeRecorded':
      return {
        kind: 'allegation_outcome_recorded',
        summary: `Allegation outcome: ${words((e.data as { outcome: string }).outcome)}`,
        occurredAt: (e.data as { decidedAt: string }).decidedAt,
      };
    case 'IncidentRecorded': {
      const d = (e as unknown as IncidentRecorded).data;
      return {
        kind: 'incident_recorded',
        summary: `${words(d.forceType)} (${words(d.reason)}) at ${d.location}, ${d.durationMinutes} min`,
        occurredAt: d.occurredAt,
      };
    }
    case 'ParentNotified': {
      const d = (e as unknown as ParentNotified).data;
      return { kind: 'parent_notified', summary: `Parent notified (${words(d.method)})`, occurredAt: d.notifiedAt };
    }
    case 'ParentNotificationExempted':
      return { kind: 'parent_notification_exempted', summary: 'Parent not notified: exemption recorded', occurredAt: at };
    case 'DebriefHeld': {
      const d = (e as unknown as DebriefHeld).data;
      return { kind: 'debrief_held', summary: `${d.kind === 'pupil' ? 'Pupil' : 'Staff'} debrief held`, occurredAt: d.heldAt };
    }
    case 'IncidentReviewed': {
      const d = (e as unknown as IncidentReviewed).data;
      return { kind: 'incident_reviewed', summary: `Reviewed: ${d.notes}`, occurredAt: at };
    }
    case 'IncidentCorrected': {
      const d = (e as unknown as IncidentCorrected).data;
      return { kind: 'incident_corrected', summary: `Corrected ${d.field}: ${d.reason}`, occurredAt: at };
    }
    default:
      return null;
  }
}

/** Late: stored on a later calendar date in Europe/London than the day it happened. */
export function isLate(occurredAt: string, recordedAt: string): boolean {
  return londonDate(recordedAt) > londonDate(occurredAt);
}
