import { Seeder, startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

let p: TestPlatform;
let dsl: TestStaff;
let head: TestStaff;
let pupil: string;
let sibling: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  p = await startTestPlatform({ label: 'chronology' });
  const seed = new Seeder(p);
  const lead = seed.actor(p.schools.oakfield, ['dsl']);
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
  const lba = await p.createStaff({ school: 'oakfield', jobRole: 'learning_behaviour_assistant' });
  pupil = await seed.pupil(p.schools.oakfield, 'Mia', 'Brown');
  sibling = await seed.pupil(p.schools.oakfield, 'Leo', 'Brown');

  p.clock.set('2026-03-02T12:00:00Z');
  ids.incident = await seed.incident(lead, { pupilId: pupil, occurredAt: '2026-03-02T10:00:00Z', staffIds: [lba.id] });
  // Seen on Friday, written up on Monday: late.
  ids.concern = await seed.concern(lead, {
    pupilIds: [pupil, sibling],
    occurredAt: '2026-02-27T15:30:00Z',
    summary: 'Both arrived hungry',
  });
  await seed.triage(lead, ids.concern);
  ids.adult = await seed.concern(lead, {
    pupilIds: [pupil],
    occurredAt: '2026-03-02T08:00:00Z',
    summary: 'Adult shouted at Mia',
    aboutAdult: { name: 'A volunteer' },
  });
  await seed.notifyParent(lead, ids.incident, '2026-03-02T11:30:00Z');
  await p.settle();
  // Reading a chronology needs a second factor given in the last 15 minutes.
  await p.stepUp(dsl);
  await p.stepUp(head);
}, 60_000);
afterAll(async () => p.close());

const chronology = (id: string, token = dsl.token) => p.http('GET', `/api/pupils/${id}/chronology`, { token });

describe('pupil chronology', () => {
  it('asks for a fresh second factor (step-up) when the last one is older than 15 minutes', async () => {
    const deputy = await p.createStaff({ school: 'oakfield', roles: ['deputy_dsl'], jobRole: 'teacher' });
    expect((await chronology(pupil, deputy.token)).status).toBe(200);
    p.clock.advanceMinutes(16);
    const stale = await chronology(pupil, deputy.token);
    expect(stale.status).toBe(401);
    expect(stale.body.type).toBe('urn:problem:step-up-required');
    // The same file replayed as of an earlier instant needs the same fresh second factor.
    const replay = await p.http('GET', `/api/audit/replay?projection=chronology&pupilId=${pupil}&asOf=${p.clock.now().toISOString()}`, {
      token: head.token,
    });
    expect(replay.status).toBe(401);
    expect(replay.body.type).toBe('urn:problem:step-up-required');
    await p.stepUp(head);
    const replayed = await p.http('GET', `/api/audit/replay?projection=chronology&pupilId=${pupil}&asOf=${p.clock.now().toISOString()}`, {
      token: head.token,
    });
    expect(replayed.status).toBe(200);
    await p.stepUp(deputy);
    expect((await chronology(pupil, deputy.token)).status).toBe(200);
    p.clock.advanceMinutes(-16);
  });

  it('lists concerns and incidents by when they happened, flagging what was written up on a later day', async () => {
    const res = await chronology(pupil);
    expect(res.status).toBe(200);
    expect(res.body.map((e: { kind: string; late: boolean }) => [e.kind, e.late])).toEqual([
      ['concern_raised', true],
      ['incident_recorded', false],
      ['parent_notified', false],
      ['concern_triaged', false],
    ]);
    expect(res.body[0]).toEqual({
      occurredAt: '2026-02-27T15:30:00.000Z',
      recordedAt: '2026-03-02T12:00:00.000Z',
      late: true,
      kind: 'concern_raised',
      summary: 'Both arrived hungry',
      ref: { concernId: ids.concern },
    });
    expect(res.body[1].ref).toEqual({ incidentId: ids.incident });
  });

  it('shows a concern about several pupils in each one’s chronology', async () => {
    const res = await chronology(sibling);
    expect(res.body.map((e: { kind: string }) => e.kind)).toEqual(['concern_raised', 'concern_triaged']);
  });

  it('shows concerns about adults to the headteacher only', async () => {
    const forHead = await chronology(pupil, head.token);
    expect(forHead.body.filter((e: { ref: { concernId?: string } }) => e.ref.concernId === ids.adult)).toHaveLength(1);
    expect((await chronology(pupil)).body.some((e: { ref: { concernId?: string } }) => e.ref.concernId === ids.adult)).toBe(false);
  });

  it('records each read, and hides a pupil of another school', async () => {
    const views = await p.http('GET', `/api/audit/views?subject=${pupil}`, { token: dsl.token });
    expect(views.body.some((v: { viewerId: string; subjectType: string }) => v.viewerId === dsl.id && v.subjectType === 'chronology')).toBe(
      true,
    );
    const riversideDsl = await p.createStaff({ school: 'riverside', roles: ['dsl'], jobRole: 'dsl' });
    expect((await chronology(pupil, riversideDsl.token)).status).toBe(404);
    expect((await chronology('not-a-pupil')).status).toBe(404);
    const auditor = await p.createTrustUser('trust_auditor');
    expect((await chronology(pupil, auditor.token)).status).toBe(200);
    const ta = await p.createStaff({ school: 'oakfield' });
    expect((await chronology(pupil, ta.token)).status).toBe(403);
  });
});
