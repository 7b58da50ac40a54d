import { startTestPlatform, type TestPlatform } from '#lib/testing';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ label: 'staff' });
});
afterAll(async () => p.close());

const newStaff = (overrides: Record<string, unknown> = {}) => ({
  name: 'Priya Shah',
  email: `priya.${Math.random().toString(36).slice(2, 8)}@oakfield.test`,
  jobRole: 'one_to_one_ta',
  roles: ['staff'],
  contractedHoursPerWeek: 30,
  startDate: '2026-02-23',
  ...overrides,
});

describe('POST /api/staff', () => {
  it('lets a headteacher register staff of their school, whose temporary password signs them in', async () => {
    const head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
    const body = newStaff();
    const res = await p.http('POST', '/api/staff', { token: head.token, body });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), temporaryPassword: expect.any(String) });

    const signIn = await p.http('POST', '/api/auth/login', { body: { email: body.email, password: res.body.temporaryPassword } });
    expect(signIn.status).toBe(200);
    expect(signIn.body.user).toMatchObject({ id: res.body.id, roles: ['staff'], schoolId: p.schools.oakfield });

    const read = await p.http('GET', `/api/staff/${res.body.id}`, { token: signIn.body.accessToken });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: res.body.id, name: 'Priya Shah', jobRole: 'one_to_one_ta', hlta: false, training: [] });
  });

  it('answers a repeated Idempotency-Key with the first id, storing nothing new and never keeping the one-time password', async () => {
    const head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
    const body = { ...newStaff(), email: `repeat-${Date.now()}@oakfield.test` };
    const headers = { 'Idempotency-Key': `staff-${body.email}` };
    const first = await p.http('POST', '/api/staff', { token: head.token, body, headers });
    expect(first.status).toBe(201);
    const events = await p.eventCount();
    const again = await p.http('POST', '/api/staff', { token: head.token, body, headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual({ id: first.body.id });
    expect(await p.eventCount()).toBe(events);
    const { rows } = await p.db.pool.query('SELECT response::text AS r FROM idempotency_keys');
    expect(rows.map((r) => r.r).join()).not.toContain(first.body.temporaryPassword);
  });

  it('lets a trust admin register staff in a school of the trust chosen with ?schoolId=', async () => {
    const admin = await p.createTrustUser('trust_admin');
    const withoutSchool = await p.http('POST', '/api/staff', { token: admin.token, body: newStaff() });
    expect(withoutSchool.status).toBe(400);
    const res = await p.http('POST', `/api/staff?schoolId=${p.schools.riverside}`, {
      token: admin.token,
      body: newStaff({ name: 'Tom Auditor', roles: ['staff', 'trust_auditor'] }),
    });
    expect(res.status).toBe(201);
    const other = await p.http('POST', `/api/staff?schoolId=${p.schools.elsewhere}`, { token: admin.token, body: newStaff() });
    expect(other.status).toBe(404);
  });

  it('refuses a teaching assistant (403), and a headteacher giving a trust role (403)', async () => {
    const ta = await p.createStaff({ school: 'oakfield' });
    const before = await p.eventCount();
    expect((await p.http('POST', '/api/staff', { token: ta.token, body: newStaff() })).status).toBe(403);
    const head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
    const res = await p.http('POST', '/api/staff', { token: head.token, body: newStaff({ roles: ['staff', 'trust_admin'] }) });
    expect(res.status).toBe(403);
    expect(await p.eventCount()).toBe(before + 1);
  });

  it('answers bad input with 400 and a broken rule with 422, storing nothing', async () => {
    const head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
    const before = await p.eventCount();
    const bad = await p.http('POST', '/api/staff', { token: head.token, body: newStaff({ jobRole: 'wizard', email: 'nope', extra: 1 }) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'extra', 'jobRole']);
    const hours = await p.http('POST', '/api/staff', { token: head.token, body: newStaff({ contractedHoursPerWeek: 61 }) });
    expect(hours.status).toBe(422);
    expect(hours.body.rule).toBe('staff.contracted_hours_range');
    const body = newStaff();
    expect((await p.http('POST', '/api/staff', { token: head.token, body })).status).toBe(201);
    const twice = await p.http('POST', '/api/staff', { token: head.token, body });
    expect(twice.status).toBe(422);
    expect(twice.body.rule).toBe('staff.email_taken');
    expect(await p.eventCount()).toBe(before + 1);
  });
});

describe('GET /api/staff', () => {
  it('lists the staff of the caller’s school, and of a chosen school for trust auditors', async () => {
    const a = await p.createStaff({ school: 'riverside', name: 'Aisha Riverside', jobRole: 'hlta', contractedHoursPerWeek: 27.5 });
    const b = await p.createStaff({ school: 'riverside', name: 'Ben Riverside', jobRole: 'teacher' });
    await p.createStaff({ school: 'elsewhere', name: 'Somebody Else' });
    await p.settle();

    const list = await p.http('GET', '/api/staff', { token: b.token });
    expect(list.status).toBe(200);
    expect(list.body).toEqual(
      expect.arrayContaining([
        { id: a.id, name: 'Aisha Riverside', jobRole: 'hlta', roles: ['staff'], contractedHoursPerWeek: 27.5, hlta: true },
        { id: b.id, name: 'Ben Riverside', jobRole: 'teacher', roles: ['staff'], contractedHoursPerWeek: 32.5, hlta: false },
      ]),
    );
    expect(list.body.map((s: { name: string }) => s.name)).not.toContain('Somebody Else');
    expect(list.body.map((s: { name: string }) => s.name)).toEqual(
      [...list.body.map((s: { name: string }) => s.name)].sort((x: string, y: string) => x.localeCompare(y)),
    );

    const auditor = await p.createTrustUser('trust_auditor');
    const asAuditor = await p.http('GET', `/api/staff?schoolId=${p.schools.riverside}`, { token: auditor.token });
    expect(asAuditor.status).toBe(200);
    expect(asAuditor.body).toEqual(list.body);
    expect((await p.http('GET', `/api/staff?schoolId=${p.schools.elsewhere}`, { token: auditor.token })).status).toBe(404);
  });

  it('hides a member of staff of another school (404)', async () => {
    const elsewhere = await p.createStaff({ school: 'elsewhere' });
    const ta = await p.createStaff({ school: 'oakfield' });
    expect((await p.http('GET', `/api/staff/${elsewhere.id}`, { token: ta.token })).status).toBe(404);
    expect((await p.http('GET', '/api/staff/not-an-id', { token: ta.token })).status).toBe(404);
  });
});
