import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

// The fake clock starts on Monday 2026-03-02 09:00 GMT.
let p: TestPlatform;
let dsl: TestStaff;
let head: TestStaff;
let ta: TestStaff;
let riversideTa: TestStaff;
let auditor: TestStaff;
let admin: TestStaff;
let pupilId: string;

interface InboxAlert {
  kind: string;
  status: string;
  raisedAt: string;
  message: string;
  subject: { pupilId?: string };
}

async function reviewAlerts(): Promise<InboxAlert[]> {
  await p.settle();
  const res = await p.http<InboxAlert[]>('GET', '/api/alerts?limit=500', { token: dsl.token });
  expect(res.status).toBe(200);
  return res.body.filter((a) => a.kind === 'behaviour_plan_review_due' && a.subject.pupilId === pupilId);
}

beforeAll(async () => {
  p = await startTestPlatform({ label: 'pupil_support' });
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
  ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
  riversideTa = await p.createStaff({ school: 'riverside', jobRole: 'teaching_assistant' });
  auditor = await p.createTrustUser('trust_auditor');
  admin = await p.createTrustUser('trust_admin');
  const created = await p.http('POST', '/api/pupils', {
    token: dsl.token,
    body: { firstName: 'Noah', lastName: 'Price', dateOfBirth: '2017-01-09', yearGroup: '4', sen: true, ehcp: true },
  });
  pupilId = created.body.id;
});
afterAll(async () => p.close());

describe('behaviour support plans', () => {
  const plan = {
    summary: 'Loud noise is a trigger: offer ear defenders and the quiet room before anything else.',
    reviewDueOn: '2026-03-09',
  };

  it('lets a TA refuse to write one (403, nothing stored) and a DSL write it (201)', async () => {
    const before = await p.eventCount();
    expect((await p.http('POST', `/api/pupils/${pupilId}/behaviour-support-plan`, { token: ta.token, body: plan })).status).toBe(403);
    expect(await p.eventCount()).toBe(before);
    const res = await p.http('POST', `/api/pupils/${pupilId}/behaviour-support-plan`, { token: dsl.token, body: plan });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: pupilId, revision: 1 });
  });

  it('is read by the staff of the pupil’s school and the trust’s auditors, by nobody else', async () => {
    const read = await p.http('GET', `/api/pupils/${pupilId}/behaviour-support-plan`, { token: ta.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ revision: 1, summary: plan.summary, reviewDueOn: '2026-03-09', recordedBy: dsl.id, reviews: [] });
    expect((await p.http('GET', `/api/pupils/${pupilId}/behaviour-support-plan`, { token: auditor.token })).status).toBe(200);
    expect((await p.http('GET', `/api/pupils/${pupilId}/behaviour-support-plan`, { token: riversideTa.token })).status).toBe(404);
    expect((await p.http('GET', `/api/pupils/${pupilId}/behaviour-support-plan`, { token: admin.token })).status).toBe(404);
  });

  it('stores its text encrypted', async () => {
    const { rows } = await p.db.pool.query<{ data: string }>(`SELECT data::text FROM events WHERE type = 'BehaviourPlanRecorded'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.data).not.toContain('ear defenders');
  });

  it('answers a review date in the past with 422 naming it, and a malformed one with 400', async () => {
    const past = await p.http('POST', `/api/pupils/${pupilId}/behaviour-support-plan`, {
      token: dsl.token,
      body: { ...plan, reviewDueOn: '2026-03-01' },
    });
    expect(past.status).toBe(422);
    expect(JSON.stringify(past.body)).toContain('reviewDueOn');
    const malformed = await p.http('POST', `/api/pupils/${pupilId}/behaviour-support-plan`, {
      token: dsl.token,
      body: { ...plan, reviewDueOn: '9/3/26' },
    });
    expect(malformed.status).toBe(400);
    expect(new Set(malformed.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['reviewDueOn']));
  });

  it('raises behaviour_plan_review_due at the start of the review date, not before', async () => {
    p.clock.set('2026-03-08T23:59:59.999Z');
    expect(await reviewAlerts()).toHaveLength(0);
    p.clock.set('2026-03-09T00:00:00.000Z');
    expect(await reviewAlerts()).toEqual([
      expect.objectContaining({ status: 'open', raisedAt: '2026-03-09T00:00:00.000Z', message: expect.stringContaining('2026-03-09') }),
    ]);
  });

  it('resolves the alert when the plan is reviewed, and raises again at the next review date', async () => {
    p.clock.set('2026-03-09T10:00:00Z');
    const reviewed = await p.http('POST', `/api/pupils/${pupilId}/behaviour-support-plan/review`, {
      token: head.token,
      body: { notes: 'Fewer incidents since the ear defenders; keep the plan.', nextReviewDueOn: '2026-06-08' },
    });
    expect(reviewed.status).toBe(200);
    expect(await reviewAlerts()).toEqual([expect.objectContaining({ status: 'resolved' })]);
    const read = await p.http('GET', `/api/pupils/${pupilId}/behaviour-support-plan`, { token: ta.token });
    expect(read.body).toMatchObject({
      reviewDueOn: '2026-06-08',
      reviews: [expect.objectContaining({ reviewedOn: '2026-03-09', reviewedBy: head.id })],
    });
    p.clock.set('2026-06-08T00:00:00Z');
    const alerts = await reviewAlerts();
    expect(alerts.map((a) => a.status).sort()).toEqual(['open', 'resolved']);
  });

  it('numbers a revision, which resolves the open reminder', async () => {
    const res = await p.http('POST', `/api/pupils/${pupilId}/behaviour-support-plan`, {
      token: dsl.token,
      body: { summary: 'Revised after the review.', reviewDueOn: '2026-09-07' },
    });
    expect(res.body).toMatchObject({ revision: 2 });
    expect((await reviewAlerts()).every((a) => a.status === 'resolved')).toBe(true);
  });
});

describe('vulnerability over time', () => {
  const status = {
    lookedAfter: true,
    previouslyLookedAfter: false,
    childProtectionPlan: false,
    childInNeed: false,
    disability: true,
    sex: 'male',
    ethnicity: 'WBRI',
  };

  it('is recorded by the DSL (a TA gets 403) and read back as it stood at an instant', async () => {
    p.clock.set('2026-06-10T09:00:00Z');
    expect((await p.http('POST', `/api/pupils/${pupilId}/vulnerability`, { token: ta.token, body: status })).status).toBe(403);
    expect((await p.http('POST', `/api/pupils/${pupilId}/vulnerability`, { token: dsl.token, body: status })).status).toBe(200);
    p.clock.set('2026-06-12T09:00:00Z');
    const changed = { ...status, lookedAfter: false, previouslyLookedAfter: true };
    expect((await p.http('POST', `/api/pupils/${pupilId}/vulnerability`, { token: head.token, body: changed })).status).toBe(200);

    const now = await p.http('GET', `/api/pupils/${pupilId}/vulnerability`, { token: dsl.token });
    expect(now.body.current).toMatchObject({
      lookedAfter: false,
      previouslyLookedAfter: true,
      sex: 'male',
      from: '2026-06-12T09:00:00.000Z',
    });
    expect(now.body.history).toHaveLength(2);
    const then = await p.http('GET', `/api/pupils/${pupilId}/vulnerability?asOf=2026-06-11T12:00:00Z`, { token: auditor.token });
    expect(then.body.current).toMatchObject({ lookedAfter: true, previouslyLookedAfter: false, disability: true });
    const before = await p.http('GET', `/api/pupils/${pupilId}/vulnerability?asOf=2026-06-01T12:00:00Z`, { token: dsl.token });
    expect(before.body.current).toBeNull();
  });

  it('is not shown to other staff, not even in the pupil record', async () => {
    expect((await p.http('GET', `/api/pupils/${pupilId}/vulnerability`, { token: ta.token })).status).toBe(403);
    const pupil = await p.http('GET', `/api/pupils/${pupilId}`, { token: ta.token });
    expect(pupil.status).toBe(200);
    expect(pupil.body).not.toHaveProperty('vulnerability');
    expect(pupil.body).not.toHaveProperty('behaviourPlan');
  });

  it('stores every field encrypted', async () => {
    const { rows } = await p.db.pool.query<{ data: Record<string, unknown> }>(
      `SELECT data FROM events WHERE type = 'PupilVulnerabilityRecorded'`,
    );
    expect(rows).toHaveLength(2);
    for (const field of ['lookedAfter', 'disability', 'sex', 'ethnicity']) expect(rows[0]!.data[field]).toMatchObject({ $enc: 'v1' });
  });

  it('refuses a child both looked after and previously looked after (422), and an unknown sex (400)', async () => {
    const conflict = await p.http('POST', `/api/pupils/${pupilId}/vulnerability`, {
      token: dsl.token,
      body: { ...status, previouslyLookedAfter: true },
    });
    expect(conflict.status).toBe(422);
    const sex = await p.http('POST', `/api/pupils/${pupilId}/vulnerability`, { token: dsl.token, body: { ...status, sex: 'boy' } });
    expect(sex.status).toBe(400);
    expect(sex.body.errors.map((e: { field: string }) => e.field)).toEqual(['sex']);
  });
});

describe('the repeat-restraint alert and the plan', () => {
  const restrain = (pupil: string, occurredAt: string) =>
    p.http('POST', '/api/incidents', {
      token: ta.token,
      body: {
        pupilId: pupil,
        occurredAt,
        endedAt: new Date(Date.parse(occurredAt) + 3 * 60_000).toISOString(),
        location: 'Hall',
        staffInvolved: [{ staffId: ta.id, holds: ['friendly_escort'] }],
        antecedents: 'Ran at another pupil',
        deEscalation: ['calm_talking'],
        forceType: 'guide_escort',
        reason: 'risk_of_injury_to_others',
        pupilInjury: 'None',
        staffInjury: 'None',
        aftercare: 'Water',
      },
    });
  const repeatAlerts = async (pupil: string) => {
    await p.settle();
    const res = await p.http<InboxAlert[]>('GET', '/api/alerts?limit=500', { token: dsl.token });
    return res.body.filter((a) => a.kind === 'repeat_restraint' && a.subject.pupilId === pupil);
  };

  it('names the plan and its review date, or says there is none', async () => {
    p.clock.set('2026-06-15T12:00:00Z');
    for (const at of ['2026-06-15T09:00:00Z', '2026-06-15T11:00:00Z']) expect((await restrain(pupilId, at)).status).toBe(201);
    expect(await repeatAlerts(pupilId)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('review the behaviour support plan (next review due 2026-09-07)') }),
    ]);
    const other = await p.http('POST', '/api/pupils', {
      token: dsl.token,
      body: { firstName: 'Ivy', lastName: 'Lane', dateOfBirth: '2017-03-03', yearGroup: '4', sen: false, ehcp: false },
    });
    for (const at of ['2026-06-15T09:30:00Z', '2026-06-15T11:30:00Z']) expect((await restrain(other.body.id, at)).status).toBe(201);
    expect(await repeatAlerts(other.body.id)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('no behaviour support plan is recorded') }),
    ]);
  });
});
