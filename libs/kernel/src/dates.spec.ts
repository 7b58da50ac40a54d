import { isInstant, isoWeekMonday, nextSchoolDay } from './dates.js';

describe('dates', () => {
  it('finds the Monday of an ISO week, and refuses a week the year does not have', () => {
    expect(isoWeekMonday('2026-W10')).toBe('2026-03-02');
    expect(isoWeekMonday('2026-W01')).toBe('2025-12-29');
    expect(isoWeekMonday('2025-W53')).toEqual(null);
    expect(isoWeekMonday('2026-W53')).toBe('2026-12-28');
    expect(isoWeekMonday('2020-W53')).toBe('2020-12-28');
    expect(isoWeekMonday('2026-W00')).toEqual(null);
  });

  it('steps over the weekend to the next school day', () => {
    expect(nextSchoolDay('2026-03-06')).toBe('2026-03-09');
    expect(nextSchoolDay('2026-03-02')).toBe('2026-03-03');
  });

  it('accepts only instants with an offset', () => {
    expect(isInstant('2026-03-01T10:00:00Z')).toBe(true);
    expect(isInstant('2026-03-01T10:00:00+01:00')).toBe(true);
    expect(isInstant('2026-03-01T10:00:00')).toBe(false);
    expect(isInstant('2026-03-01')).toBe(false);
  });
});
