import type { AdultSubject, BodyMapMark, ConcernRiskLevel, ConcernTriageDecision, ConcernUrgency } from './vocabulary.js';

/*
 * Enumerated fields are typed narrowly because HTTP DTOs validate them; `categories` and
 * `reasonCode` are plain strings because the decider itself enforces those lists.
 */

export interface RaiseConcern {
  type: 'RaiseConcern';
  concernId: string;
  pupilIds: string[];
  categories: string[];
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
  | RecordAllegationOutcome;
