import { PUPIL_YEAR_GROUPS } from '#lib/pupils';
import {
  DISABILITY_GROUPS,
  DURATION_BANDS,
  type DurationBand,
  INTERVENTION_TYPES,
  interventionTypeOf,
  type ReportIncident,
  type RestrictiveInterventionsReport,
  SEN_GROUPS,
  SEX_GROUPS,
  type SexGroup,
  VULNERABILITY_GROUPS,
} from './ri.types.js';

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

function band(minutes: number): DurationBand {
  if (minutes <= 5) return 'up_to_5';
  if (minutes <= 15) return '6_to_15';
  if (minutes <= 30) return '16_to_30';
  return 'over_30';
}

function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The report's counts over the incidents of the period (names are added by the caller). */
export function restrictiveInterventionsReport(
  incidents: readonly ReportIncident[],
  period: { from: string; to: string; schoolIds: string[] },
): RestrictiveInterventionsReport {
  const byType = zeros(INTERVENTION_TYPES);
  const bySen = zeros(SEN_GROUPS);
  const byDisability = zeros(DISABILITY_GROUPS);
  const bySex = zeros(SEX_GROUPS);
  const byVulnerability = zeros(VULNERABILITY_GROUPS);
  const bands = zeros(DURATION_BANDS);
  const years = new Map<string, number>();
  const staff = new Map<string, number>();
  const pupils = new Map<string, number>();
  const injuries = { pupil: 0, staff: 0, either: 0 };
  const durations: number[] = [];

  for (const i of incidents) {
    byType[interventionTypeOf(i.forceType)] += 1;
    bySen[i.ehcp ? 'ehcp' : i.sen ? 'sen_support' : 'no_sen'] += 1;
    const s = i.status;
    byDisability[s?.disability == null ? 'not_recorded' : s.disability ? 'disabled' : 'not_disabled'] += 1;
    bySex[(s?.sex ?? 'not_recorded') as SexGroup] += 1;
    if (s === null || s.lookedAfter === null) byVulnerability.not_recorded += 1;
    else
      for (const flag of ['lookedAfter', 'previouslyLookedAfter', 'childProtectionPlan', 'childInNeed'] as const)
        if (s[flag]) byVulnerability[flag] += 1;
    const year = i.yearGroup ?? 'not_recorded';
    years.set(year, (years.get(year) ?? 0) + 1);
    for (const id of new Set(i.staffIds)) staff.set(id, (staff.get(id) ?? 0) + 1);
    pupils.set(i.pupilId, (pupils.get(i.pupilId) ?? 0) + 1);
    if (i.pupilInjured) injuries.pupil += 1;
    if (i.staffInjured) injuries.staff += 1;
    if (i.pupilInjured || i.staffInjured) injuries.either += 1;
    durations.push(i.durationMinutes);
    bands[band(i.durationMinutes)] += 1;
  }

  const order = [...PUPIL_YEAR_GROUPS, 'not_recorded'] as string[];
  const byYearGroup = [...years]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([yearGroup, incidents]) => ({ yearGroup, incidents }));
  const most = <T extends { incidents: number; id: string }>(a: T, b: T) => b.incidents - a.incidents || a.id.localeCompare(b.id);
  const sorted = [...durations].sort((a, b) => a - b);
  const totalMinutes = sorted.reduce((sum, d) => sum + d, 0);
  return {
    ...period,
    total: incidents.length,
    pupils: pupils.size,
    byType,
    bySen,
    byDisability,
    bySex,
    byVulnerability,
    byYearGroup,
    byStaff: [...staff]
      .map(([id, incidents]) => ({ id, incidents }))
      .sort(most)
      .map(({ id, incidents }) => ({ staffId: id, name: null, incidents })),
    repeatPupils: [...pupils]
      .filter(([, n]) => n > 1)
      .map(([id, incidents]) => ({ id, incidents }))
      .sort(most)
      .map(({ id, incidents }) => ({ pupilId: id, name: null, incidents })),
    durations: {
      totalMinutes,
      meanMinutes: sorted.length === 0 ? 0 : Math.round((totalMinutes / sorted.length) * 10) / 10,
      medianMinutes: median(sorted),
      longestMinutes: sorted.at(-1) ?? 0,
      bands,
    },
    injuries,
  };
}
