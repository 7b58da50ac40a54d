import type { DomainEvent } from '#lib/kernel';
import type {
  AdultSubject,
  AllegationOutcome,
  BodyMapMark,
  ConcernCategory,
  ConcernClosureReasonCode,
  ConcernRiskLevel,
  ConcernRoute,
  ConcernTriageDecision,
  ConcernUrgency,
  ConsentBasis,
  ReferralAgency,
  ReferralOutcome,
} from './vocabulary.js';

export type ConcernRaised = DomainEvent<
  'ConcernRaised',
  {
    concernId: string;
    pupilIds: string[];
    categories: ConcernCategory[];
    /** The categories' labels as the trust worded them when it was raised (absent before categories were reference data). */
    categoryLabels?: string[];
    summary: string;
    details: string;
    occurredAt: string;
    urgency: ConcernUrgency;
    informedDslVerbally: boolean;
    aboutAdult: AdultSubject | null;
    lowLevel: boolean;
    /** Absent on concerns raised before self-reports were recorded: read as false. */
    selfReport?: boolean;
    bodyMap: BodyMapMark[];
    routedTo: ConcernRoute;
    raisedBy: string;
    raisedAt: string;
  }
>;

export type ConcernAcknowledged = DomainEvent<'ConcernAcknowledged', { acknowledgedBy: string; acknowledgedAt: string }>;

export type ConcernTriaged = DomainEvent<
  'ConcernTriaged',
  {
    riskLevel: ConcernRiskLevel;
    decision: ConcernTriageDecision;
    rationale: string;
    triagedBy: string;
    triagedAt: string;
  }
>;

export type ConcernActionAssigned = DomainEvent<
  'ConcernActionAssigned',
  {
    actionId: string;
    description: string;
    assigneeId: string;
    dueOn: string;
    assignedBy: string;
    assignedAt: string;
  }
>;

export type ConcernActionCompleted = DomainEvent<
  'ConcernActionCompleted',
  { actionId: string; note: string; completedBy: string; completedAt: string }
>;

export type ConcernAddendumAdded = DomainEvent<
  'ConcernAddendumAdded',
  { addendumId: string; text: string; addedBy: string; addedAt: string }
>;

export type ConcernClosed = DomainEvent<
  'ConcernClosed',
  {
    outcome: string;
    reasonCode: ConcernClosureReasonCode;
    rationale: string;
    closedBy: string;
    closedAt: string;
    /** The closing rules the DSL overrode, and why (absent on concerns closed before the rules existed). */
    override?: { rules: string[]; reason: string } | null;
  }
>;

export type ConcernReopened = DomainEvent<'ConcernReopened', { reason: string; reopenedBy: string; reopenedAt: string }>;

export type ReferralMade = DomainEvent<
  'ReferralMade',
  {
    referralId: string;
    agency: ReferralAgency;
    referredAt: string;
    reference: string | null;
    contact: string | null;
    recordedBy: string;
    recordedAt: string;
  }
>;

/** Working Together 2023: a referrer who has not heard back follows the referral up (and escalates). */
export type ReferralFollowedUp = DomainEvent<
  'ReferralFollowedUp',
  { referralId: string; followedUpAt: string; note: string; recordedBy: string; recordedAt: string }
>;

export type ReferralResponseRecorded = DomainEvent<
  'ReferralResponseRecorded',
  {
    referralId: string;
    agency: ReferralAgency;
    outcome: ReferralOutcome;
    receivedAt: string;
    note: string;
    recordedBy: string;
    recordedAt: string;
  }
>;

export type InformationShared = DomainEvent<
  'InformationShared',
  {
    sharingId: string;
    what: string;
    sharedWith: string;
    sharedAt: string;
    consent: ConsentBasis;
    rationale: string | null;
    recordedBy: string;
    recordedAt: string;
  }
>;

export type LadoReferralRecorded = DomainEvent<
  'LadoReferralRecorded',
  { referredAt: string; officer: string; reference: string | null; advice: string; recordedBy: string; recordedAt: string }
>;

export type AllegationOutcomeRecorded = DomainEvent<
  'AllegationOutcomeRecorded',
  { outcome: AllegationOutcome; decidedAt: string; rationale: string; recordedBy: string; recordedAt: string }
>;

export type ConcernEvent =
  | ConcernRaised
  | ConcernAcknowledged
  | ConcernTriaged
  | ConcernActionAssigned
  | ConcernActionCompleted
  | ConcernAddendumAdded
  | ConcernClosed
  | LadoReferralRecorded
  | AllegationOutcomeRecorded
  | ConcernReopened
  | ReferralMade
  | ReferralFollowedUp
  | ReferralResponseRecorded
  | InformationShared;

export type ConcernEventType = ConcernEvent['type'];

/** How a concern's history names each step (served by GET /api/vocabulary). */
export const CONCERN_EVENT_LABELS: Record<ConcernEventType, string> = {
  ConcernRaised: 'Concern raised',
  ConcernAcknowledged: 'Acknowledged',
  ConcernTriaged: 'Triaged',
  ConcernActionAssigned: 'Action assigned',
  ConcernActionCompleted: 'Action completed',
  ConcernAddendumAdded: 'Addendum added',
  ConcernClosed: 'Closed',
  LadoReferralRecorded: 'LADO referral recorded',
  AllegationOutcomeRecorded: 'Allegation outcome recorded',
  ConcernReopened: 'Reopened',
  ReferralMade: 'Referral made',
  ReferralFollowedUp: 'Referral followed up',
  ReferralResponseRecorded: 'Agency response recorded',
  InformationShared: 'Information shared',
};
