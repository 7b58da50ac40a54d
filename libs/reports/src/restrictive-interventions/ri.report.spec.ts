import { shownCount } from './ri.pdf.js';
import { restrictiveInterventionsReport } from './ri.report.js';
import { interventionTypeOf, type ReportIncident, reportsInjury } from './ri.types.js';

const incident = (overrides: Partial<ReportIncident> = {}): ReportIncident => ({
  incidentId: 'i',
  schoolId: 's',
  pupilId: 'p1',
  occurredAt: '2026-05-01T10:00:00Z',
  durationMinutes: 5,
  forceType: 'restrictive_hold',
  staffIds: ['a'],
  sen: false,
  ehcp: false,
  pupilInjured: false,
  staffInjured: false,
  yearGroup: '4',
  status: null,
  ...overrides,
});
const period = { from: '2026-04-20', to: '2026-05-22', schoolIds: ['s'] };

describe('interventionTypeOf', () => {
  it.each([
    ['restraint', 'physical_restraint'],
    ['restrictive_hold', 'physical_restraint'],
    ['seclusion', 'seclusion'],
    ['guide_escort', 'guide_escort'],
    ['restraint_without_contact', 'restraint_without_contact'],
    ['mechanical_restraint', 'mechanical_restraint'],
  ])('maps %s to %s', (forceType, type) => expect(interventionTypeOf(forceType)).toBe(type));
});

describe('reportsInjury', () => {
  it.each(['None', 'none.', ' N/A ', 'nil', 'No injury', 'no injuries observed', ''])('reads %j as no injury', (text) =>
    expect(reportsInjury(text)).toBe(false),
  );
  it.each(['Graze to left knee', 'None visible but complained of pain in wrist'])('reads %j as an injury', (text) =>
    expect(reportsInjury(text)).toBe(true),
  );
});

describe('restrictiveInterventionsReport', () => {
  it('gives zeros for every group of an empty period', () => {
    const r = restrictiveInterventionsReport([], period);
    expect(r).toMatchObject({ total: 0, pupils: 0, byStaff: [], repeatPupils: [], byYearGroup: [] });
    expect(r.durations).toEqual({
      totalMinutes: 0,
      meanMinutes: 0,
      medianMinutes: 0,
      longestMinutes: 0,
      bands: { up_to_5: 0, '6_to_15': 0, '16_to_30': 0, over_30: 0 },
    });
  });

  it('counts a member of staff named twice on one incident once, and a pupil with one incident as no repeat', () => {
    const r = restrictiveInterventionsReport([incident({ staffIds: ['a', 'a', 'b'] })], period);
    expect(r.byStaff.map((s) => [s.staffId, s.incidents])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(r.repeatPupils).toEqual([]);
  });

  it('counts an erased status as not recorded, and each flag true at the time', () => {
    const erased = {
      lookedAfter: null,
      previouslyLookedAfter: null,
      childProtectionPlan: null,
      childInNeed: null,
      disability: null,
      sex: null,
    };
    const r = restrictiveInterventionsReport(
      [
        incident({ status: erased }),
        incident({
          pupilId: 'p2',
          status: {
            ...erased,
            lookedAfter: true,
            previouslyLookedAfter: false,
            childProtectionPlan: true,
            childInNeed: false,
            disability: false,
            sex: 'female',
          },
        }),
      ],
      period,
    );
    expect(r.byDisability).toEqual({ disabled: 0, not_disabled: 1, not_recorded: 1 });
    expect(r.bySex).toEqual({ female: 1, male: 0, not_known: 0, not_recorded: 1 });
    expect(r.byVulnerability).toEqual({
      lookedAfter: 1,
      previouslyLookedAfter: 0,
      childProtectionPlan: 1,
      childInNeed: 0,
      not_recorded: 1,
    });
  });

  it('puts the bands at 5, 15 and 30 minutes inclusive', () => {
    const r = restrictiveInterventionsReport(
      [5, 6, 15, 16, 30, 31].map((durationMinutes) => incident({ durationMinutes })),
      period,
    );
    expect(r.durations.bands).toEqual({ up_to_5: 1, '6_to_15': 2, '16_to_30': 2, over_30: 1 });
    expect(r.durations.medianMinutes).toBe(15.5);
  });
});

describe('shownCount (the governors’ PDF)', () => {
  it('shows 0 and 3 or more, and suppresses 1 and 2', () => {
    expect([0, 1, 2, 3, 14].map(shownCount)).toEqual(['0', 'fewer than 3', 'fewer than 3', '3', '14']);
  });
});
