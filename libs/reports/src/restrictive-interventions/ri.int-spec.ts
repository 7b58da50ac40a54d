import {
  RI_SEED_TERM as TERM,
  type SeededInterventionsTerm,
  seedRestrictiveInterventionsTerm,
  startTestPlatform,
  type TestPlatform,
  type TestStaff,
} from '#lib/testing';

let p: TestPlatform;
let dsl: TestStaff;
let head: TestStaff;
let deputy: TestStaff;
let ta: TestStaff;
let riversideDsl: TestStaff;
let auditor: TestStaff;
let admin: TestStaff;
let seed: SeededInterventionsTerm;

const range = `from=${TERM.from}&to=${TERM.to}`;

async function report(token: string, query = range) {
  await p.settle();
  return p.http('GET', `/api/reports/restrictive-interventions?${query}`, { token });
}

async function pdfText(token: string, query = range): Promise<{ status: number; type: string | null; text: string }> {
  await p.settle();
  const res = await fetch(`${p.baseUrl}/api/reports/restrictive-interventions?${query}&format=pdf`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (res.status !== 200) return { status: res.status, type: res.headers.get('content-type'), text: '' };
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  return { status: res.status, type: res.headers.get('content-type'), text: text.replace(/\s+/g, ' ') };
}

beforeAll(async () => {
  p = await startTestPlatform({ label: 'restrictive_interventions' });
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
  deputy = await p.createStaff({ school: 'oakfield', roles: ['deputy_dsl'], jobRole: 'teacher' });
  ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
  riversideDsl = await p.createStaff({ school: 'riverside', roles: ['dsl'], jobRole: 'dsl' });
  auditor = await p.createTrustUser('trust_auditor');
  admin = await p.createTrustUser('trust_admin');
  seed = await seedRestrictiveInterventionsTerm(p, dsl);

  // One restraint at Riverside in the term, and one at Oakfield after it: neither is Oakfield's term.
  const riversideLba = await p.createStaff({ school: 'riverside', jobRole: 'learning_behaviour_assistant' });
  p.clock.set('2026-05-11T12:00:00Z');
  const pupil = await p.http('POST', '/api/pupils', {
    token: riversideDsl.token,
    body: { firstName: 'Remi', lastName: 'Cole', dateOfBirth: '2015-02-02', yearGroup: '5', sen: false, ehcp: false },
  });
  const base = {
    location: 'Hall',
    antecedents: 'Ran at another pupil',
    deEscalation: ['calm_talking'],
    reason: 'risk_of_injury_to_others',
    pupilInjury: 'None',
    staffInjury: 'None',
    aftercare: 'Water',
    witnesses: [],
  };
  const riverside = await p.http('POST', '/api/incidents', {
    token: riversideLba.token,
    body: {
      ...base,
      pupilId: pupil.body.id,
      occurredAt: '2026-05-11T10:00:00Z',
      endedAt: '2026-05-11T10:03:00Z',
      staffInvolved: [{ staffId: riversideLba.id, holds: ['single_elbow'] }],
      forceType: 'restraint',
    },
  });
  expect(riverside.status).toBe(201);
  p.clock.set('2026-05-27T12:00:00Z');
  const late = await p.http('POST', '/api/incidents', {
    token: seed.staff.S1.token,
    body: {
      ...base,
      pupilId: seed.pupils.P2,
      occurredAt: '2026-05-27T10:00:00Z',
      endedAt: '2026-05-27T10:05:00Z',
      staffInvolved: [{ staffId: seed.staff.S1.id, holds: ['single_elbow'] }],
      forceType: 'restraint',
    },
  });
  expect(late.status).toBe(201);
}, 240_000);
afterAll(async () => p.close());

describe('the restrictive-interventions report over a seeded term', () => {
  it('counts every group exactly as seeded', async () => {
    const res = await report(dsl.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const r = res.body;
    expect(r).toMatchObject({ from: TERM.from, to: TERM.to, schoolIds: [p.schools.oakfield], total: 14, pupils: 6 });
    expect(r.byType).toEqual({
      physical_restraint: 9,
      restraint_without_contact: 0,
      seclusion: 2,
      mechanical_restraint: 0,
      guide_escort: 3,
    });
    expect(r.bySen).toEqual({ no_sen: 4, sen_support: 6, ehcp: 4 });
    expect(r.byDisability).toEqual({ disabled: 7, not_disabled: 6, not_recorded: 1 });
    expect(r.bySex).toEqual({ female: 4, male: 7, not_known: 2, not_recorded: 1 });
    expect(r.byVulnerability).toEqual({
      lookedAfter: 2,
      previouslyLookedAfter: 2,
      childProtectionPlan: 1,
      childInNeed: 2,
      not_recorded: 1,
    });
    expect(r.byYearGroup).toEqual([
      { yearGroup: 'R', incidents: 1 },
      { yearGroup: '2', incidents: 1 },
      { yearGroup: '4', incidents: 7 },
      { yearGroup: '6', incidents: 5 },
    ]);
    expect(r.byStaff).toEqual([
      { staffId: seed.staff.S1.id, name: 'Sam Okoro', incidents: 7 },
      ...[
        { staffId: seed.staff.S2.id, name: 'Priya Shah', incidents: 5 },
        { staffId: seed.staff.S3.id, name: 'Tom Reid', incidents: 5 },
      ].sort((a, b) => a.staffId.localeCompare(b.staffId)),
      { staffId: seed.staff.S4.id, name: 'Grace Hall', incidents: 4 },
    ]);
    expect(r.repeatPupils).toEqual([
      { pupilId: seed.pupils.P1, name: 'Alfie Seed', incidents: 4 },
      ...[
        { pupilId: seed.pupils.P2, name: 'Ben Seed', incidents: 3 },
        { pupilId: seed.pupils.P3, name: 'Chloe Seed', incidents: 3 },
      ].sort((a, b) => a.pupilId.localeCompare(b.pupilId)),
      { pupilId: seed.pupils.P6, name: 'Frankie Seed', incidents: 2 },
    ]);
    expect(r.durations).toEqual({
      totalMinutes: 166,
      meanMinutes: 11.9,
      medianMinutes: 8,
      longestMinutes: 35,
      bands: { up_to_5: 5, '6_to_15': 5, '16_to_30': 2, over_30: 2 },
    });
    expect(r.injuries).toEqual({ pupil: 3, staff: 2, either: 5 });
  });

  it('keeps counting each incident under the pupil’s status at the time after it changes', async () => {
    // P3 became disabled after the term (recorded by the seed); change P2's status now as well.
    const changed = await p.http('POST', `/api/pupils/${seed.pupils.P2}/vulnerability`, {
      token: dsl.token,
      body: {
        lookedAfter: false,
        previouslyLookedAfter: false,
        childProtectionPlan: true,
        childInNeed: false,
        disability: false,
        sex: 'female',
      },
    });
    expect(changed.status).toBe(200);
    const r = (await report(head.token)).body;
    expect(r.byDisability).toEqual({ disabled: 7, not_disabled: 6, not_recorded: 1 });
    expect(r.bySex).toEqual({ female: 4, male: 7, not_known: 2, not_recorded: 1 });
    expect(r.byVulnerability.childProtectionPlan).toBe(1);
    // The incident after the term counts P2 as the status now says.
    const after = (await report(dsl.token, 'from=2026-05-23&to=2026-05-31')).body;
    expect(after).toMatchObject({ total: 1, bySex: { female: 0, male: 1 }, byDisability: { disabled: 1 } });
  });

  it('is read by the DSL, the deputy and the head of the school; a trust auditor reads the trust or one school', async () => {
    expect((await report(deputy.token)).body.total).toBe(14);
    expect((await report(riversideDsl.token)).body).toMatchObject({ total: 1, schoolIds: [p.schools.riverside] });
    expect((await report(auditor.token)).body.total).toBe(15);
    expect((await report(auditor.token, `${range}&schoolId=${p.schools.oakfield}`)).body.total).toBe(14);
  });

  it('is refused to other staff and trust admins (403), and a school outside the trust is 404', async () => {
    expect((await report(ta.token)).status).toBe(403);
    expect((await report(seed.staff.S1.token)).status).toBe(403);
    expect((await report(admin.token)).status).toBe(403);
    expect((await report(auditor.token, `${range}&schoolId=${p.schools.elsewhere}`)).status).toBe(404);
  });

  it('answers a bad period with 400 naming the field', async () => {
    const reversed = await report(dsl.token, 'from=2026-05-22&to=2026-04-20');
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors.map((e: { field: string }) => e.field)).toEqual(['from']);
    const malformed = await report(dsl.token, 'from=20-04-2026');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field)).toContain('from');
  });
});

describe('the governors’ PDF', () => {
  it('parses back and holds the counts, with nobody named and small groups suppressed', async () => {
    const { status, type, text } = await pdfText(head.token);
    expect(status).toBe(200);
    expect(type).toBe('application/pdf');
    expect(text).toContain('Restrictive interventions: report for governors');
    expect(text).toContain(`Period: ${TERM.from} to ${TERM.to}`);
    expect(text).toMatch(/Incidents 14\b/);
    expect(text).toMatch(/Pupils involved 6\b/);
    expect(text).toMatch(/Pupils with more than one incident 4\b/);
    expect(text).toMatch(/Physical restraint 9\b/);
    expect(text).toMatch(/Seclusion 2\b/);
    expect(text).toMatch(/Guide or escort 3\b/);
    expect(text).toMatch(/Restraint without contact 0\b/);
    expect(text).toMatch(/No SEN 4\b/);
    expect(text).toMatch(/SEN support 6\b/);
    expect(text).toMatch(/EHC plan 4\b/);
    expect(text).toMatch(/Disabled 7\b/);
    expect(text).toMatch(/Not disabled 6\b/);
    expect(text).toMatch(/Female 4\b/);
    expect(text).toMatch(/Male 7\b/);
    expect(text).toMatch(/Not known fewer than 3/);
    expect(text).toMatch(/Looked after fewer than 3/);
    expect(text).toMatch(/Year 4 7\b/);
    expect(text).toMatch(/Year 6 5\b/);
    expect(text).toMatch(/Reception fewer than 3/);
    expect(text).toMatch(/Total minutes 166\b/);
    expect(text).toMatch(/Longest \(minutes\) 35\b/);
    expect(text).toMatch(/Incidents with an injury to the pupil 3\b/);
    expect(text).toMatch(/Incidents with an injury to staff 2\b/);
    expect(text).toMatch(/Staff involved in 5 or more incidents 3\b/);
    for (const name of ['Alfie', 'Ben', 'Chloe', 'Daisy', 'Eli', 'Frankie', 'Seed', 'Sam Okoro', 'Priya', 'Tom Reid', 'Grace']) {
      expect(text).not.toContain(name);
    }
  });

  it('is refused to a TA as the JSON is', async () => {
    expect((await pdfText(ta.token)).status).toBe(403);
  });
});
