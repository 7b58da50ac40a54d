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
} from './vocabulary.js';

export type ConcernRaised = DomainEvent<
  'ConcernRaised',
  {
    concernId: string;
    pupilIds: string[];
    categories: ConcernCategory[];
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
  | AllegationOutcomeRecorded;

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
};
