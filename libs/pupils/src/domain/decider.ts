import { type Decider, londonDate, requireCalendarDate, requireInstant, requireText, RuleViolation, unreachable } from '#lib/kernel';
import type { PupilCommand, RecordPupilSenStatus, RegisterPupil, UpdatePupilDetails } from './commands.js';
import { type PupilEvent, type PupilRegistered, PUPIL_YEAR_GROUPS, type PupilYearGroup } from './events.js';

// ---- stream ----

export const pupilStream = (pupilId: string): string => `pupil-${pupilId}`;

// ---- state ----

/** The pupil as registered, with the SEN status currently in force. */
export type Pupil = PupilRegistered['data'];

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
      return event.data;
    case 'PupilSenStatusChanged':
      // A status change cannot precede registration in a well-formed stream.
      return state === null ? state : { ...state, sen: event.data.sen, ehcp: event.data.ehcp };
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
