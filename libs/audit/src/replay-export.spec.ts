import { asOfInstant, toCsv } from './replay-export.js';

describe('replay export', () => {
  it('reads a date as the end of that day in London, and an instant as given', () => {
    expect(asOfInstant('2026-03-01')?.toISOString()).toBe('2026-03-01T23:59:59.999Z');
    expect(asOfInstant('2026-06-01')?.toISOString()).toBe('2026-06-01T22:59:59.999Z');
    expect(asOfInstant('2026-03-01T10:00:00+01:00')?.toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(asOfInstant('2026-02-30')).toBeNull();
    expect(asOfInstant('yesterday')).toBeNull();
  });

  it('quotes CSV fields that need it and defuses spreadsheet formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x, "y"', '=SUM(A1)'],
          [true, null],
        ],
      ),
    ).toBe('a,b\n"x, ""y""",\'=SUM(A1)\ntrue,\n');
  });
});
