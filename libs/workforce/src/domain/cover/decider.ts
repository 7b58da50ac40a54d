import { type Decider, requireCalendarDate, requireText, RuleViolation, unreachable } from '#lib/kernel';
import type { AssignCover, CancelCover, CoverCommand } from './commands.js';
import type { CoverEvent, CoverWarning } from './events.js';
import { isoWeekOf } from './iso-week.js';

// ---- stream ----

/**
 * One stream per member of staff, not per assignment: the weekly cap and the overlap check read
 * every assignment of that person, and optimistic concurrency on one stream makes two concurrent
 * assignments unable to both pass the cap.
 */
export const coverStream = (staffId: string): string => `cover-${staffId}`;

export const DEFAULT_COVER_CAP_PERCENT = 20;

// ---- state ----

export interface CoverAssignment {
  assignmentId: string;
  date: string;
  start: string;
  end: string;
  minutes: number;
  isoWeek: string;
  cancelled: boolean;
}

/** Every cover assignment of one member of staff. */
export interface CoverState {
  assignments: CoverAssignment[];
}

// ---- decisions ----

export function decideCover(command: CoverCommand, state: CoverState): CoverEvent[] {
  switch (command.type) {
    case 'AssignCover':
      return assign(command, state);
    case 'CancelCover':
      return cancel(command, state);
    default:
      return unreachable(command);
  }
}

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOfDay(time: string, field: string): number {
  const match = CLOCK_TIME.exec(time);
  if (!match) throw new RuleViolation('cover.invalid_field', `${field} must be a time (HH:MM).`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function assign(command: AssignCover, state: CoverState): CoverEvent[] {
  if (state.assignments.some((a) => a.assignmentId === command.assignmentId)) {
    throw new RuleViolation('cover.assignment_exists', 'A cover assignment with this id already exists.');
  }
  const date = requireCalendarDate(command.date, 'cover.invalid_field', 'date');
  const start = minutesOfDay(command.start, 'start');
  const end = minutesOfDay(command.end, 'end');
  if (end <= start) throw new RuleViolation('cover.end_not_after_start', 'Cover must end after it starts.');
  const classGroup = requireText(command.classGroup, 'cover.invalid_field', 'classGroup');
  const reason = requireText(command.reason, 'cover.reason_required', 'reason');
  const capPercent = command.capPercent ?? DEFAULT_COVER_CAP_PERCENT;
  if (!(capPercent > 0 && capPercent <= 100)) {
    throw new RuleViolation('cover.invalid_field', 'The cover cap must be a percentage above 0 and at most 100.');
  }
  const contractedHours = command.staffContractedHoursPerWeek;
  if (!(contractedHours > 0)) {
    throw new RuleViolation('cover.invalid_field', 'The staff member has no contracted hours to cover from.');
  }
  // Supervising pre-set work is cover; teaching the lesson is an HLTA's job.
  if (command.deliversLesson && !command.staffIsHlta) {
    throw new RuleViolation('cover.lesson_requires_hlta', 'Only an HLTA can deliver the lesson when covering.');
  }
  const live = state.assignments.filter((a) => !a.cancelled);
  const clash = live.find((a) => a.date === date && minutesOfDay(a.start, 'start') < end && start < minutesOfDay(a.end, 'end'));
  if (clash) {
    throw new RuleViolation('cover.overlap', `This overlaps cover already assigned ${clash.start}–${clash.end} that day.`);
  }

  const minutes = end - start;
  const isoWeek = isoWeekOf(date);
  const contractedMinutesPerWeek = contractedHours * 60;
  const weekCoverMinutes = live.filter((a) => a.isoWeek === isoWeek).reduce((sum, a) => sum + a.minutes, 0) + minutes;
  // Compared multiplied out so 390 of 1950 minutes is exactly 20% with no floating-point doubt.
  const overCap = weekCoverMinutes * 100 > contractedMinutesPerWeek * capPercent;
  const warnings: CoverWarning[] = [];
  let overrideReason: string | undefined;
  if (overCap) {
    if (command.override === undefined) {
      throw new RuleViolation(
        'cover.weekly_cap',
        `This would be ${weekCoverMinutes} minutes of cover in ${isoWeek}, over the ${capPercent}% cap ` +
          `(${(contractedMinutesPerWeek * capPercent) / 100} minutes).`,
      );
    }
    if (!command.byRoles.includes('headteacher')) {
      throw new RuleViolation('cover.override_requires_headteacher', 'Only the headteacher can override the cover cap.');
    }
    overrideReason = requireText(command.override.reason, 'cover.override_reason_required', 'override reason');
    warnings.push('over_cap_overridden');
  }

  return [
    {
      type: 'CoverAssigned',
      schemaVersion: 1,
      data: {
        assignmentId: command.assignmentId,
        staffId: command.staffId,
        classGroup,
        date,
        start: command.start,
        end: command.end,
        minutes,
        isoWeek,
        reason,
        absentTeacherId: command.absentTeacherId ?? null,
        deliversLesson: command.deliversLesson,
        contractedMinutesPerWeek,
        capPercent,
        weekCoverMinutes,
        ...(overrideReason === undefined ? {} : { overrideReason }),
        warnings,
        assignedBy: command.by,
        assignedAt: command.now,
      },
    },
  ];
}

function cancel(command: CancelCover, state: CoverState): CoverEvent[] {
  const assignment = state.assignments.find((a) => a.assignmentId === command.assignmentId);
  if (!assignment) throw new RuleViolation('cover.not_found', 'No such cover assignment.');
  if (assignment.cancelled) {
    throw new RuleViolation('cover.already_cancelled', 'This cover assignment has already been cancelled.');
  }
  const reason = requireText(command.reason, 'cover.reason_required', 'reason');
  return [
    {
      type: 'CoverCancelled',
      schemaVersion: 1,
      data: { assignmentId: command.assignmentId, reason, cancelledBy: command.by, cancelledAt: command.now },
    },
  ];
}

// ---- evolution ----

export function evolveCover(state: CoverState, event: CoverEvent): CoverState {
  switch (event.type) {
    case 'CoverAssigned': {
      const { assignmentId, date, start, end, minutes, isoWeek } = event.data;
      return { assignments: [...state.assignments, { assignmentId, date, start, end, minutes, isoWeek, cancelled: false }] };
    }
    case 'CoverCancelled':
      return {
        assignments: state.assignments.map((a) => (a.assignmentId === event.data.assignmentId ? { ...a, cancelled: true } : a)),
      };
    default:
      return unreachable(event);
  }
}

export const coverDecider: Decider<CoverCommand, CoverEvent, CoverState> = {
  decide: decideCover,
  evolve: evolveCover,
  initialState: { assignments: [] },
};
