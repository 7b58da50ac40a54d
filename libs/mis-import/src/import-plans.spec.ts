import type { ImportRow } from './csv-table.js';
import { planPupilImport, type PupilField } from './pupil-import-plan.js';
import { planStaffImport, type StaffField } from './staff-import-plan.js';
import { upnCheckLetter } from './upn.js';

const TODAY = '2026-03-02';
const upn = (rest: string) => `${upnCheckLetter(rest)}${rest}`;
const A = upn('093200116001');
const B = upn('093200116002');

const pupilRow = (row: number, cells: Partial<Record<PupilField, string>>): ImportRow<PupilField> => ({
  row,
  cells: { upn: A, firstName: 'Mia', lastName: 'Brown', dateOfBirth: '04/05/2017', yearGroup: 'Year 3', senStatus: 'N', ...cells },
});

describe('planning a pupil import', () => {
  const known = [
    { pupilId: 'p-1', upn: A, firstName: 'Mia', lastName: 'Brown', dateOfBirth: '2017-05-04', yearGroup: '3', sen: false, ehcp: false },
  ];

  it('given a pupil the school has, when the file says the same, then the row is unchanged', () =>
    expect(planPupilImport([pupilRow(2, {})], known, TODAY).rows).toEqual([{ row: 2, action: 'unchanged', key: A, id: 'p-1' }]));

  it('given a pupil the school has, when the file moves them up a year with an EHCP, then the row changes those fields', () =>
    expect(planPupilImport([pupilRow(2, { yearGroup: 'Year 4', senStatus: 'E' })], known, TODAY).rows[0]).toMatchObject({
      action: 'change',
      id: 'p-1',
      changes: ['yearGroup', 'sen', 'ehcp'],
    }));

  it('given no such UPN, then the row creates the pupil', () =>
    expect(planPupilImport([pupilRow(2, { upn: B })], known, TODAY).rows[0]).toMatchObject({ action: 'create', key: B }));

  it('rejects a later row with a UPN already seen, giving every reason a row fails', () => {
    const plan = planPupilImport([pupilRow(2, { upn: B }), pupilRow(3, { upn: B, dateOfBirth: '30/02/2017', yearGroup: 'X' })], [], TODAY);
    expect(plan.rows.map((r) => r.row)).toEqual([2]);
    expect(plan.reject).toEqual([
      { row: 3, reason: `UPN ${B} is also on row 2; date of birth "30/02/2017" is not a date; year group "X" is not known (N, R or 1–13)` },
    ]);
  });

  it('rejects a date of birth over 25 years ago (an EHCP ends at 25) and one in the future', () => {
    const plan = planPupilImport(
      [pupilRow(2, { dateOfBirth: '01/03/2001' }), pupilRow(3, { upn: B, dateOfBirth: '03/03/2026' })],
      [],
      TODAY,
    );
    expect(plan.reject.map((r) => r.reason)).toEqual([
      'date of birth 2001-03-01 is more than 25 years ago',
      'date of birth 2026-03-03 is in the future',
    ]);
  });
});

const staffRow = (row: number, cells: Partial<Record<StaffField, string>>): ImportRow<StaffField> => ({
  row,
  cells: {
    email: 'ben@school.test',
    name: '',
    firstName: 'Ben',
    lastName: 'Cole',
    jobRole: 'Teaching Assistant',
    contractedHours: '27.5',
    startDate: '',
    ...cells,
  },
});

describe('planning a staff import', () => {
  const known = [
    {
      staffId: 's-1',
      email: 'ben@school.test',
      schoolId: 'oak',
      name: 'Ben Cole',
      jobRole: 'teaching_assistant' as const,
      contractedHoursPerWeek: 27.5,
    },
  ];

  it('given a colleague the school has, when the file says the same, then the row is unchanged', () =>
    expect(planStaffImport([staffRow(2, {})], known, 'oak', TODAY, true).rows).toEqual([
      { row: 2, action: 'unchanged', key: 'ben@school.test', id: 's-1' },
    ]));

  it('keeps the job role of a known colleague when the file has no job title column', () =>
    expect(planStaffImport([staffRow(2, { jobRole: '' })], known, 'oak', TODAY, false).rows[0]).toMatchObject({ action: 'unchanged' }));

  it('creates a newcomer with today as the start date when none is given', () =>
    expect(planStaffImport([staffRow(2, { email: 'NEW@school.test' })], known, 'oak', TODAY, true).rows[0]).toMatchObject({
      action: 'create',
      key: 'new@school.test',
      details: { name: 'Ben Cole', jobRole: 'teaching_assistant', startDate: TODAY },
    }));

  it('refuses an account of another school', () =>
    expect(planStaffImport([staffRow(2, {})], known, 'river', TODAY, true).reject).toEqual([
      { row: 2, reason: 'email ben@school.test is the account of someone at another school' },
    ]));
});
