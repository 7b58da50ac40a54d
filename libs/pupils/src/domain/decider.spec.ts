import { DeciderSpecification } from '#lib/kernel';
import type { PupilCommand, RegisterPupil } from './commands.js';
import type { PupilEvent, PupilRegistered } from './events.js';
import { pupilDecider, pupilStream } from './decider.js';

const NOW = '2025-03-10T10:00:00Z';
const spec = () => DeciderSpecification.for(pupilDecider);

const registerPupil = (overrides: Partial<RegisterPupil> = {}): RegisterPupil => ({
  type: 'RegisterPupil',
  pupilId: 'p-1',
  firstName: ' Ava ',
  lastName: 'Brown',
  dateOfBirth: '2016-05-04',
  yearGroup: '4',
  upn: 'a123456789012',
  sen: true,
  ehcp: false,
  schoolId: 'oakfield',
  now: NOW,
  ...overrides,
});

const registered: PupilRegistered = {
  type: 'PupilRegistered',
  schemaVersion: 1,
  data: {
    pupilId: 'p-1',
    firstName: 'Ava',
    lastName: 'Brown',
    dateOfBirth: '2016-05-04',
    yearGroup: '4',
    upn: 'A123456789012',
    sen: true,
    ehcp: false,
    schoolId: 'oakfield',
    registeredAt: NOW,
  },
};

const senStatus = (sen: boolean, ehcp: boolean): PupilCommand => ({ type: 'RecordPupilSenStatus', sen, ehcp, now: NOW });

describe('pupil stream', () => {
  it('is named after the pupil', () => expect(pupilStream('p-1')).toBe('pupil-p-1'));
});

describe('RegisterPupil', () => {
  it('registers a pupil', () => spec().given([]).when(registerPupil()).then([registered]));

  it('refuses to register twice', () => spec().given([registered]).when(registerPupil()).thenThrows('pupil.already_registered'));

  it.each(['N', 'r', '1', '13'])('accepts year group %s', (yearGroup) =>
    spec()
      .given([])
      .when(registerPupil({ yearGroup }))
      .thenState((s) => expect(s?.yearGroup).toBe(yearGroup.toUpperCase())),
  );

  it.each(['0', '14', 'Y4', ''])('refuses year group %j', (yearGroup) =>
    spec().given([]).when(registerPupil({ yearGroup })).thenThrows('pupil.invalid_year_group'),
  );

  it('requires both names', () => {
    spec()
      .given([])
      .when(registerPupil({ firstName: ' ' }))
      .thenThrows('pupil.name_required');
    spec()
      .given([])
      .when(registerPupil({ lastName: '' }))
      .thenThrows('pupil.name_required');
  });

  it('accepts a birth today and refuses one tomorrow', () => {
    spec()
      .given([])
      .when(registerPupil({ dateOfBirth: '2025-03-10', yearGroup: 'N' }))
      .thenState((s) => expect(s).not.toBeNull());
    spec()
      .given([])
      .when(registerPupil({ dateOfBirth: '2025-03-11' }))
      .thenThrows('pupil.born_in_future');
    spec()
      .given([])
      .when(registerPupil({ dateOfBirth: '04/05/2016' }))
      .thenThrows('pupil.invalid_field');
  });

  it('accepts no UPN or a temporary one, refuses a malformed one', () => {
    spec()
      .given([])
      .when(registerPupil({ upn: undefined }))
      .thenState((s) => expect(s?.upn).toBeNull());
    spec()
      .given([])
      .when(registerPupil({ upn: 'A12345678901B' }))
      .thenState((s) => expect(s?.upn).toBe('A12345678901B'));
    spec()
      .given([])
      .when(registerPupil({ upn: '1234' }))
      .thenThrows('pupil.invalid_upn');
  });

  it('refuses an EHCP without SEN', () =>
    spec()
      .given([])
      .when(registerPupil({ sen: false, ehcp: true }))
      .thenThrows('pupil.ehcp_requires_sen'));
});

describe('RecordPupilSenStatus', () => {
  const changed = (sen: boolean, ehcp: boolean): PupilEvent => ({
    type: 'PupilSenStatusChanged',
    schemaVersion: 1,
    data: { sen, ehcp, changedAt: NOW },
  });

  it('records a change of SEN status', () =>
    spec()
      .given([registered])
      .when(senStatus(true, true))
      .then([changed(true, true)]));

  it('keeps the current status in state', () =>
    spec()
      .given([registered, changed(true, true)])
      .when(senStatus(false, false))
      .thenState((s) => expect(s).toMatchObject({ sen: false, ehcp: false })));

  it('stores nothing when the status is unchanged', () => spec().given([registered]).when(senStatus(true, false)).then([]));

  it('refuses an EHCP without SEN', () => spec().given([registered]).when(senStatus(false, true)).thenThrows('pupil.ehcp_requires_sen'));

  it('refuses a pupil not registered', () => spec().given([]).when(senStatus(true, false)).thenThrows('pupil.not_found'));
});

describe('UpdatePupilDetails', () => {
  const update = (overrides: Partial<Extract<PupilCommand, { type: 'UpdatePupilDetails' }>> = {}): PupilCommand => ({
    type: 'UpdatePupilDetails',
    firstName: 'Ava',
    lastName: 'Brown',
    dateOfBirth: '2016-05-04',
    yearGroup: '4',
    sen: true,
    ehcp: false,
    now: NOW,
    ...overrides,
  });

  it('stores nothing when the school says what is already recorded', () => spec().given([registered]).when(update()).then([]));

  it('records a new year group with every detail as it now stands', () =>
    spec()
      .given([registered])
      .when(update({ yearGroup: '5', lastName: ' Brown-Smith ' }))
      .then([
        {
          type: 'PupilDetailsChanged',
          schemaVersion: 1,
          data: { firstName: 'Ava', lastName: 'Brown-Smith', dateOfBirth: '2016-05-04', yearGroup: '5', changedAt: NOW },
        },
      ]));

  it('records a change of SEN status alongside, and only that when nothing else changed', () =>
    spec()
      .given([registered])
      .when(update({ sen: true, ehcp: true }))
      .then([{ type: 'PupilSenStatusChanged', schemaVersion: 1, data: { sen: true, ehcp: true, changedAt: NOW } }]));

  it('keeps the new details in state', () =>
    spec()
      .given([registered])
      .when(update({ yearGroup: '5' }))
      .thenState((s) => expect(s).toMatchObject({ yearGroup: '5', upn: 'A123456789012' })));

  it('checks the details as at registration', () => {
    spec()
      .given([registered])
      .when(update({ yearGroup: '14' }))
      .thenThrows('pupil.invalid_year_group');
    spec()
      .given([registered])
      .when(update({ dateOfBirth: '2025-03-11' }))
      .thenThrows('pupil.born_in_future');
  });

  it('refuses a pupil not registered', () => spec().given([]).when(update()).thenThrows('pupil.not_found'));
});
