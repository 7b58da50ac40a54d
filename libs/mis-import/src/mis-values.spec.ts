import { readDate, readHours, readJobRole, readSenStatus, readYearGroup } from './mis-values.js';
import { upnCheckLetter, upnProblem } from './upn.js';

describe('UPN', () => {
  it('accepts a permanent UPN with its check letter and a temporary one', () => {
    expect(upnProblem('A123456789012')).toBeNull();
    const temporary = `${upnCheckLetter('12345678901B')}12345678901B`;
    expect(upnProblem(temporary)).toBeNull();
  });

  it('refuses a wrong check letter and a malformed number', () => {
    expect(upnProblem('B123456789012')).toBe('check_letter');
    expect(upnProblem('A12345678901')).toBe('malformed');
    // I, O and S are not in the DfE's alphabet, so no temporary UPN ends in them.
    expect(upnProblem('A12345678901I')).toBe('malformed');
  });

  it('computes the check letter as the DfE does (sum of digit × position, mod 23)', () =>
    // Worked by hand: 2·0 + 3·9 + 4·3 + 5·0 + 6·1 + 7·2 + 8·0 + 9·0 + 10·1 + 11·0 + 12·0 + 13·1 = 82; 82 mod 23 = 13 → P.
    expect(upnCheckLetter('093012001001')).toBe('P'));
});

describe('values of MIS exports', () => {
  it.each([
    ['04/05/2016', '2016-05-04'],
    ['4/5/2016', '2016-05-04'],
    ['2016-05-04', '2016-05-04'],
    ['2016-05-04T00:00:00', '2016-05-04'],
    ['04.05.2016', '2016-05-04'],
    ['31/02/2016', null],
    ['2016-13-01', null],
    ['soon', null],
  ])('reads the date %j as %j', (text, date) => expect(readDate(text)).toBe(date));

  it.each([
    ['Year 4', '4'],
    ['Y4', '4'],
    ['NC Year 13', '13'],
    ['Yr R', 'R'],
    ['Reception', 'R'],
    ['N2', 'N'],
    ['Nursery', 'N'],
    ['Year 14', null],
    ['0', null],
    ['', null],
    ['Sixth form', null],
  ])('reads the year group %j as %j', (text, year) => expect(readYearGroup(text)).toBe(year));

  it.each([
    ['N', { sen: false, ehcp: false }],
    ['', { sen: false, ehcp: false }],
    ['K', { sen: true, ehcp: false }],
    ['SEN Support', { sen: true, ehcp: false }],
    ['E', { sen: true, ehcp: true }],
    ['EHC Plan', { sen: true, ehcp: true }],
    ['X', null],
  ])('reads the SEN status %j', (text, status) => expect(readSenStatus(text)).toEqual(status));

  it.each([
    ['Class Teacher', 'teacher'],
    ['Teaching Assistant', 'teaching_assistant'],
    ['1:1 Teaching Assistant', 'one_to_one_ta'],
    ['HLTA', 'hlta'],
    ['Higher Level Teaching Assistant', 'hlta'],
    ['Headteacher', 'headteacher'],
    ['Learning Mentor (Behaviour)', 'learning_behaviour_assistant'],
    ['Cover Supervisor', 'cover_supervisor'],
    ['Site Manager', 'other'],
  ])('reads the job title %j as %j', (text, role) => expect(readJobRole(text)).toBe(role));

  it('reads hours with a point or a comma', () => {
    expect(readHours('32.5')).toBe(32.5);
    expect(readHours('32,5')).toBe(32.5);
    expect(readHours('full time')).toBeNull();
  });
});
