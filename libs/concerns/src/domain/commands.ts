import type {
  AdultSubject,
  BodyMapMark,
  ConcernRiskLevel,
  ConcernTriageDecision,
  ConcernUrgency,
  ConsentBasis,
  ReferralAgency,
  ReferralOutcome,
} from './vocabulary.js';

/*
 * Enumerated fields are typed narrowly because HTTP DTOs validate them; `categories` and
 * `reasonCode` are plain strings because the decider itself enforces those lists.
 */

export interface RaiseConcern {
  type: 'RaiseConcern';
  concernId: string;
  pupilIds: string[];
  categories: string[];
  /** The trust's categories open to new concerns, by code, with their labels now (the handler reads the reference); absent: the defaults. */
  knownCategories?: Readonly<Record<string, string>>;
  summary: string;
  details: string;
  occurredAt: string;
  urgency: ConcernUrgency;
  informedDslVerbally: boolean;
  aboutAdult?: AdultSubject;
  /** Whether the adult concerned is the school's headteacher (the handler looks it up): their case manager is the trust's. */
  subjectIsHeadteacher?: boolean;
  lowLevel?: boolean;
  /** The adult concerned raises it about themself. */
  selfReport?: boolean;
  bodyMap?: BodyMapMark[];
  raisedBy: string;
  now: string;
}

export interface AcknowledgeConcern {
  type: 'AcknowledgeConcern';
  by: string;
  now: string;
}

export interface TriageConcern {
  type: 'TriageConcern';
  riskLevel: ConcernRiskLevel;
  decision: ConcernTriageDecision;
  rationale: string;
  by: string;
  now: string;
}

export interface AssignConcernAction {
  type: 'AssignConcernAction';
  actionId: string;
  description: string;
  assigneeId: string;
  dueOn: string;
  by: string;
  now: string;
}

export interface CompleteConcernAction {
  type: 'CompleteConcernAction';
  actionId: string;
  note: string;
  by: string;
  now: string;
}

export interface AddConcernAddendum {
  type: 'AddConcernAddendum';
  addendumId: string;
  text: string;
  by: string;
  now: string;
}

export interface CloseConcern {
  type: 'CloseConcern';
  outcome: string;
  reasonCode: string;
  rationale: string;
  /** Closes despite the closing rules (open actions, unanswered referrals, a reason at odds with the triage), saying why. */
  overrideReason?: string;
  by: string;
  now: string;
}

export interface ReopenConcern {
  type: 'ReopenConcern';
  reason: string;
  by: string;
  now: string;
}

export interface MakeReferral {
  type: 'MakeReferral';
  referralId: string;
  agency: ReferralAgency;
  referredAt: string;
  reference?: string;
  contact?: string;
  by: string;
  now: string;
}

export interface FollowUpReferral {
  type: 'FollowUpReferral';
  referralId: string;
  followedUpAt: string;
  note: string;
  by: string;
  now: string;
}

export interface RecordReferralResponse {
  type: 'RecordReferralResponse';
  referralId: string;
  outcome: ReferralOutcome;
  receivedAt: string;
  note: string;
  by: string;
  now: string;
}

export interface RecordInformationSharing {
  type: 'RecordInformationSharing';
  sharingId: string;
  what: string;
  sharedWith: string;
  sharedAt: string;
  consent: ConsentBasis;
  rationale?: string;
  by: string;
  now: string;
}

/** The case manager's referral of an allegation to the local authority designated officer, and the LADO's advice. */
export interface RecordLadoReferral {
  type: 'RecordLadoReferral';
  referredAt: string;
  officer: string;
  reference?: string;
  advice: string;
  by: string;
  now: string;
}

export interface RecordAllegationOutcome {
  type: 'RecordAllegationOutcome';
  outcome: string;
  decidedAt: string;
  rationale: string;
  by: string;
  now: string;
}

export type ConcernCommand =
  | RaiseConcern
  | AcknowledgeConcern
  | TriageConcern
  | AssignConcernAction
  | CompleteConcernAction
  | AddConcernAddendum
  | CloseConcern
  | RecordLadoReferral
  | RecordAllegationOutcome
  | ReopenConcern
  | MakeReferral
  | FollowUpReferral
  | RecordReferralResponse
  | RecordInformationSharing;
