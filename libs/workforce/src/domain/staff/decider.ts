import { type Decider, londonDate, requireCalendarDate, requireInstant, requireText, RuleViolation, unreachable } from '#lib/kernel';
import type {
  ChangeStaffRoles,
  DeactivateStaffMember,
  RecordTrainingCompletion,
  RegisterStaffMember,
  StaffCommand,
  UpdateStaffMemberDetails,
} from './commands.js';
import type { StaffEvent, StaffMemberRegistered, TrainingCompleted } from './events.js';
import { computeExpiry } from './training-reference.js';
import { MAX_CONTRACTED_HOURS_PER_WEEK } from './vocabulary.js';

// ---- stream ----

export const staffStream = (staffId: string): string => `staff-${staffId}`;

// ---- state ----

export type TrainingCompletion = TrainingCompleted['data'];

export type StaffMember = StaffMemberRegistered['data'] & {
  completions: TrainingCompletion[];
  /** When they left (deactivated); null while they work here. */
  deactivatedAt: string | null;
};

/** `null` until the staff member is registered. */
export type StaffState = StaffMember | null;

// ---- decisions ----

export function decideStaff(command: StaffCommand, state: StaffState): StaffEvent[] {
  switch (command.type) {
    case 'RegisterStaffMember':
      return register(command, state);
    case 'RecordTrainingCompletion':
      if (state === null) throw new RuleViolation('staff.not_found', 'No such member of staff.');
      return recordCompletion(command, state);
    case 'DeactivateStaffMember':
      if (state === null) throw new RuleViolation('staff.not_found', 'No such member of staff.');
      return deactivate(command, state);
    case 'ChangeStaffRoles':
      if (state === null) throw new RuleViolation('staff.not_found', 'No such member of staff.');
      return changeRoles(command, state);
    case 'UpdateStaffMemberDetails':
      if (state === null) throw new RuleViolation('staff.not_found', 'No such member of staff.');
      return updateDetails(command, state);
    default:
      return unreachable(command);
  }
}

function deactivate(command: DeactivateStaffMember, state: StaffMember): StaffEvent[] {
  // Already done: nothing new to record (a repeat still ends the account's sessions).
  if (state.deactivatedAt !== null) return [];
  const reason = requireText(command.reason, 'staff.reason_required', 'reason');
  requireInstant(command.now, 'staff.invalid_field', 'now');
  return [{ type: 'StaffMemberDeactivated', schemaVersion: 1, data: { staffId: state.staffId, reason, deactivatedAt: command.now } }];
}

function changeRoles(command: ChangeStaffRoles, state: StaffMember): StaffEvent[] {
  if (state.deactivatedAt !== null) {
    throw new RuleViolation('staff.deactivated', 'This member of staff has left; their roles can no longer change.');
  }
  if (command.roles.length === 0) throw new RuleViolation('staff.roles_required', 'Give the member of staff at least one role.');
  requireInstant(command.now, 'staff.invalid_field', 'now');
  const roles = [...new Set(command.roles)];
  const same = roles.length === state.roles.length && roles.every((r) => state.roles.includes(r));
  if (same) return [];
  return [
    {
      type: 'StaffRolesChanged',
      schemaVersion: 1,
      data: { staffId: state.staffId, roles, previousRoles: state.roles, changedAt: command.now },
    },
  ];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkHours(hours: number): number {
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_CONTRACTED_HOURS_PER_WEEK) {
    throw new RuleViolation(
      'staff.contracted_hours_range',
      `Contracted hours must be more than 0 and at most ${MAX_CONTRACTED_HOURS_PER_WEEK} a week.`,
    );
  }
  return hours;
}

function register(command: RegisterStaffMember, state: StaffState): StaffEvent[] {
  if (state !== null) {
    throw new RuleViolation('staff.already_registered', 'This member of staff is already registered.');
  }
  const name = requireText(command.name, 'staff.name_required', 'name');
  const email = requireText(command.email, 'staff.email_invalid', 'email').toLowerCase();
  if (!EMAIL.test(email)) throw new RuleViolation('staff.email_invalid', 'The email address is not valid.');
  const hours = checkHours(command.contractedHoursPerWeek);
  if (command.roles.length === 0) {
    throw new RuleViolation('staff.roles_required', 'Give the member of staff at least one role.');
  }
  requireCalendarDate(command.startDate, 'staff.invalid_field', 'startDate');
  requireInstant(command.now, 'staff.invalid_field', 'now');
  return [
    {
      type: 'StaffMemberRegistered',
      schemaVersion: 1,
      data: {
        staffId: command.staffId,
        name,
        email,
        jobRole: command.jobRole,
        roles: [...new Set(command.roles)],
        contractedHoursPerWeek: hours,
        startDate: command.startDate,
        // Being employed as an HLTA is having HLTA status.
        hlta: command.hlta || command.jobRole === 'hlta',
        schoolId: requireText(command.schoolId, 'staff.invalid_field', 'schoolId'),
        registeredAt: command.now,
      },
    },
  ];
}

function recordCompletion(command: RecordTrainingCompletion, state: StaffMember): StaffEvent[] {
  if (state.completions.some((c) => c.completionId === command.completionId)) {
    throw new RuleViolation('staff.completion_exists', 'A completion with this id has already been recorded.');
  }
  const course = command.reference.courses[command.course];
  if (course === undefined) {
    throw new RuleViolation('staff.unknown_course', `Unknown course: ${command.course}.`);
  }
  const completedOn = requireCalendarDate(command.completedOn, 'staff.invalid_field', 'completedOn');
  requireInstant(command.now, 'staff.invalid_field', 'now');
  // "Today" is the school's date, so a course finished this evening in London is not "tomorrow".
  if (completedOn > londonDate(command.now)) {
    throw new RuleViolation('staff.completed_in_future', 'Training cannot be completed in the future.');
  }
  if (command.expiresOn !== undefined) {
    requireCalendarDate(command.expiresOn, 'staff.invalid_field', 'expiresOn');
    if (command.expiresOn <= completedOn) {
      throw new RuleViolation('staff.expiry_not_after_completion', 'The expiry date must be after the completion date.');
    }
  }
  const optional = (value: string | undefined) => value?.trim() || null;
  return [
    {
      type: 'TrainingCompleted',
      schemaVersion: 1,
      data: {
        completionId: command.completionId,
        course: command.course,
        completedOn,
        expiresOn: command.expiresOn ?? computeExpiry(completedOn, course.validityMonths),
        expiryComputed: command.expiresOn === undefined,
        provider: optional(command.provider),
        certificateRef: optional(command.certificateRef),
        recordedAt: command.now,
      },
    },
  ];
}

function updateDetails(command: UpdateStaffMemberDetails, state: StaffMember): StaffEvent[] {
  const name = requireText(command.name, 'staff.name_required', 'name');
  const contractedHoursPerWeek = checkHours(command.contractedHoursPerWeek);
  requireInstant(command.now, 'staff.invalid_field', 'now');
  // HLTA status once held is kept; becoming employed as an HLTA gives it.
  const hlta = state.hlta || command.jobRole === 'hlta';
  // Only what differs is stored: the same file imported twice changes nothing.
  if (
    name === state.name &&
    command.jobRole === state.jobRole &&
    contractedHoursPerWeek === state.contractedHoursPerWeek &&
    hlta === state.hlta
  ) {
    return [];
  }
  return [
    {
      type: 'StaffMemberDetailsChanged',
      schemaVersion: 1,
      data: { name, jobRole: command.jobRole, contractedHoursPerWeek, hlta, changedAt: command.now },
    },
  ];
}

// ---- evolution ----

export function evolveStaff(state: StaffState, event: StaffEvent): StaffState {
  switch (event.type) {
    case 'StaffMemberRegistered':
      return { ...event.data, completions: [], deactivatedAt: null };
    case 'TrainingCompleted':
      // A completion cannot precede registration in a well-formed stream.
      return state === null ? state : { ...state, completions: [...state.completions, event.data] };
    case 'StaffMemberDeactivated':
      return state === null ? state : { ...state, deactivatedAt: event.data.deactivatedAt };
    case 'StaffRolesChanged':
      return state === null ? state : { ...state, roles: event.data.roles };
    case 'StaffMemberDetailsChanged': {
      if (state === null) return state;
      const { changedAt: _, ...details } = event.data;
      return { ...state, ...details };
    }
    default:
      return unreachable(event);
  }
}

export const staffDecider: Decider<StaffCommand, StaffEvent, StaffState> = {
  decide: decideStaff,
  evolve: evolveStaff,
  initialState: null,
};
