import { addWorkingDays, englandBankHolidays, isWorkingDay } from './working-days.js';

describe('working days in England', () => {
  it('knows the bank holidays gov.uk lists, substitutes included', () => {
    expect([...englandBankHolidays(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
    // Christmas on a Saturday and Boxing Day on a Sunday: Monday and Tuesday instead.
    expect([...englandBankHolidays(2027)].filter((d) => d >= '2027-12-01').sort()).toEqual(['2027-12-27', '2027-12-28']);
    // New Year's Day on a Saturday: Monday 3 January.
    expect(englandBankHolidays(2028).has('2028-01-03')).toBe(true);
    expect([...englandBankHolidays(2025)].sort()).toEqual([
      '2025-01-01',
      '2025-04-18',
      '2025-04-21',
      '2025-05-05',
      '2025-05-26',
      '2025-08-25',
      '2025-12-25',
      '2025-12-26',
    ]);
    // Proclaimed: the Queen's funeral.
    expect(englandBankHolidays(2022).has('2022-09-19')).toBe(true);
  });

  it('counts the next working day past weekends and bank holidays, not school holidays', () => {
    expect(addWorkingDays('2026-03-02', 1)).toBe('2026-03-03'); // Monday → Tuesday
    expect(addWorkingDays('2026-03-06', 1)).toBe('2026-03-09'); // Friday → Monday
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07'); // Thursday before Good Friday → Tuesday after Easter Monday
    expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    expect(addWorkingDays('2026-10-26', 1)).toBe('2026-10-27'); // half term is a working day
    expect(isWorkingDay('2026-05-25')).toBe(false);
    expect(isWorkingDay('2026-05-26')).toBe(true);
  });
});
