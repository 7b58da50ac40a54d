import {
  type ConcernEvent,
  CONSENT_BASIS_LABELS,
  DSL_ENTRY_KIND_LABELS,
  type DslRecordEvent,
  REFERRAL_AGENCY_LABELS,
  REFERRAL_OUTCOME_LABELS,
} from '#lib/concerns';
import type { IncidentEvent } from '#lib/incidents';
import type { Recorded } from '#lib/read-models';
import { londonDate, unreachable } from '#lib/kernel';

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
  'concern_reopened',
  'referral_made',
  'referral_followed_up',
  'referral_response_recorded',
  'information_shared',
  'dsl_phone_call',
  'dsl_meeting',
  'dsl_strategy_discussion',
  'dsl_home_visit',
  'dsl_other',
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
  concern_reopened: 'Concern reopened',
  referral_made: 'Referral',
  referral_followed_up: 'Referral followed up',
  referral_response_recorded: 'Agency response',
  information_shared: 'Information shared',
  dsl_phone_call: `DSL: ${DSL_ENTRY_KIND_LABELS.phone_call}`,
  dsl_meeting: `DSL: ${DSL_ENTRY_KIND_LABELS.meeting}`,
  dsl_strategy_discussion: `DSL: ${DSL_ENTRY_KIND_LABELS.strategy_discussion}`,
  dsl_home_visit: `DSL: ${DSL_ENTRY_KIND_LABELS.home_visit}`,
  dsl_other: `DSL: ${DSL_ENTRY_KIND_LABELS.other}`,
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
export function chronologyLine(e: Recorded<ConcernEvent | IncidentEvent | DslRecordEvent>): ChronologyLine | null {
  const at = e.metadata.occurredAt;
  switch (e.type) {
    case 'ConcernRaised':
      return { kind: 'concern_raised', summary: e.data.summary, occurredAt: e.data.occurredAt };
    case 'ConcernAcknowledged':
      return null;
    case 'ConcernTriaged':
      return { kind: 'concern_triaged', summary: `Triage: ${words(e.data.decision)} (${e.data.riskLevel} risk)`, occurredAt: at };
    case 'ConcernActionAssigned':
      return { kind: 'concern_action_assigned', summary: `Action: ${e.data.description} (due ${e.data.dueOn})`, occurredAt: at };
    case 'ConcernActionCompleted':
      return { kind: 'concern_action_completed', summary: `Action completed: ${e.data.note}`, occurredAt: at };
    case 'ConcernAddendumAdded':
      return { kind: 'concern_addendum_added', summary: e.data.text, occurredAt: at };
    case 'ConcernClosed':
      return { kind: 'concern_closed', summary: `Closed: ${e.data.outcome} (${words(e.data.reasonCode)})`, occurredAt: at };
    case 'LadoReferralRecorded':
      return { kind: 'lado_referral_recorded', summary: 'Referred to the LADO', occurredAt: e.data.referredAt };
    case 'AllegationOutcomeRecorded':
      return { kind: 'allegation_outcome_recorded', summary: `Allegation outcome: ${words(e.data.outcome)}`, occurredAt: e.data.decidedAt };
    case 'ConcernReopened':
      return { kind: 'concern_reopened', summary: `Reopened: ${e.data.reason}`, occurredAt: at };
    case 'ReferralMade': {
      const ref = e.data.reference ? ` (ref. ${e.data.reference})` : '';
      return {
        kind: 'referral_made',
        summary: `Referred to ${REFERRAL_AGENCY_LABELS[e.data.agency]}${ref}`,
        occurredAt: e.data.referredAt,
      };
    }
    case 'ReferralFollowedUp':
      return { kind: 'referral_followed_up', summary: `Referral followed up: ${e.data.note}`, occurredAt: e.data.followedUpAt };
    case 'ReferralResponseRecorded':
      return {
        kind: 'referral_response_recorded',
        summary: `Response from ${REFERRAL_AGENCY_LABELS[e.data.agency]}: ${REFERRAL_OUTCOME_LABELS[e.data.outcome]}`,
        occurredAt: e.data.receivedAt,
      };
    case 'InformationShared':
      return {
        kind: 'information_shared',
        summary: `Information shared with ${e.data.sharedWith} (${CONSENT_BASIS_LABELS[e.data.consent].toLowerCase()})`,
        occurredAt: e.data.sharedAt,
      };
    case 'DslEntryRecorded':
      return { kind: `dsl_${e.data.kind}`, summary: e.data.summary, occurredAt: e.data.occurredAt };
    case 'IncidentRecorded': {
      const d = e.data;
      return {
        kind: 'incident_recorded',
        // A v1 record reads as it always did (its force type); later ones by the type of intervention.
        summary: `${words(d.forceType ?? d.interventionType)} (${words(d.reason)}) at ${d.location}, ${d.durationMinutes} min`,
        occurredAt: d.occurredAt,
      };
    }
    case 'ParentNotified':
      return { kind: 'parent_notified', summary: `Parent notified (${words(e.data.method)})`, occurredAt: e.data.notifiedAt };
    case 'ParentNotificationExempted':
      return { kind: 'parent_notification_exempted', summary: 'Parent not notified: exemption recorded', occurredAt: at };
    case 'DebriefHeld':
      return { kind: 'debrief_held', summary: `${e.data.kind === 'pupil' ? 'Pupil' : 'Staff'} debrief held`, occurredAt: e.data.heldAt };
    case 'IncidentReviewed':
      return { kind: 'incident_reviewed', summary: `Reviewed: ${e.data.notes}`, occurredAt: at };
    case 'IncidentCorrected':
      return { kind: 'incident_corrected', summary: `Corrected ${e.data.field}: ${e.data.reason}`, occurredAt: at };
    default:
      return unreachable(e);
  }
}

/** Late: stored on a later calendar date in Europe/London than the day it happened. */
export function isLate(occurredAt: string, recordedAt: string): boolean {
  return londonDate(recordedAt) > londonDate(occurredAt);
}
