import { DeciderSpecification } from '#lib/kernel';
import type { RecordTrainingCompletion, RegisterStaffMember, UpdateStaffMemberDetails } from './commands.js';
import type { StaffMemberRegistered, TrainingCompleted } from './events.js';
import { staffDecider, staffStream } from './decider.js';
import { DEFAULT_TRAINING_REFERENCE } from './training-reference.js';

const NOW = '2025-03-10T10:00:00Z';
const spec = () => DeciderSpecification.for(staffDecider);

const register = (overrides: Partial<RegisterStaffMember> = {}): RegisterStaffMember => ({
  type: 'RegisterStaffMember',
  staffId: 's-1',
  name: ' Sam Okafor ',
  email: 'Sam.Okafor@Oakfield.demo',
  jobRole: 'learning_behaviour_assistant',
  roles: ['staff'],
  contractedHoursPerWeek: 32.5,
  startDate: '2024-09-01',
  hlta: false,
  schoolId: 'oakfield',
  now: NOW,
  ...overrides,
});

const registered: StaffMemberRegistered = {
  type: 'StaffMemberRegistered',
  schemaVersion: 1,
  data: {
    staffId: 's-1',
    name: 'Sam Okafor',
    email: 'sam.okafor@oakfield.demo',
    jobRole: 'learning_behaviour_assistant',
    roles: ['staff'],
    contractedHoursPerWeek: 32.5,
    startDate: '2024-09-01',
    hlta: false,
    schoolId: 'oakfield',
    registeredAt: NOW,
  },
};

const complete = (overrides: Partial<RecordTrainingCompletion> = {}): RecordTrainingCompletion => ({
  type: 'RecordTrainingCompletion',
  completionId: 't-1',
  course: 'team_teach_level_2',
  completedOn: '2025-01-31',
  reference: DEFAULT_TRAINING_REFERENCE,
  now: NOW,
  ...overrides,
});

const completed: TrainingCompleted = {
  type: 'TrainingCompleted',
  schemaVersion: 1,
  data: {
    completionId: 't-1',
    course: 'team_teach_level_2',
    completedOn: '2025-01-31',
    expiresOn: '2026-01-31',
    expiryComputed: true,
    provider: null,
    certificateRef: null,
    recordedAt: NOW,
  },
};

describe('staff stream', () => {
  it('is named after the staff member', () => expect(staffStream('s-1')).toBe('staff-s-1'));
});

describe('RegisterStaffMember', () => {
  it('registers a member of staff', () => spec().given([]).when(register()).then([registered]));

  it('refuses to register twice', () => spec().given([registered]).when(register()).thenThrows('staff.already_registered'));

  it('accepts up to 60 contracted hours and refuses 0 or more than 60', () => {
    spec()
      .given([])
      .when(register({ contractedHoursPerWeek: 60 }))
      .thenState((s) => expect(s?.contractedHoursPerWeek).toBe(60));
    spec()
      .given([])
      .when(register({ contractedHoursPerWeek: 60.5 }))
      .thenThrows('staff.contracted_hours_range');
    spec()
      .given([])
      .when(register({ contractedHoursPerWeek: 0 }))
      .thenThrows('staff.contracted_hours_range');
    spec()
      .given([])
      .when(register({ contractedHoursPerWeek: Number.NaN }))
      .thenThrows('staff.contracted_hours_range');
  });

  it('requires a name, a valid email and at least one role', () => {
    spec()
      .given([])
      .when(register({ name: ' ' }))
      .thenThrows('staff.name_required');
    spec()
      .given([])
      .when(register({ email: 'sam' }))
      .thenThrows('staff.email_invalid');
    spec()
      .given([])
      .when(register({ roles: [] }))
      .thenThrows('staff.roles_required');
  });

  it('refuses a malformed start date', () =>
    spec()
      .given([])
      .when(register({ startDate: '01/09/2024' }))
      .thenThrows('staff.invalid_field'));

  it('gives HLTA status to someone employed as an HLTA', () =>
    spec()
      .given([])
      .when(register({ jobRole: 'hlta', hlta: false }))
      .thenState((s) => expect(s?.hlta).toBe(true)));
});

describe('RecordTrainingCompletion', () => {
  it('computes the expiry from the course validity, clamped to month end', () =>
    spec()
      .given([registered])
      .when(complete({ course: 'team_teach_level_1', completedOn: '2024-02-29' }))
      .thenState((s) => expect(s?.completions[0]).toMatchObject({ expiresOn: '2026-02-28', expiryComputed: true })));

  it('records a completion', () => spec().given([registered]).when(complete()).then([completed]));

  it('keeps a given expiry date, provider and certificate', () =>
    spec()
      .given([registered])
      .when(complete({ expiresOn: '2025-12-31', provider: ' Team Teach ', certificateRef: 'TT-123' }))
      .then([
        {
          ...completed,
          data: { ...completed.data, expiresOn: '2025-12-31', expiryComputed: false, provider: 'Team Teach', certificateRef: 'TT-123' },
        },
      ]));

  it('requires a given expiry after the completion date', () => {
    spec()
      .given([registered])
      .when(complete({ expiresOn: '2025-02-01' }))
      .thenState((s) => expect(s?.completions).toHaveLength(1));
    spec()
      .given([registered])
      .when(complete({ expiresOn: '2025-01-31' }))
      .thenThrows('staff.expiry_not_after_completion');
  });

  it('refuses a course not in the reference', () =>
    spec()
      .given([registered])
      .when(complete({ course: 'juggling' }))
      .thenThrows('staff.unknown_course'));

  it('accepts a course a trust added to its reference', () =>
    spec()
      .given([registered])
      .when(
        complete({
          course: 'epipen',
          reference: { ...DEFAULT_TRAINING_REFERENCE, courses: { epipen: { title: 'Anaphylaxis', validityMonths: 12 } } },
        }),
      )
      .thenState((s) => expect(s?.completions[0]?.expiresOn).toBe('2026-01-31')));

  it('accepts a completion today and refuses tomorrow, in London time', () => {
    spec()
      .given([registered])
      .when(complete({ completedOn: '2025-03-10' }))
      .thenState((s) => expect(s?.completions).toHaveLength(1));
    spec()
      .given([registered])
      .when(complete({ completedOn: '2025-03-11' }))
      .thenThrows('staff.completed_in_future');
    // 23:30Z on 1 June is 00:30 on 2 June in BST.
    spec()
      .given([registered])
      .when(complete({ completedOn: '2025-06-02', now: '2025-06-01T23:30:00Z' }))
      .thenState((s) => expect(s?.completions).toHaveLength(1));
  });

  it('refuses a malformed completion date', () =>
    spec()
      .given([registered])
      .when(complete({ completedOn: '2025-02-30' }))
      .thenThrows('staff.invalid_field'));

  it('refuses a completion id already used', () =>
    spec().given([registered, completed]).when(complete()).thenThrows('staff.completion_exists'));

  it('refuses a completion for someone not registered', () => spec().given([]).when(complete()).thenThrows('staff.not_found'));
});

describe('UpdateStaffMemberDetails', () => {
  const update = (overrides: Partial<UpdateStaffMemberDetails> = {}): UpdateStaffMemberDetails => ({
    type: 'UpdateStaffMemberDetails',
    name: 'Sam Okafor',
    jobRole: 'learning_behaviour_assistant',
    contractedHoursPerWeek: 32.5,
    now: NOW,
    ...overrides,
  });

  it('stores nothing when the school says what is already recorded', () => spec().given([registered]).when(update()).then([]));

  it('records new hours and job role with every detail as it now stands', () =>
    spec()
      .given([registered])
      .when(update({ contractedHoursPerWeek: 25, jobRole: 'hlta' }))
      .then([
        {
          type: 'StaffMemberDetailsChanged',
          schemaVersion: 1,
          data: { name: 'Sam Okafor', jobRole: 'hlta', contractedHoursPerWeek: 25, hlta: true, changedAt: NOW },
        },
      ]));

  it('keeps the new details in state, email and roles untouched', () =>
    spec()
      .given([registered])
      .when(update({ name: ' Sam Okafor-Reid ' }))
      .thenState((s) => expect(s).toMatchObject({ name: 'Sam Okafor-Reid', email: 'sam.okafor@oakfield.demo', roles: ['staff'] })));

  it('checks the hours as at registration', () =>
    spec()
      .given([registered])
      .when(update({ contractedHoursPerWeek: 61 }))
      .thenThrows('staff.contracted_hours_range'));

  it('refuses a member of staff not registered', () => spec().given([]).when(update()).thenThrows('staff.not_found'));
});

describe('DeactivateStaffMember', () => {
  const deactivated = {
    type: 'StaffMemberDeactivated' as const,
    schemaVersion: 1,
    data: { staffId: 's-1', reason: 'Left at the end of term', deactivatedAt: NOW },
  };

  it('records that they left, with the reason', () =>
    spec().given([registered]).when({ type: 'DeactivateStaffMember', reason: ' Left at the end of term ', now: NOW }).then([deactivated]));

  it('records nothing the second time (a repeat still ends their sessions)', () =>
    spec().given([registered, deactivated]).when({ type: 'DeactivateStaffMember', reason: 'again', now: NOW }).then([]));

  it('needs a reason, and someone registered', () => {
    spec().given([registered]).when({ type: 'DeactivateStaffMember', reason: ' ', now: NOW }).thenThrows('staff.reason_required');
    spec().given([]).when({ type: 'DeactivateStaffMember', reason: 'Left', now: NOW }).thenThrows('staff.not_found');
  });
});

describe('ChangeStaffRoles', () => {
  it('records the new roles beside the old', () =>
    spec()
      .given([registered])
      .when({ type: 'ChangeStaffRoles', roles: ['deputy_dsl', 'deputy_dsl'], now: NOW })
      .then([
        {
          type: 'StaffRolesChanged',
          schemaVersion: 1,
          data: { staffId: 's-1', roles: ['deputy_dsl'], previousRoles: ['staff'], changedAt: NOW },
        },
      ]));

  it('records nothing when the roles are the same', () =>
    spec()
      .given([registered])
      .when({ type: 'ChangeStaffRoles', roles: ['staff'], now: NOW })
      .then([]));

  it('refuses no roles at all, and a member of staff who has left', () => {
    spec().given([registered]).when({ type: 'ChangeStaffRoles', roles: [], now: NOW }).thenThrows('staff.roles_required');
    spec()
      .given([
        registered,
        { type: 'StaffMemberDeactivated', schemaVersion: 1, data: { staffId: 's-1', reason: 'Left', deactivatedAt: NOW } },
      ])
      .when({ type: 'ChangeStaffRoles', roles: ['dsl'], now: NOW })
      .thenThrows('staff.deactivated');
  });
});
