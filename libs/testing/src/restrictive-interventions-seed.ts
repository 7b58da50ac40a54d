/**
 * A half term of restraint incidents (summer 2026, 20 April to 22 May) with a known distribution of
 * SEN, disability, sex, year group, vulnerability and staff, recorded through HTTP as a school would:
 * the fake clock stands at each moment a record is made. Only for tests.
 */
import type { TestPlatform, TestStaff } from './test-platform.js';

export const RI_SEED_TERM = { from: '2026-04-20', to: '2026-05-22' };

type Sex = 'female' | 'male' | 'not_known';
interface SeedPupil {
  key: string;
  firstName: string;
  yearGroup: string;
  sen: boolean;
  ehcp: boolean;
  /** Vulnerability records, each from an instant. */
  status: {
    at: string;
    disability: boolean;
    sex: Sex;
    lookedAfter?: boolean;
    previouslyLookedAfter?: boolean;
    cp?: boolean;
    cin?: boolean;
  }[];
}

export const SEED_PUPILS: SeedPupil[] = [
  {
    key: 'P1',
    firstName: 'Alfie',
    yearGroup: '4',
    sen: true,
    ehcp: false,
    status: [
      { at: '2026-04-20T07:00:00Z', disability: true, sex: 'male', lookedAfter: true },
      // Adopted mid-term: previously looked after for the last two incidents.
      { at: '2026-05-04T07:00:00Z', disability: true, sex: 'male', previouslyLookedAfter: true },
    ],
  },
  {
    key: 'P2',
    firstName: 'Ben',
    yearGroup: '4',
    sen: true,
    ehcp: true,
    status: [{ at: '2026-04-20T07:00:00Z', disability: true, sex: 'male' }],
  },
  {
    key: 'P3',
    firstName: 'Chloe',
    yearGroup: '6',
    sen: false,
    ehcp: false,
    // Her disability is recorded after the term: her incidents stay counted as not disabled.
    status: [
      { at: '2026-04-20T07:00:00Z', disability: false, sex: 'female' },
      { at: '2026-05-25T07:00:00Z', disability: true, sex: 'female' },
    ],
  },
  {
    key: 'P4',
    firstName: 'Daisy',
    yearGroup: '2',
    sen: true,
    ehcp: true,
    status: [{ at: '2026-04-20T07:00:00Z', disability: false, sex: 'female', cp: true }],
  },
  // Nothing recorded until after their incident: counted as not recorded.
  {
    key: 'P5',
    firstName: 'Eli',
    yearGroup: 'R',
    sen: false,
    ehcp: false,
    status: [{ at: '2026-05-26T07:00:00Z', disability: false, sex: 'male' }],
  },
  {
    key: 'P6',
    firstName: 'Frankie',
    yearGroup: '6',
    sen: true,
    ehcp: false,
    status: [{ at: '2026-04-20T07:00:00Z', disability: false, sex: 'not_known', cin: true }],
  },
];

export type StaffKey = 'S1' | 'S2' | 'S3' | 'S4';

/** [pupil, date, forceType, minutes, staff, pupil injury, staff injury] */
export const SEED_INCIDENTS: [string, string, string, number, StaffKey[], string, string][] = [
  ['P1', '2026-04-21', 'restrictive_hold', 4, ['S1', 'S2'], 'None', 'None'],
  ['P1', '2026-04-23', 'restraint', 12, ['S1'], 'Graze to left knee', 'None'],
  ['P1', '2026-05-05', 'seclusion', 20, ['S1', 'S3'], 'None', 'Nil'],
  ['P1', '2026-05-12', 'guide_escort', 3, ['S2'], 'None', 'None'],
  ['P2', '2026-04-22', 'restrictive_hold', 7, ['S2', 'S3'], 'None', 'Bite to right forearm'],
  ['P2', '2026-04-29', 'restrictive_hold', 35, ['S1', 'S2', 'S3'], 'Red mark on wrist', 'None'],
  ['P2', '2026-05-14', 'guide_escort', 2, ['S3'], 'no injury', 'None'],
  ['P3', '2026-04-24', 'restraint', 5, ['S4'], 'None', 'None'],
  ['P3', '2026-05-01', 'restraint', 16, ['S4', 'S1'], 'None', 'Scratch to hand'],
  ['P3', '2026-05-19', 'restrictive_hold', 9, ['S4'], 'N/A', 'None'],
  ['P4', '2026-05-06', 'seclusion', 31, ['S2'], 'None', 'None'],
  ['P5', '2026-05-07', 'guide_escort', 1, ['S3'], 'None', 'None'],
  ['P6', '2026-05-13', 'restrictive_hold', 6, ['S1'], 'Bruise on upper arm', 'None'],
  ['P6', '2026-05-20', 'restraint', 15, ['S1', 'S4'], 'None', 'None'],
];

export interface SeededInterventionsTerm {
  pupils: Record<string, string>;
  staff: Record<StaffKey, TestStaff>;
  incidents: string[];
}

async function ok<T>(res: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * Seeds the term at oakfield: `lead` (a DSL) registers the pupils and records their status at each
 * instant; the learning and behaviour assistant (S1) records every incident at 15:30 on its day.
 * Records dated after the term (P3's disability, P5's first record) are made last, at their time.
 */
export async function seedRestrictiveInterventionsTerm(p: TestPlatform, lead: TestStaff): Promise<SeededInterventionsTerm> {
  const staff: Record<StaffKey, TestStaff> = {
    S1: await p.createStaff({ school: 'oakfield', jobRole: 'learning_behaviour_assistant', name: 'Sam Okoro' }),
    S2: await p.createStaff({ school: 'oakfield', jobRole: 'one_to_one_ta', name: 'Priya Shah' }),
    S3: await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant', name: 'Tom Reid' }),
    S4: await p.createStaff({ school: 'oakfield', jobRole: 'teacher', name: 'Grace Hall' }),
  };
  p.clock.set('2026-04-20T06:00:00Z');
  const pupils: Record<string, string> = {};
  for (const s of SEED_PUPILS) {
    const body = { firstName: s.firstName, lastName: 'Seed', dateOfBirth: '2017-01-09', yearGroup: s.yearGroup, sen: s.sen, ehcp: s.ehcp };
    pupils[s.key] = (await ok(p.http<{ id: string }>('POST', '/api/pupils', { token: lead.token, body }), 'register pupil')).id;
  }
  const records = SEED_PUPILS.flatMap((s) => s.status.map((st) => ({ pupil: s.key, ...st })));
  const incidents = SEED_INCIDENTS.map(([pupil, date, forceType, minutes, involved, pupilInjury, staffInjury]) => ({
    at: `${date}T15:30:00Z`,
    pupil,
    date,
    forceType,
    minutes,
    involved,
    pupilInjury,
    staffInjury,
  }));
  const steps = [...records.map((r) => ({ at: r.at, record: r })), ...incidents.map((i) => ({ at: i.at, incident: i }))].sort((a, b) =>
    a.at.localeCompare(b.at),
  );
  const ids: string[] = [];
  for (const step of steps) {
    p.clock.set(step.at);
    if ('record' in step && step.record) {
      const r = step.record;
      const body = {
        lookedAfter: r.lookedAfter ?? false,
        previouslyLookedAfter: r.previouslyLookedAfter ?? false,
        childProtectionPlan: r.cp ?? false,
        childInNeed: r.cin ?? false,
        disability: r.disability,
        sex: r.sex,
      };
      await ok(p.http('POST', `/api/pupils/${pupils[r.pupil]}/vulnerability`, { token: lead.token, body }), 'record vulnerability');
    } else if ('incident' in step && step.incident) {
      const i = step.incident;
      const occurredAt = `${i.date}T10:00:00.000Z`;
      const body = {
        pupilId: pupils[i.pupil],
        occurredAt,
        endedAt: new Date(Date.parse(occurredAt) + i.minutes * 60_000).toISOString(),
        location: 'Year corridor',
        staffInvolved: i.involved.map((k) => ({ staffId: staff[k].id, holds: ['single_elbow'] })),
        antecedents: 'Became distressed at the change of lesson',
        deEscalation: ['calm_talking'],
        forceType: i.forceType,
        reason: 'risk_of_injury_to_others',
        pupilInjury: i.pupilInjury,
        staffInjury: i.staffInjury,
        aftercare: 'Quiet room and water',
        witnesses: [],
      };
      ids.push((await ok(p.http<{ id: string }>('POST', '/api/incidents', { token: staff.S1.token, body }), 'record incident')).id);
    }
  }
  return { pupils, staff, incidents: ids };
}
