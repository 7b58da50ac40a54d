import { type Decider, londonDate, requireCalendarDate, requireInstant, requireText, RuleViolation, unreachable } from '#lib/kernel';
import type {
  PupilCommand,
  RecordBehaviourPlan,
  RecordPupilSenStatus,
  RecordPupilVulnerability,
  RegisterPupil,
  ReviewBehaviourPlan,
  UpdatePupilDetails,
} from './commands.js';
import { type PupilEvent, type PupilRegistered, PUPIL_YEAR_GROUPS, type PupilYearGroup } from './events.js';
import { PUPIL_SEXES, type PupilVulnerability, readVulnerability, sameVulnerability, storeVulnerability } from './vulnerability.js';

// ---- stream ----

export const pupilStream = (pupilId: string): string => `pupil-${pupilId}`;

// ---- state ----

/** The behaviour support (positive handling) plan in force. */
export interface BehaviourPlan {
  revision: number;
  summary: string;
  reviewDueOn: string;
  recordedBy: string;
  recordedAt: string;
  reviews: { revision: number; notes: string; reviewedOn: string; nextReviewDueOn: string; reviewedBy: string; reviewedAt: string }[];
}

/**
 * The pupil as registered, with the SEN status, vulnerability and behaviour plan currently in force
 * (null: none recorded, or the record was erased).
 */
export type Pupil = PupilRegistered['data'] & { vulnerability: PupilVulnerability | null; behaviourPlan: BehaviourPlan | null };

/** `null` until the pupil is registered. */
export type PupilState = Pupil | null;

// ---- decisions ----

export function decidePupil(command: PupilCommand, state: PupilState): PupilEvent[] {
  switch (command.type) {
    case 'RegisterPupil':
      return register(command, state);
    case 'RecordPupilSenStatus':
      if (state === null) throw new RuleViolation('pupil.not_found', 'No such pupil.');
      return recordSenStatus(command, state);
    case 'RecordPupilVulnerability':
      if (state === null) throw new RuleViolation('pupil.not_found', 'No such pupil.');
      return recordVulnerability(command, state);
    case 'RecordBehaviourPlan':
      if (state === null) throw new RuleViolation('pupil.not_found', 'No such pupil.');
      return recordBehaviourPlan(command, state);
    case 'ReviewBehaviourPlan':
      if (state === null) throw new RuleViolation('pupil.not_found', 'No such pupil.');
      return reviewBehaviourPlan(command, state);
    case 'UpdatePupilDetails':
      if (state === null) throw new RuleViolation('pupil.not_found', 'No such pupil.');
      return updateDetails(command, state);
    default:
      return unreachable(command);
  }
}

// A UPN is a check letter and 11 digits, then a digit (permanent) or a letter (temporary).
const UPN = /^[A-Z]\d{11}[0-9A-Z]$/;

/** An EHCP is the highest level of SEN support, so a pupil with one has SEN. */
function checkSen(sen: boolean, ehcp: boolean): void {
  if (ehcp && !sen) throw new RuleViolation('pupil.ehcp_requires_sen', 'A pupil with an EHCP has SEN.');
}

/** Names, date of birth and year group, checked the same way at registration and on every change. */
function checkDetails(command: RegisterPupil | UpdatePupilDetails) {
  const firstName = requireText(command.firstName, 'pupil.name_required', 'firstName');
  const lastName = requireText(command.lastName, 'pupil.name_required', 'lastName');
  const dateOfBirth = requireCalendarDate(command.dateOfBirth, 'pupil.invalid_field', 'dateOfBirth');
  requireInstant(command.now, 'pupil.invalid_field', 'now');
  if (dateOfBirth > londonDate(command.now)) {
    throw new RuleViolation('pupil.born_in_future', 'The date of birth cannot be in the future.');
  }
  const yearGroup = command.yearGroup.trim().toUpperCase();
  if (!(PUPIL_YEAR_GROUPS as readonly string[]).includes(yearGroup)) {
    throw new RuleViolation('pupil.invalid_year_group', `Year group must be one of ${PUPIL_YEAR_GROUPS.join(', ')}.`);
  }
  return { firstName, lastName, dateOfBirth, yearGroup: yearGroup as PupilYearGroup };
}

function register(command: RegisterPupil, state: PupilState): PupilEvent[] {
  if (state !== null) throw new RuleViolation('pupil.already_registered', 'This pupil is already registered.');
  const { firstName, lastName, dateOfBirth, yearGroup } = checkDetails(command);
  const upn = command.upn?.trim().toUpperCase() || null;
  if (upn !== null && !UPN.test(upn)) {
    throw new RuleViolation('pupil.invalid_upn', 'A UPN is a letter followed by 12 characters (11 digits and a digit or letter).');
  }
  checkSen(command.sen, command.ehcp);
  return [
    {
      type: 'PupilRegistered',
      schemaVersion: 1,
      data: {
        pupilId: command.pupilId,
        firstName,
        lastName,
        dateOfBirth,
        yearGroup,
        upn,
        sen: command.sen,
        ehcp: command.ehcp,
        schoolId: requireText(command.schoolId, 'pupil.invalid_field', 'schoolId'),
        registeredAt: command.now,
      },
    },
  ];
}

function recordSenStatus(command: RecordPupilSenStatus, state: Pupil): PupilEvent[] {
  checkSen(command.sen, command.ehcp);
  // Recording the status already in force changes nothing, so nothing is stored.
  if (command.sen === state.sen && command.ehcp === state.ehcp) return [];
  return [
    {
      type: 'PupilSenStatusChanged',
      schemaVersion: 1,
      data: { sen: command.sen, ehcp: command.ehcp, changedAt: command.now },
    },
  ];
}

function recordVulnerability(command: RecordPupilVulnerability, state: Pupil): PupilEvent[] {
  const v = command.vulnerability;
  if (!(PUPIL_SEXES as readonly string[]).includes(v.sex)) {
    throw new RuleViolation('pupil.invalid_field', `sex must be one of ${PUPIL_SEXES.join(', ')}.`);
  }
  // Previously looked after means no longer looked after (adopted, or under a special guardianship or child arrangements order).
  if (v.lookedAfter && v.previouslyLookedAfter) {
    throw new RuleViolation('pupil.looked_after_conflict', 'lookedAfter and previouslyLookedAfter cannot both be true.');
  }
  const ethnicity = v.ethnicity?.trim() || null;
  const vulnerability = { ...v, ethnicity };
  if (state.vulnerability !== null && sameVulnerability(state.vulnerability, vulnerability)) return [];
  return [
    {
      type: 'PupilVulnerabilityRecorded',
      schemaVersion: 1,
      data: { ...storeVulnerability(vulnerability), changedAt: command.now, recordedBy: command.by },
    },
  ];
}

const MAX_PLAN_TEXT = 4000;

/** A review date from today on (a plan due for review yesterday is already overdue). */
function requireReviewDate(value: string, now: string, field: string): string {
  const date = requireCalendarDate(value, 'behaviour_plan.invalid_field', field);
  if (date < londonDate(now)) throw new RuleViolation('behaviour_plan.review_due_in_past', `${field} must not be before today.`);
  return date;
}

function planText(value: string, field: string): string {
  const text = requireText(value, 'behaviour_plan.text_required', field);
  if (text.length > MAX_PLAN_TEXT)
    throw new RuleViolation('behaviour_plan.text_too_long', `${field} must be at most ${MAX_PLAN_TEXT} characters.`);
  return text;
}

function recordBehaviourPlan(command: RecordBehaviourPlan, state: Pupil): PupilEvent[] {
  const summary = planText(command.summary, 'summary');
  const reviewDueOn = requireReviewDate(command.reviewDueOn, command.now, 'reviewDueOn');
  return [
    {
      type: 'BehaviourPlanRecorded',
      schemaVersion: 1,
      data: { revision: (state.behaviourPlan?.revision ?? 0) + 1, summary, reviewDueOn, recordedBy: command.by, recordedAt: command.now },
    },
  ];
}

function reviewBehaviourPlan(command: ReviewBehaviourPlan, state: Pupil): PupilEvent[] {
  if (state.behaviourPlan === null)
    throw new RuleViolation('behaviour_plan.not_found', 'This pupil has no behaviour support plan to review.');
  const notes = planText(command.notes, 'notes');
  const nextReviewDueOn = requireReviewDate(command.nextReviewDueOn, command.now, 'nextReviewDueOn');
  return [
    {
      type: 'BehaviourPlanReviewed',
      schemaVersion: 1,
      data: {
        revision: state.behaviourPlan.revision,
        notes,
        reviewedOn: londonDate(command.now),
        nextReviewDueOn,
        reviewedBy: command.by,
        reviewedAt: command.now,
      },
    },
  ];
}

function updateDetails(command: UpdatePupilDetails, state: Pupil): PupilEvent[] {
  const details = checkDetails(command);
  checkSen(command.sen, command.ehcp);
  const events: PupilEvent[] = [];
  // Only what differs is stored: the same file imported twice changes nothing.
  const unchanged =
    details.firstName === state.firstName &&
    details.lastName === state.lastName &&
    details.dateOfBirth === state.dateOfBirth &&
    details.yearGroup === state.yearGroup;
  if (!unchanged) events.push({ type: 'PupilDetailsChanged', schemaVersion: 1, data: { ...details, changedAt: command.now } });
  events.push(...recordSenStatus({ type: 'RecordPupilSenStatus', sen: command.sen, ehcp: command.ehcp, now: command.now }, state));
  return events;
}

// ---- evolution ----

export function evolvePupil(state: PupilState, event: PupilEvent): PupilState {
  switch (event.type) {
    case 'PupilRegistered':
      return { ...event.data, vulnerability: null, behaviourPlan: null };
    // A change cannot precede registration in a well-formed stream.
    case 'PupilSenStatusChanged':
      return state === null ? state : { ...state, sen: event.data.sen, ehcp: event.data.ehcp };
    case 'PupilVulnerabilityRecorded':
      return state === null ? state : { ...state, vulnerability: readVulnerability(event.data) };
    case 'BehaviourPlanRecorded': {
      if (state === null) return state;
      const { revision, summary, reviewDueOn, recordedBy, recordedAt } = event.data;
      return { ...state, behaviourPlan: { revision, summary, reviewDueOn, recordedBy, recordedAt, reviews: [] } };
    }
    case 'BehaviourPlanReviewed': {
      if (state === null || state.behaviourPlan === null) return state;
      const { revision, notes, reviewedOn, nextReviewDueOn, reviewedBy, reviewedAt } = event.data;
      const plan = state.behaviourPlan;
      const reviews = [...plan.reviews, { revision, notes, reviewedOn, nextReviewDueOn, reviewedBy, reviewedAt }];
      return { ...state, behaviourPlan: { ...plan, reviewDueOn: nextReviewDueOn, reviews } };
    }
    case 'PupilDetailsChanged': {
      if (state === null) return state;
      const { changedAt: _, ...details } = event.data;
      return { ...state, ...details };
    }
    default:
      return unreachable(event);
  }
}

export const pupilDecider: Decider<PupilCommand, PupilEvent, PupilState> = {
  decide: decidePupil,
  evolve: evolvePupil,
  initialState: null,
};
