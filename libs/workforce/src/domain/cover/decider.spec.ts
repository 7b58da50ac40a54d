import { DeciderSpecification } from '#lib/kernel';
import type { AssignCover, CoverCommand } from './commands.js';
import type { CoverAssigned, CoverEvent } from './events.js';
import { coverDecider, coverStream } from './decider.js';

const NOW = '2025-03-07T16:00:00Z';
const spec = () => DeciderSpecification.for(coverDecider);

// 32.5 contracted hours = 1950 minutes; 20% = 390 minutes (6.5 hours) a week.
const assignCover = (overrides: Partial<AssignCover> = {}): AssignCover => ({
  type: 'AssignCover',
  assignmentId: 'a-1',
  staffId: 's-1',
  staffContractedHoursPerWeek: 32.5,
  staffIsHlta: false,
  classGroup: '4B',
  date: '2025-03-10',
  start: '09:00',
  end: '10:00',
  reason: 'Teacher off sick',
  deliversLesson: false,
  byRoles: ['staff', 'dsl'],
  by: 'office-1',
  now: NOW,
  ...overrides,
});

/** What the decider emits for a command, to use as history. */
const assigned = (history: CoverEvent[], overrides: Partial<AssignCover>): CoverAssigned =>
  coverDecider.decide(assignCover(overrides), history.reduce(coverDecider.evolve, coverDecider.initialState))[0] as CoverAssigned;

// Monday to Thursday of ISO week 2025-W11: 6 hours of cover, 30 minutes left under the cap.
const week: CoverEvent[] = [];
for (const [i, date] of ['2025-03-10', '2025-03-11', '2025-03-12'].entries()) {
  week.push(assigned(week, { assignmentId: `w-${i}`, date, start: '13:00', end: '15:00' }));
}

describe('cover stream', () => {
  it('is one stream per member of staff', () => expect(coverStream('s-1')).toBe('cover-s-1'));
});

describe('AssignCover', () => {
  it('records the assignment with its minutes and ISO week', () =>
    spec()
      .given([])
      .when(assignCover({ absentTeacherId: 't-9' }))
      .then([
        {
          type: 'CoverAssigned',
          schemaVersion: 1,
          data: {
            assignmentId: 'a-1',
            staffId: 's-1',
            classGroup: '4B',
            date: '2025-03-10',
            start: '09:00',
            end: '10:00',
            minutes: 60,
            isoWeek: '2025-W11',
            reason: 'Teacher off sick',
            absentTeacherId: 't-9',
            deliversLesson: false,
            contractedMinutesPerWeek: 1950,
            capPercent: 20,
            weekCoverMinutes: 60,
            warnings: [],
            assignedBy: 'office-1',
            assignedAt: NOW,
          },
        },
      ]));

  it('allows cover exactly at the cap (6.5 h of 32.5 h)', () =>
    spec()
      .given(week)
      .when(assignCover({ date: '2025-03-13', start: '09:00', end: '09:30' }))
      .thenState((s) => expect(s.assignments.filter((a) => a.isoWeek === '2025-W11').reduce((n, a) => n + a.minutes, 0)).toBe(390)));

  it('refuses one minute over the cap', () =>
    spec()
      .given(week)
      .when(assignCover({ date: '2025-03-13', start: '09:00', end: '09:31' }))
      .thenThrows('cover.weekly_cap'));

  it('refuses 30 more minutes once at the cap', () => {
    const atCap = [...week, assigned(week, { assignmentId: 'w-3', date: '2025-03-13', start: '09:00', end: '09:30' })];
    spec()
      .given(atCap)
      .when(assignCover({ date: '2025-03-14', start: '09:00', end: '09:30' }))
      .thenThrows('cover.weekly_cap');
  });

  it('counts only the same ISO week', () =>
    spec()
      .given(week)
      .when(assignCover({ date: '2025-03-17', start: '09:00', end: '15:00' }))
      .thenState((s) => expect(s.assignments).toHaveLength(4)));

  it('does not count cancelled cover', () => {
    const cancelled: CoverEvent = {
      type: 'CoverCancelled',
      schemaVersion: 1,
      data: { assignmentId: 'w-0', reason: 'Teacher back', cancelledBy: 'office-1', cancelledAt: NOW },
    };
    spec()
      .given([...week, cancelled])
      .when(assignCover({ date: '2025-03-13', start: '09:00', end: '11:00' }))
      .thenState((s) => expect(s.assignments).toHaveLength(4));
  });

  it('uses the configured cap', () => {
    spec()
      .given([])
      .when(assignCover({ capPercent: 10, start: '09:00', end: '12:15' }))
      .thenState((s) => expect(s.assignments).toHaveLength(1));
    spec()
      .given([])
      .when(assignCover({ capPercent: 10, start: '09:00', end: '12:16' }))
      .thenThrows('cover.weekly_cap');
    spec()
      .given([])
      .when(assignCover({ capPercent: 0 }))
      .thenThrows('cover.invalid_field');
  });

  it('lets a headteacher override the cap with a reason, and says so', () =>
    spec()
      .given(week)
      .when(
        assignCover({ date: '2025-03-13', start: '09:00', end: '10:00', override: { reason: ' Ofsted week ' }, byRoles: ['headteacher'] }),
      )
      .thenState((s) => expect(s.assignments).toHaveLength(4)));

  it('records the override reason and warning on the event', () => {
    const event = assigned(week, {
      date: '2025-03-13',
      start: '09:00',
      end: '10:00',
      override: { reason: ' Ofsted week ' },
      byRoles: ['headteacher'],
    });
    expect(event.data).toMatchObject({ overrideReason: 'Ofsted week', warnings: ['over_cap_overridden'], weekCoverMinutes: 420 });
  });

  it('ignores an override that is not needed', () =>
    expect(assigned([], { override: { reason: 'just in case' }, byRoles: ['headteacher'] }).data).not.toHaveProperty('overrideReason'));

  it('refuses an override by anyone but the headteacher', () =>
    spec()
      .given(week)
      .when(
        assignCover({
          date: '2025-03-13',
          start: '09:00',
          end: '10:00',
          override: { reason: 'Short-staffed' },
          byRoles: ['dsl', 'deputy_dsl'],
        }),
      )
      .thenThrows('cover.override_requires_headteacher'));

  it('refuses an override without a reason', () =>
    spec()
      .given(week)
      .when(assignCover({ date: '2025-03-13', start: '09:00', end: '10:00', override: { reason: ' ' }, byRoles: ['headteacher'] }))
      .thenThrows('cover.override_reason_required'));

  it('refuses lesson delivery by a non-HLTA and allows it for an HLTA', () => {
    spec()
      .given([])
      .when(assignCover({ deliversLesson: true }))
      .thenThrows('cover.lesson_requires_hlta');
    spec()
      .given([])
      .when(assignCover({ deliversLesson: true, staffIsHlta: true }))
      .thenState((s) => expect(s.assignments).toHaveLength(1));
  });

  it('requires the end after the start', () => {
    spec()
      .given([])
      .when(assignCover({ start: '10:00', end: '10:00' }))
      .thenThrows('cover.end_not_after_start');
    spec()
      .given([])
      .when(assignCover({ start: '10:00', end: '09:59' }))
      .thenThrows('cover.end_not_after_start');
    spec()
      .given([])
      .when(assignCover({ start: '10:00', end: '10:01' }))
      .thenState((s) => expect(s.assignments[0]?.minutes).toBe(1));
  });

  it('refuses malformed dates and times', () => {
    spec()
      .given([])
      .when(assignCover({ start: '9:00' }))
      .thenThrows('cover.invalid_field');
    spec()
      .given([])
      .when(assignCover({ end: '24:00' }))
      .thenThrows('cover.invalid_field');
    spec()
      .given([])
      .when(assignCover({ date: '2025-13-01' }))
      .thenThrows('cover.invalid_field');
  });

  it('requires a reason', () =>
    spec()
      .given([])
      .when(assignCover({ reason: ' ' }))
      .thenThrows('cover.reason_required'));

  it('refuses overlapping cover on the same day; back-to-back is fine', () => {
    const first = assigned([], {});
    spec()
      .given([first])
      .when(assignCover({ assignmentId: 'a-2', start: '09:59', end: '10:30' }))
      .thenThrows('cover.overlap');
    spec()
      .given([first])
      .when(assignCover({ assignmentId: 'a-2', start: '08:30', end: '09:01' }))
      .thenThrows('cover.overlap');
    spec()
      .given([first])
      .when(assignCover({ assignmentId: 'a-2', start: '09:15', end: '09:45' }))
      .thenThrows('cover.overlap');
    spec()
      .given([first])
      .when(assignCover({ assignmentId: 'a-2', start: '10:00', end: '10:30' }))
      .thenState((s) => expect(s.assignments).toHaveLength(2));
    spec()
      .given([first])
      .when(assignCover({ assignmentId: 'a-2', date: '2025-03-11' }))
      .thenState((s) => expect(s.assignments).toHaveLength(2));
  });

  it('refuses an assignment id already used', () =>
    spec()
      .given([assigned([], {})])
      .when(assignCover({ date: '2025-03-11' }))
      .thenThrows('cover.assignment_exists'));
});

describe('CancelCover', () => {
  const cancel = (assignmentId = 'a-1', reason = 'Teacher back'): CoverCommand => ({
    type: 'CancelCover',
    assignmentId,
    reason,
    by: 'office-1',
    now: NOW,
  });
  const cancelled: CoverEvent = {
    type: 'CoverCancelled',
    schemaVersion: 1,
    data: { assignmentId: 'a-1', reason: 'Teacher back', cancelledBy: 'office-1', cancelledAt: NOW },
  };

  it('cancels an assignment', () =>
    spec()
      .given([assigned([], {})])
      .when(cancel())
      .then([cancelled]));

  it('refuses an unknown assignment', () => spec().given([]).when(cancel()).thenThrows('cover.not_found'));

  it('refuses to cancel twice', () =>
    spec()
      .given([assigned([], {}), cancelled])
      .when(cancel())
      .thenThrows('cover.already_cancelled'));

  it('requires a reason', () =>
    spec()
      .given([assigned([], {})])
      .when(cancel('a-1', ''))
      .thenThrows('cover.reason_required'));

  it('frees the slot for other cover', () =>
    spec()
      .given([assigned([], {}), cancelled])
      .when(assignCover({ assignmentId: 'a-2' }))
      .thenState((s) => expect(s.assignments.map((a) => a.cancelled)).toEqual([true, false])));
});
