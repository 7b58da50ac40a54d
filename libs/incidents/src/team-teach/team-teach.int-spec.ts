import { Seeder, startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

let p: TestPlatform;
let seed: Seeder;
let dsl: TestStaff;
let auditor: TestStaff;
const ids: Record<string, string> = {};
let capturedAt: string;
let captured: unknown;

beforeAll(async () => {
  p = await startTestPlatform({ label: 'team_teach' });
  seed = new Seeder(p);
  const oak = p.schools.oakfield;
  const head = seed.actor(oak, ['headteacher']);
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
  auditor = await p.createTrustUser('trust_auditor');
  const lapsed = await p.createStaff({ school: 'oakfield', jobRole: 'learning_behaviour_assistant', name: 'Lapsed Lee' });
  const renewed = await p.createStaff({ school: 'oakfield', jobRole: 'learning_behaviour_assistant', name: 'Renewed Rae' });
  const riversideTa = await p.createStaff({ school: 'riverside', jobRole: 'one_to_one_ta' });
  // Level 2 lasts a year: the certificate ran out on 1 March, the day before the incidents.
  await seed.completion(head, lapsed.id, 'team_teach_level_2', '2025-03-01', '2026-03-01');
  await seed.completion(head, renewed.id, 'team_teach_level_2', '2025-03-01', '2026-03-01');
  await seed.completion(head, renewed.id, 'team_teach_level_2', '2026-03-01');
  await seed.completion(seed.actor(p.schools.riverside), riversideTa.id, 'proact_scip', '2025-09-01');
  const pupil = await seed.pupil(oak);
  const riversidePupil = await seed.pupil(p.schools.riverside);

  p.clock.set('2026-03-02T11:00:00Z');
  ids.lapsed = await seed.incident(head, { pupilId: pupil, occurredAt: '2026-03-02T10:00:00Z', staffIds: [lapsed.id] });
  ids.renewed = await seed.incident(head, { pupilId: pupil, occurredAt: '2026-03-02T10:15:00Z', staffIds: [renewed.id] });
  ids.riverside = await seed.incident(seed.actor(p.schools.riverside), {
    pupilId: riversidePupil,
    occurredAt: '2026-03-02T10:30:00Z',
    staffIds: [riversideTa.id],
  });
  await seed.notifyParent(head, ids.renewed, '2026-03-02T11:00:00Z');
  await seed.debrief(head, ids.renewed, 'pupil', '2026-03-02T11:00:00Z');
  await seed.debrief(head, ids.renewed, 'staff', '2026-03-02T11:00:00Z');
  await seed.review(head, ids.renewed);
  await p.settle();
  capturedAt = p.clock.now().toISOString();
  captured = (await p.http('GET', '/api/audits/team-teach?from=2026-03-01&to=2026-03-31', { token: auditor.token })).body;

  // The next morning: an incident from yesterday afternoon is recorded, and yesterday's parent is rung.
  p.clock.set('2026-03-03T09:00:00Z');
  ids.late = await seed.incident(head, { pupilId: pupil, occurredAt: '2026-03-02T14:00:00Z', staffIds: [renewed.id] });
  await seed.notifyParent(head, ids.lapsed, '2026-03-03T08:30:00Z');
  await p.settle();
}, 60_000);
afterAll(async () => p.close());

const audit = async (query: string, token = dsl.token) => p.http('GET', `/api/audits/team-teach?${query}`, { token });
const incident = (body: { incidents: { incidentId: string }[] }, id: string) => body.incidents.find((i) => i.incidentId === id) as any;

describe('Team Teach compliance audit', () => {
  it('flags a restraint by a learning and behaviour assistant whose level 2 expired the day before', async () => {
    const res = await audit('from=2026-03-02&to=2026-03-02');
    expect(res.status).toBe(200);
    const lapsed = incident(res.body, ids.lapsed!);
    expect(lapsed.checks.allStaffCertified).toBe(false);
    expect(lapsed.breaches).toContain('uncertified_restraint');
    expect(lapsed.checks.recordedSameDay).toBe(true);
    // The pupil is named, not only an id, in the audit an auditor reads.
    expect(lapsed).toMatchObject({ pupilId: expect.any(String), pupilName: 'Pupil Test' });
  });

  it('counts a certificate renewed the day before, and a fully followed-up incident as compliant', async () => {
    const renewed = incident((await audit('from=2026-03-02&to=2026-03-02')).body, ids.renewed!);
    expect(renewed.checks).toEqual({
      recordedSameDay: true,
      parentNotifiedSameDay: true,
      pupilDebriefHeld: true,
      staffDebriefHeld: true,
      reviewed: true,
      allStaffCertified: true,
      holdsWithinCertifiedLevel: true,
    });
    expect(renewed.breaches).toEqual([]);
  });

  it('flags an incident recorded the next day, and a parent not told by the end of the day', async () => {
    const res = await audit('from=2026-03-02&to=2026-03-02');
    const late = incident(res.body, ids.late!);
    expect(late.checks.recordedSameDay).toBe(false);
    expect(late.breaches).toEqual(expect.arrayContaining(['restraint_recorded_late', 'parent_not_notified']));
    expect(late.checks.allStaffCertified).toBe(true);
    // Rung the next morning: notified, but not on the day.
    expect(incident(res.body, ids.lapsed!).breaches).toContain('parent_not_notified');
    expect(res.body.summary).toMatchObject({ incidents: 3, fullyCompliant: 1 });
    expect(res.body.summary.byCode.uncertified_restraint).toBe(1);
    expect(res.body.summary.byCode.restraint_recorded_late).toBe(1);
    expect(res.body.incidents.map((i: { schoolId: string }) => i.schoolId)).toEqual([
      p.schools.oakfield,
      p.schools.oakfield,
      p.schools.oakfield,
    ]);
  });

  it('keeps to the date range', async () => {
    expect((await audit('from=2026-03-03&to=2026-03-31')).body.incidents).toEqual([]);
    expect((await audit('from=2026-03-04&to=2026-03-01')).status).toBe(400);
    expect((await audit('from=2026-3-1')).status).toBe(400);
  });

  it('answers as of a past instant exactly what the live audit showed then', async () => {
    const replayed = await p.http('GET', `/api/audits/team-teach?from=2026-03-01&to=2026-03-31&asOf=${encodeURIComponent(capturedAt)}`, {
      token: auditor.token,
    });
    expect(replayed.status).toBe(200);
    expect(replayed.body).toEqual(captured);
    const now = (await p.http('GET', '/api/audits/team-teach?from=2026-03-01&to=2026-03-31', { token: auditor.token })).body;
    expect(now).not.toEqual(captured);
  });

  it('shows a trust auditor every school of the trust, per school, unless one is chosen', async () => {
    const all = await p.http('GET', '/api/audits/team-teach?from=2026-03-01&to=2026-03-31', { token: auditor.token });
    expect(all.body.summary.incidents).toBe(4);
    expect(all.body.schools.map((s: { schoolId: string }) => s.schoolId).sort()).toEqual([p.schools.oakfield, p.schools.riverside].sort());
    const riverside = incident(all.body, ids.riverside!);
    expect(riverside.schoolId).toBe(p.schools.riverside);
    expect(riverside.checks.allStaffCertified).toBe(true);
    const one = await p.http('GET', `/api/audits/team-teach?from=2026-03-01&to=2026-03-31&schoolId=${p.schools.riverside}`, {
      token: auditor.token,
    });
    expect(one.body.incidents.map((i: { incidentId: string }) => i.incidentId)).toEqual([ids.riverside]);
  });

  it('is for the DSL, the headteacher and the trust auditor only; another trust is not found', async () => {
    const ta = await p.createStaff({ school: 'oakfield' });
    expect((await audit('', ta.token)).status).toBe(403);
    const stranger = await p.createTrustUser('trust_auditor', 'other');
    expect((await p.http('GET', `/api/audits/team-teach?schoolId=${p.schools.oakfield}`, { token: stranger.token })).status).toBe(404);
    expect((await audit(`schoolId=${p.schools.riverside}`)).status).toBe(404);
  });
});
