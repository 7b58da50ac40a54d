import { DeciderSpecification } from '#lib/kernel';
import type { PupilCommand, RegisterPupil } from './commands.js';
import type { PupilEvent, PupilRegistered } from './events.js';
import { pupilDecider, pupilStream } from './decider.js';
import { type PupilVulnerability, storeVulnerability } from './vulnerability.js';

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

describe('RecordPupilVulnerability', () => {
  const status = (overrides: Partial<PupilVulnerability> = {}): PupilVulnerability => ({
    lookedAfter: false,
    previouslyLookedAfter: false,
    childProtectionPlan: false,
    childInNeed: false,
    disability: false,
    sex: 'female',
    ethnicity: null,
    ...overrides,
  });
  const record = (v: PupilVulnerability): PupilCommand => ({ type: 'RecordPupilVulnerability', vulnerability: v, by: 's-dsl', now: NOW });
  const recorded = (v: PupilVulnerability): PupilEvent => ({
    type: 'PupilVulnerabilityRecorded',
    schemaVersion: 1,
    data: { ...storeVulnerability(v), changedAt: NOW, recordedBy: 's-dsl' },
  });

  it('stores each flag as one letter and sex as its census code', () =>
    spec()
      .given([registered])
      .when(record(status({ lookedAfter: true, disability: true, sex: 'male', ethnicity: ' WBRI ' })))
      .then([
        {
          type: 'PupilVulnerabilityRecorded',
          schemaVersion: 1,
          data: {
            lookedAfter: 'Y',
            previouslyLookedAfter: 'N',
            childProtectionPlan: 'N',
            childInNeed: 'N',
            disability: 'Y',
            sex: 'M',
            ethnicity: 'WBRI',
            changedAt: NOW,
            recordedBy: 's-dsl',
          },
        },
      ]));

  it('keeps the status in force in words', () =>
    spec()
      .given([registered, recorded(status({ childProtectionPlan: true }))])
      .when(record(status({ childProtectionPlan: true, childInNeed: true })))
      .thenState((s) => expect(s?.vulnerability).toMatchObject({ childProtectionPlan: true, childInNeed: true, sex: 'female' })));

  it('stores nothing when the status is unchanged', () =>
    spec()
      .given([registered, recorded(status())])
      .when(record(status()))
      .then([]));

  it('refuses a child both looked after and previously looked after', () =>
    spec()
      .given([registered])
      .when(record(status({ lookedAfter: true, previouslyLookedAfter: true })))
      .thenThrows('pupil.looked_after_conflict'));

  it('refuses a sex outside the list', () =>
    spec()
      .given([registered])
      .when(record(status({ sex: 'x' as PupilVulnerability['sex'] })))
      .thenThrows('pupil.invalid_field'));

  it('reads an erased record as not known', () =>
    spec()
      .given([
        registered,
        {
          type: 'PupilVulnerabilityRecorded',
          schemaVersion: 1,
          data: { ...storeVulnerability(status()), disability: '[erased]' as 'Y', changedAt: NOW, recordedBy: 's-dsl' },
        },
      ])
      .when(senStatus(true, false))
      .thenState((s) => expect(s?.vulnerability).toBeNull()));
});

describe('behaviour support plans', () => {
  const write = (summary: string, reviewDueOn: string): PupilCommand => ({
    type: 'RecordBehaviourPlan',
    summary,
    reviewDueOn,
    by: 's-dsl',
    now: NOW,
  });
  const planned = (revision: number, reviewDueOn: string): PupilEvent => ({
    type: 'BehaviourPlanRecorded',
    schemaVersion: 1,
    data: { revision, summary: 'Offer the quiet room first', reviewDueOn, recordedBy: 's-dsl', recordedAt: NOW },
  });
  const review = (nextReviewDueOn: string): PupilCommand => ({
    type: 'ReviewBehaviourPlan',
    notes: 'Working well',
    nextReviewDueOn,
    by: 's-head',
    now: NOW,
  });

  it('writes the first plan as revision 1', () =>
    spec()
      .given([registered])
      .when(write(' Offer the quiet room first ', '2025-04-01'))
      .then([planned(1, '2025-04-01')]));

  it('numbers a revision after the plan in force', () =>
    spec()
      .given([registered, planned(1, '2025-04-01')])
      .when(write('Offer the quiet room first', '2025-05-01'))
      .then([planned(2, '2025-05-01')]));

  it('accepts a review due today and refuses one due yesterday', () => {
    spec()
      .given([registered])
      .when(write('Plan', '2025-03-10'))
      .thenState((s) => expect(s?.behaviourPlan?.reviewDueOn).toBe('2025-03-10'));
    spec().given([registered]).when(write('Plan', '2025-03-09')).thenThrows('behaviour_plan.review_due_in_past');
  });

  it('requires a summary', () => spec().given([registered]).when(write('  ', '2025-04-01')).thenThrows('behaviour_plan.text_required'));

  it('reviews the plan in force and moves its review date', () =>
    spec()
      .given([registered, planned(1, '2025-03-10')])
      .when(review('2025-06-10'))
      .then([
        {
          type: 'BehaviourPlanReviewed',
          schemaVersion: 1,
          data: {
            revision: 1,
            notes: 'Working well',
            reviewedOn: '2025-03-10',
            nextReviewDueOn: '2025-06-10',
            reviewedBy: 's-head',
            reviewedAt: NOW,
          },
        },
      ]));

  it('keeps the next review date and the review in state', () =>
    spec()
      .given([registered, planned(1, '2025-03-10')])
      .when(review('2025-06-10'))
      .thenState((s) => expect(s?.behaviourPlan).toMatchObject({ reviewDueOn: '2025-06-10', reviews: [{ notes: 'Working well' }] })));

  it('refuses to review a plan that does not exist', () =>
    spec().given([registered]).when(review('2025-06-10')).thenThrows('behaviour_plan.not_found'));
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
