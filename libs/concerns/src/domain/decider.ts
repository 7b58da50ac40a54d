import { type Decider, requireCalendarDate, requireInstant, requireText, RuleViolation, unreachable } from '#lib/kernel';
import type {
  AcknowledgeConcern,
  AddConcernAddendum,
  AssignConcernAction,
  CloseConcern,
  CompleteConcernAction,
  ConcernCommand,
  RaiseConcern,
  RecordAllegationOutcome,
  RecordLadoReferral,
  TriageConcern,
} from './commands.js';
import type { ConcernEvent } from './events.js';
import {
  type AdultSubject,
  ALLEGATION_OUTCOMES,
  type AllegationOutcome,
  type BodyMapMark,
  CONCERN_CATEGORIES,
  CONCERN_CLOSURE_REASON_CODES,
  type ConcernCategory,
  type ConcernClosureReasonCode,
  type ConcernRiskLevel,
  type ConcernRoute,
  type ConcernStatus,
  type ConcernTriageDecision,
  type ConcernUrgency,
  MAX_CONCERN_CATEGORIES,
  MAX_CONCERN_SUMMARY_LENGTH,
} from './vocabulary.js';

// ---- stream ----

export const concernStream = (concernId: string): string => `concern-${concernId}`;

// ---- state ----

export interface ConcernTriage {
  riskLevel: ConcernRiskLevel;
  decision: ConcernTriageDecision;
  rationale: string;
  triagedBy: string;
  triagedAt: string;
}

export interface ConcernAction {
  actionId: string;
  description: string;
  assigneeId: string;
  dueOn: string;
  assignedBy: string;
  assignedAt: string;
  completion: { note: string; completedBy: string; completedAt: string } | null;
}

export interface ConcernAddendum {
  addendumId: string;
  text: string;
  addedBy: string;
  addedAt: string;
}

export interface ConcernClosure {
  outcome: string;
  reasonCode: ConcernClosureReasonCode;
  rationale: string;
  closedBy: string;
  closedAt: string;
}

export interface LadoReferral {
  referredAt: string;
  officer: string;
  reference: string | null;
  advice: string;
  recordedBy: string;
  recordedAt: string;
}

export interface AllegationOutcomeDecision {
  outcome: AllegationOutcome;
  decidedAt: string;
  rationale: string;
  recordedBy: string;
  recordedAt: string;
}

export interface Concern {
  concernId: string;
  status: ConcernStatus;
  pupilIds: string[];
  categories: ConcernCategory[];
  summary: string;
  details: string;
  occurredAt: string;
  urgency: ConcernUrgency;
  informedDslVerbally: boolean;
  aboutAdult: AdultSubject | null;
  lowLevel: boolean;
  selfReport: boolean;
  bodyMap: BodyMapMark[];
  routedTo: ConcernRoute;
  raisedBy: string;
  raisedAt: string;
  acknowledgement: { acknowledgedBy: string; acknowledgedAt: string } | null;
  /** Every triage in order; the last one is the decision in force. */
  triages: ConcernTriage[];
  actions: ConcernAction[];
  /** Addenda only ever append: the original account is never replaced. */
  addenda: ConcernAddendum[];
  closure: ConcernClosure | null;
  /** Allegations (about an adult, not low-level): the referral to the LADO and the outcome. */
  ladoReferral: LadoReferral | null;
  allegationOutcome: AllegationOutcomeDecision | null;
}

/** `null` until the concern is raised. */
export type ConcernState = Concern | null;

export const currentTriage = (concern: Concern): ConcernTriage | undefined => concern.triages.at(-1);

/** KCSIE part four: a concern about an adult that may meet the harm threshold (not a low-level concern). */
export const isAllegation = (concern: Pick<Concern, 'aboutAdult' | 'lowLevel'>): boolean =>
  concern.aboutAdult !== null && !concern.lowLevel;

// ---- decisions ----

export function decideConcern(command: ConcernCommand, state: ConcernState): ConcernEvent[] {
  if (command.type === 'RaiseConcern') return raise(command, state);
  if (state === null) throw new RuleViolation('concern.not_found', 'No such concern.');
  if (state.status === 'closed') {
    throw new RuleViolation('concern.closed', 'The concern is closed; nothing more can be recorded on it.');
  }
  switch (command.type) {
    case 'AcknowledgeConcern':
      return acknowledge(command, state);
    case 'TriageConcern':
      return triage(command, state);
    case 'AssignConcernAction':
      return assignAction(command, state);
    case 'CompleteConcernAction':
      return completeAction(command, state);
    case 'AddConcernAddendum':
      return addAddendum(command, state);
    case 'CloseConcern':
      return close(command, state);
    case 'RecordLadoReferral':
      return recordLadoReferral(command, state);
    case 'RecordAllegationOutcome':
      return recordAllegationOutcome(command, state);
    default:
      return unreachable(command);
  }
}

function raise(command: RaiseConcern, state: ConcernState): ConcernEvent[] {
  if (state !== null) throw new RuleViolation('concern.already_raised', 'This concern has already been raised.');
  const now = requireInstant(command.now, 'concern.invalid_field', 'now');
  const occurredAt = requireInstant(command.occurredAt, 'concern.invalid_field', 'occurredAt');
  if (occurredAt > now) {
    throw new RuleViolation('concern.occurred_in_future', 'A concern cannot have happened in the future.');
  }
  const pupilIds = [...new Set(command.pupilIds.map((id) => id.trim()).filter((id) => id !== ''))];
  const aboutAdult = command.aboutAdult ? adultSubject(command.aboutAdult) : null;
  // A concern about an adult may involve no pupil (what they said or did with colleagues, online…).
  if (pupilIds.length === 0 && aboutAdult === null) {
    throw new RuleViolation('concern.pupils_required', 'A concern must name at least one pupil, or the adult it is about.');
  }
  const categories = [...new Set(command.categories)];
  if (categories.length < 1 || categories.length > MAX_CONCERN_CATEGORIES) {
    throw new RuleViolation('concern.categories_count', `Choose between 1 and ${MAX_CONCERN_CATEGORIES} different categories.`);
  }
  const unknown = categories.filter((c) => !(CONCERN_CATEGORIES as readonly string[]).includes(c));
  if (unknown.length > 0) {
    throw new RuleViolation('concern.unknown_category', `Unknown concern category: ${unknown.join(', ')}.`);
  }
  const summary = requireText(command.summary, 'concern.summary_required', 'summary');
  if (summary.length > MAX_CONCERN_SUMMARY_LENGTH) {
    throw new RuleViolation('concern.summary_too_long', `The summary must be at most ${MAX_CONCERN_SUMMARY_LENGTH} characters.`);
  }
  const lowLevel = command.lowLevel ?? false;
  const selfReport = command.selfReport ?? false;
  if (selfReport && aboutAdult?.staffId !== command.raisedBy) {
    throw new RuleViolation('concern.self_report_not_about_raiser', 'A self-report is a concern about the member of staff who raises it.');
  }
  // KCSIE part four: "low-level concerns" is a term for concerns about adults only.
  if (lowLevel && aboutAdult === null) {
    throw new RuleViolation('concern.low_level_requires_adult', 'Only a concern about an adult can be low-level.');
  }
  const bodyMap = (command.bodyMap ?? []).map((mark) => ({
    region: requireText(mark.region, 'concern.body_map_region_required', 'bodyMap region'),
    note: mark.note.trim(),
  }));
  return [
    {
      type: 'ConcernRaised',
      schemaVersion: 1,
      data: {
        concernId: command.concernId,
        pupilIds,
        categories: categories as ConcernCategory[],
        summary,
        details: command.details.trim(),
        occurredAt: command.occurredAt,
        urgency: command.urgency,
        informedDslVerbally: command.informedDslVerbally,
        aboutAdult,
        lowLevel,
        selfReport,
        bodyMap,
        routedTo: routeOf(aboutAdult, command.subjectIsHeadteacher ?? false),
        raisedBy: command.raisedBy,
        raisedAt: command.now,
      },
    },
  ];
}

/** KCSIE part four: the headteacher manages a concern about any other adult; a concern about the headteacher goes to the trust. */
function routeOf(aboutAdult: AdultSubject | null, subjectIsHeadteacher: boolean): ConcernRoute {
  if (aboutAdult === null) return 'dsl';
  return aboutAdult.staffId && subjectIsHeadteacher ? 'trust_safeguarding_lead' : 'headteacher';
}

function adultSubject(adult: AdultSubject): AdultSubject {
  const staffId = adult.staffId?.trim();
  const name = adult.name?.trim();
  const roleDescription = adult.roleDescription?.trim();
  if (!staffId && !name) {
    throw new RuleViolation('concern.adult_unidentified', 'Say which adult the concern is about (staff member or name).');
  }
  return { ...(staffId ? { staffId } : {}), ...(name ? { name } : {}), ...(roleDescription ? { roleDescription } : {}) };
}

function acknowledge(command: AcknowledgeConcern, state: Concern): ConcernEvent[] {
  if (state.acknowledgement !== null) {
    throw new RuleViolation('concern.already_acknowledged', 'This concern has already been acknowledged.');
  }
  return [acknowledged(command.by, command.now)];
}

function acknowledged(by: string, now: string): ConcernEvent {
  return { type: 'ConcernAcknowledged', schemaVersion: 1, data: { acknowledgedBy: by, acknowledgedAt: now } };
}

function triage(command: TriageConcern, state: Concern): ConcernEvent[] {
  const rationale = requireText(command.rationale, 'concern.rationale_required', 'rationale');
  const triaged: ConcernEvent = {
    type: 'ConcernTriaged',
    schemaVersion: 1,
    data: {
      riskLevel: command.riskLevel,
      decision: command.decision,
      rationale,
      triagedBy: command.by,
      triagedAt: command.now,
    },
  };
  // Triage is the DSL taking the concern on, so it acknowledges one not yet acknowledged:
  // escalation timers then stop exactly as they would after an explicit acknowledgement.
  return state.acknowledgement === null ? [acknowledged(command.by, command.now), triaged] : [triaged];
}

function assignAction(command: AssignConcernAction, state: Concern): ConcernEvent[] {
  if (state.actions.some((a) => a.actionId === command.actionId)) {
    throw new RuleViolation('concern.action_exists', 'An action with this id is already on the concern.');
  }
  const description = requireText(command.description, 'concern.action_description_required', 'description');
  const assigneeId = requireText(command.assigneeId, 'concern.action_assignee_required', 'assigneeId');
  // An action is seen by whoever it is assigned to: never the adult the concern is about.
  if (state.aboutAdult?.staffId !== undefined && assigneeId === state.aboutAdult.staffId) {
    throw new RuleViolation(
      'concern.action_assigned_to_subject',
      'An action on a concern about an adult cannot be assigned to that adult.',
    );
  }
  requireCalendarDate(command.dueOn, 'concern.invalid_field', 'dueOn');
  return [
    {
      type: 'ConcernActionAssigned',
      schemaVersion: 1,
      data: {
        actionId: command.actionId,
        description,
        assigneeId,
        dueOn: command.dueOn,
        assignedBy: command.by,
        assignedAt: command.now,
      },
    },
  ];
}

function completeAction(command: CompleteConcernAction, state: Concern): ConcernEvent[] {
  const action = state.actions.find((a) => a.actionId === command.actionId);
  if (!action) throw new RuleViolation('concern.action_not_found', 'No such action on this concern.');
  if (action.completion !== null) {
    throw new RuleViolation('concern.action_already_completed', 'This action has already been completed.');
  }
  return [
    {
      type: 'ConcernActionCompleted',
      schemaVersion: 1,
      data: { actionId: command.actionId, note: command.note.trim(), completedBy: command.by, completedAt: command.now },
    },
  ];
}

function addAddendum(command: AddConcernAddendum, state: Concern): ConcernEvent[] {
  if (state.addenda.some((a) => a.addendumId === command.addendumId)) {
    throw new RuleViolation('concern.addendum_exists', 'An addendum with this id is already on the concern.');
  }
  const text = requireText(command.text, 'concern.addendum_text_required', 'text');
  return [
    {
      type: 'ConcernAddendumAdded',
      schemaVersion: 1,
      data: { addendumId: command.addendumId, text, addedBy: command.by, addedAt: command.now },
    },
  ];
}

function close(command: CloseConcern, state: Concern): ConcernEvent[] {
  // KCSIE: every decision and its reason is recorded, so a concern closes only after triage.
  if (state.triages.length === 0) {
    throw new RuleViolation('concern.close_requires_triage', 'A concern can be closed only after a triage decision.');
  }
  const reasonCode = requireText(command.reasonCode, 'concern.reason_code_required', 'reasonCode');
  if (!(CONCERN_CLOSURE_REASON_CODES as readonly string[]).includes(reasonCode)) {
    throw new RuleViolation('concern.unknown_reason_code', `Unknown closure reason code: ${reasonCode}.`);
  }
  const outcome = requireText(command.outcome, 'concern.outcome_required', 'outcome');
  const rationale = requireText(command.rationale, 'concern.rationale_required', 'rationale');
  return [
    {
      type: 'ConcernClosed',
      schemaVersion: 1,
      data: {
        outcome,
        reasonCode: reasonCode as ConcernClosureReasonCode,
        rationale,
        closedBy: command.by,
        closedAt: command.now,
      },
    },
  ];
}

function recordLadoReferral(command: RecordLadoReferral, state: Concern): ConcernEvent[] {
  if (!isAllegation(state)) {
    throw new RuleViolation(
      'concern.lado_only_for_allegations',
      'Only an allegation about an adult (not a low-level concern) is referred to the LADO.',
    );
  }
  if (state.ladoReferral !== null) {
    throw new RuleViolation('concern.lado_already_referred', 'The LADO referral of this allegation has already been recorded.');
  }
  const now = requireInstant(command.now, 'concern.invalid_field', 'now');
  if (requireInstant(command.referredAt, 'concern.invalid_field', 'referredAt') > now) {
    throw new RuleViolation('concern.referred_in_future', 'A referral cannot have been made in the future.');
  }
  const officer = requireText(command.officer, 'concern.lado_officer_required', 'officer');
  const advice = requireText(command.advice, 'concern.lado_advice_required', 'advice');
  const reference = command.reference?.trim() || null;
  return [
    {
      type: 'LadoReferralRecorded',
      schemaVersion: 1,
      data: { referredAt: command.referredAt, officer, reference, advice, recordedBy: command.by, recordedAt: command.now },
    },
  ];
}

function recordAllegationOutcome(command: RecordAllegationOutcome, state: Concern): ConcernEvent[] {
  if (!isAllegation(state)) {
    throw new RuleViolation('concern.outcome_only_for_allegations', 'Only an allegation about an adult has an outcome of this kind.');
  }
  if (state.ladoReferral === null) {
    throw new RuleViolation(
      'concern.outcome_requires_lado_referral',
      'Record the referral to the LADO before the outcome of the allegation.',
    );
  }
  if (state.allegationOutcome !== null) {
    throw new RuleViolation('concern.outcome_already_recorded', 'The outcome of this allegation has already been recorded.');
  }
  if (!(ALLEGATION_OUTCOMES as readonly string[]).includes(command.outcome)) {
    throw new RuleViolation('concern.unknown_allegation_outcome', `Unknown outcome: ${command.outcome}.`);
  }
  const now = requireInstant(command.now, 'concern.invalid_field', 'now');
  if (requireInstant(command.decidedAt, 'concern.invalid_field', 'decidedAt') > now) {
    throw new RuleViolation('concern.decided_in_future', 'An outcome cannot have been decided in the future.');
  }
  const rationale = requireText(command.rationale, 'concern.rationale_required', 'rationale');
  return [
    {
      type: 'AllegationOutcomeRecorded',
      schemaVersion: 1,
      data: {
        outcome: command.outcome as AllegationOutcome,
        decidedAt: command.decidedAt,
        rationale,
        recordedBy: command.by,
        recordedAt: command.now,
      },
    },
  ];
}

// ---- evolution ----

export function evolveConcern(state: ConcernState, event: ConcernEvent): ConcernState {
  if (event.type === 'ConcernRaised') {
    const { data } = event;
    return {
      ...data,
      selfReport: data.selfReport ?? false,
      status: 'open',
      acknowledgement: null,
      triages: [],
      actions: [],
      addenda: [],
      closure: null,
      ladoReferral: null,
      allegationOutcome: null,
    };
  }
  // Later events cannot precede ConcernRaised in a well-formed stream.
  if (state === null) return state;
  switch (event.type) {
    case 'ConcernAcknowledged':
      return {
        ...state,
        status: state.status === 'open' ? 'acknowledged' : state.status,
        acknowledgement: event.data,
      };
    case 'ConcernTriaged':
      return { ...state, status: 'triaged', triages: [...state.triages, event.data] };
    case 'ConcernActionAssigned':
      return { ...state, actions: [...state.actions, { ...event.data, completion: null }] };
    case 'ConcernActionCompleted': {
      const { actionId, ...completion } = event.data;
      return {
        ...state,
        actions: state.actions.map((a) => (a.actionId === actionId ? { ...a, completion } : a)),
      };
    }
    case 'ConcernAddendumAdded':
      return { ...state, addenda: [...state.addenda, event.data] };
    case 'ConcernClosed':
      return { ...state, status: 'closed', closure: event.data };
    case 'LadoReferralRecorded':
      return { ...state, ladoReferral: event.data };
    case 'AllegationOutcomeRecorded':
      return { ...state, allegationOutcome: event.data };
    default:
      return unreachable(event);
  }
}

export const concernDecider: Decider<ConcernCommand, ConcernEvent, ConcernState> = {
  decide: decideConcern,
  evolve: evolveConcern,
  initialState: null,
};
