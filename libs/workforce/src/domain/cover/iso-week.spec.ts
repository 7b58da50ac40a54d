import { isoWeekOf } from './iso-week.js';

describe('isoWeekOf', () => {
  it.each([
    ['2025-03-10', '2025-W11'],
    ['2025-03-16', '2025-W11'],
    ['2025-03-17', '2025-W12'],
    ['2024-12-30', '2025-W01'], // Monday whose Thursday is in 2025
    ['2021-01-03', '2020-W53'], // Sunday belonging to the last week of 2020
    ['2026-12-31', '2026-W53'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2024-02-29', '2024-W09'],
  ])('%s is in %s', (date, week) => expect(isoWeekOf(date)).toBe(week));
});
