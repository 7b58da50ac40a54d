import { type Decider, requireCalendarDate, requireInstant, requireText, RuleViolation, unreachable } from '#lib/kernel';
import type {
  AcknowledgeConcern,
  AddConcernAddendum,
  AssignConcernAction,
  CloseConcern,
  CompleteConcernAction,
  ConcernCommand,
  FollowUpReferral,
  MakeReferral,
  RaiseConcern,
  RecordAllegationOutcome,
  RecordInformationSharing,
  RecordLadoReferral,
  RecordReferralResponse,
  ReopenConcern,
  TriageConcern,
} from './commands.js';
import type { ConcernEvent } from './events.js';
import {
  type AdultSubject,
  ALLEGATION_OUTCOMES,
  type AllegationOutcome,
  type BodyMapMark,
  CLOSURE_REASONS_FOR_DECISION,
  CONCERN_CATEGORY_LABELS,
  CONCERN_CLOSURE_REASON_CODES,
  type ConcernCategory,
  type ConcernClosureReasonCode,
  type ConcernRiskLevel,
  type ConcernRoute,
  type ConcernStatus,
  type ConcernTriageDecision,
  type ConcernUrgency,
  CONSENT_BASES,
  type ConsentBasis,
  MAX_CONCERN_CATEGORIES,
  MAX_CONCERN_SUMMARY_LENGTH,
  REFERRAL_AGENCIES,
  REFERRAL_OUTCOMES,
  type ReferralAgency,
  type ReferralOutcome,
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
  override: { rules: string[]; reason: string } | null;
}

export interface Referral {
  referralId: string;
  agency: ReferralAgency;
  referredAt: string;
  reference: string | null;
  contact: string | null;
  recordedBy: string;
  recordedAt: string;
  followUps: { followedUpAt: string; note: string; recordedBy: string; recordedAt: string }[];
  response: { outcome: ReferralOutcome; receivedAt: string; note: string; recordedBy: string; recordedAt: string } | null;
}

export interface InformationSharingDecision {
  sharingId: string;
  what: string;
  sharedWith: string;
  sharedAt: string;
  consent: ConsentBasis;
  rationale: string | null;
  recordedBy: string;
  recordedAt: string;
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
  /** The categories' labels when it was raised: a later rename or retirement does not change them. */
  categoryLabels?: string[];
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
  /** The closure in force: null while open, and again once reopened (closures and reopenings stay in the history). */
  closure: ConcernClosure | null;
  reopenings: { reason: string; reopenedBy: string; reopenedAt: string }[];
  referrals: Referral[];
  informationSharing: InformationSharingDecision[];
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
  // The file stays open to information: what arrives after closing is still recorded.
  if (state.status === 'closed' && !OPEN_AFTER_CLOSING.has(command.type)) {
    throw new RuleViolation(
      'concern.closed',
      'The concern is closed: it takes addenda, referral responses and follow-ups and information sharing only; reopen it to do more.',
    );
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
    case 'ReopenConcern':
      return reopen(command, state);
    case 'MakeReferral':
      return makeReferral(command, state);
    case 'FollowUpReferral':
      return followUpReferral(command, state);
    case 'RecordReferralResponse':
      return recordReferralResponse(command, state);
    case 'RecordInformationSharing':
      return recordInformationSharing(command, state);
    default:
      return unreachable(command);
  }
}

const OPEN_AFTER_CLOSING = new Set<ConcernCommand['type']>([
  'AddConcernAddendum',
  'RecordReferralResponse',
  'FollowUpReferral',
  'RecordInformationSharing',
  'ReopenConcern',
]);

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
  const known: Readonly<Record<string, string>> = command.knownCategories ?? CONCERN_CATEGORY_LABELS;
  const unknown = categories.filter((c) => !Object.hasOwn(known, c));
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
        categoryLabels: categories.map((c) => known[c]!),
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
  const warnings = closingWarnings(state, reasonCode as ConcernClosureReasonCode);
  const overrideReason = command.overrideReason?.trim() ?? '';
  if (warnings.length > 0 && overrideReason === '') {
    const [first] = warnings;
    throw new RuleViolation(
      first!.rule,
      `${warnings.map((w) => w.detail).join(' ')} Close anyway by giving overrideReason, the reason for closing despite this.`,
    );
  }
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
        override: warnings.length > 0 ? { rules: warnings.map((w) => w.rule), reason: overrideReason } : null,
      },
    },
  ];
}

/**
 * What closing now would leave behind: actions still open, referrals no agency has answered, a
 * closure reason at odds with the triage decision in force. Each is a warning the DSL may override.
 */
export function closingWarnings(state: Concern, reasonCode: ConcernClosureReasonCode): { rule: string; detail: string }[] {
  const warnings: { rule: string; detail: string }[] = [];
  const openActions = state.actions.filter((a) => a.completion === null).length;
  if (openActions > 0) {
    warnings.push({ rule: 'concern.close_open_actions', detail: `${openActions} action(s) on this concern are still open.` });
  }
  const unanswered = state.referrals.filter((r) => r.response === null).length;
  if (unanswered > 0) {
    warnings.push({ rule: 'concern.close_unanswered_referral', detail: `${unanswered} referral(s) have no response recorded.` });
  }
  const decision = currentTriage(state)?.decision;
  if (decision !== undefined && !CLOSURE_REASONS_FOR_DECISION[decision].includes(reasonCode)) {
    warnings.push({
      rule: 'concern.close_contradicts_triage',
      detail: `The closure reason ${reasonCode} does not agree with the triage decision ${decision}.`,
    });
  }
  return warnings;
}

function reopen(command: ReopenConcern, state: Concern): ConcernEvent[] {
  if (state.status !== 'closed') throw new RuleViolation('concern.not_closed', 'Only a closed concern can be reopened.');
  const reason = requireText(command.reason, 'concern.reopen_reason_required', 'reason');
  return [{ type: 'ConcernReopened', schemaVersion: 1, data: { reason, reopenedBy: command.by, reopenedAt: command.now } }];
}

/** An instant given by the user: well formed and not after now. */
function pastInstant(value: string, now: string, field: string, rule: string, detail: string): string {
  if (requireInstant(value, 'concern.invalid_field', field) > requireInstant(now, 'concern.invalid_field', 'now')) {
    throw new RuleViolation(rule, detail);
  }
  return value;
}

function makeReferral(command: MakeReferral, state: Concern): ConcernEvent[] {
  if (state.referrals.some((r) => r.referralId === command.referralId)) {
    throw new RuleViolation('concern.referral_exists', 'A referral with this id is already on the concern.');
  }
  if (!(REFERRAL_AGENCIES as readonly string[]).includes(command.agency)) {
    throw new RuleViolation('concern.unknown_agency', `Unknown agency: ${command.agency}.`);
  }
  const referredAt = pastInstant(
    command.referredAt,
    command.now,
    'referredAt',
    'concern.referred_in_future',
    'A referral cannot have been made in the future.',
  );
  return [
    {
      type: 'ReferralMade',
      schemaVersion: 1,
      data: {
        referralId: command.referralId,
        agency: command.agency,
        referredAt,
        reference: command.reference?.trim() || null,
        contact: command.contact?.trim() || null,
        recordedBy: command.by,
        recordedAt: command.now,
      },
    },
  ];
}

function unansweredReferral(state: Concern, referralId: string): Referral {
  const referral = state.referrals.find((r) => r.referralId === referralId);
  if (!referral) throw new RuleViolation('concern.referral_not_found', 'No such referral on this concern.');
  if (referral.response !== null) {
    throw new RuleViolation('concern.referral_already_answered', "The agency's response to this referral is already recorded.");
  }
  return referral;
}

function followUpReferral(command: FollowUpReferral, state: Concern): ConcernEvent[] {
  const referral = unansweredReferral(state, command.referralId);
  const followedUpAt = pastInstant(
    command.followedUpAt,
    command.now,
    'followedUpAt',
    'concern.followed_up_in_future',
    'A follow-up cannot have happened in the future.',
  );
  if (Date.parse(followedUpAt) < Date.parse(referral.referredAt)) {
    throw new RuleViolation('concern.follow_up_before_referral', 'A follow-up cannot come before the referral.');
  }
  const note = requireText(command.note, 'concern.follow_up_note_required', 'note');
  return [
    {
      type: 'ReferralFollowedUp',
      schemaVersion: 1,
      data: { referralId: command.referralId, followedUpAt, note, recordedBy: command.by, recordedAt: command.now },
    },
  ];
}

function recordReferralResponse(command: RecordReferralResponse, state: Concern): ConcernEvent[] {
  const referral = unansweredReferral(state, command.referralId);
  if (!(REFERRAL_OUTCOMES as readonly string[]).includes(command.outcome)) {
    throw new RuleViolation('concern.unknown_referral_outcome', `Unknown outcome: ${command.outcome}.`);
  }
  const receivedAt = pastInstant(
    command.receivedAt,
    command.now,
    'receivedAt',
    'concern.received_in_future',
    'A response cannot have been received in the future.',
  );
  if (Date.parse(receivedAt) < Date.parse(referral.referredAt)) {
    throw new RuleViolation('concern.response_before_referral', 'A response cannot have been received before the referral was made.');
  }
  return [
    {
      type: 'ReferralResponseRecorded',
      schemaVersion: 1,
      data: {
        referralId: command.referralId,
        agency: referral.agency,
        outcome: command.outcome,
        receivedAt,
        note: command.note.trim(),
        recordedBy: command.by,
        recordedAt: command.now,
      },
    },
  ];
}

function recordInformationSharing(command: RecordInformationSharing, state: Concern): ConcernEvent[] {
  if (state.informationSharing.some((s) => s.sharingId === command.sharingId)) {
    throw new RuleViolation('concern.sharing_exists', 'An information sharing decision with this id is already on the concern.');
  }
  if (!(CONSENT_BASES as readonly string[]).includes(command.consent)) {
    throw new RuleViolation('concern.unknown_consent_basis', `Unknown consent basis: ${command.consent}.`);
  }
  const what = requireText(command.what, 'concern.sharing_what_required', 'what');
  const sharedWith = requireText(command.sharedWith, 'concern.sharing_with_required', 'sharedWith');
  const sharedAt = pastInstant(
    command.sharedAt,
    command.now,
    'sharedAt',
    'concern.shared_in_future',
    'Information cannot have been shared in the future.',
  );
  const rationale = command.rationale?.trim() || null;
  // Sharing without consent is lawful when the reasons are recorded (Information sharing advice, 2024).
  if (command.consent !== 'given' && rationale === null) {
    throw new RuleViolation('concern.sharing_rationale_required', 'Say why information was shared without consent (rationale).');
  }
  return [
    {
      type: 'InformationShared',
      schemaVersion: 1,
      data: {
        sharingId: command.sharingId,
        what,
        sharedWith,
        sharedAt,
        consent: command.consent,
        rationale,
        recordedBy: command.by,
        recordedAt: command.now,
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
      reopenings: [],
      referrals: [],
      informationSharing: [],
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
      return { ...state, status: 'closed', closure: { ...event.data, override: event.data.override ?? null } };
    case 'ConcernReopened':
      // Closing needs a triage, so a reopened concern stands triaged, its decision in force.
      return { ...state, status: 'triaged', closure: null, reopenings: [...state.reopenings, event.data] };
    case 'ReferralMade':
      return { ...state, referrals: [...state.referrals, { ...event.data, followUps: [], response: null }] };
    case 'ReferralFollowedUp': {
      const { referralId, ...followUp } = event.data;
      return {
        ...state,
        referrals: state.referrals.map((r) => (r.referralId === referralId ? { ...r, followUps: [...r.followUps, followUp] } : r)),
      };
    }
    case 'ReferralResponseRecorded': {
      const { referralId, agency: _agency, ...response } = event.data;
      return { ...state, referrals: state.referrals.map((r) => (r.referralId === referralId ? { ...r, response } : r)) };
    }
    case 'InformationShared':
      return { ...state, informationSharing: [...state.informationSharing, event.data] };
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
