import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

let p: TestPlatform;
let dsl: TestStaff;
let riversideDsl: TestStaff;

const pupil = (overrides: Record<string, unknown> = {}) => ({
  firstName: 'Amara',
  lastName: 'Okafor',
  dateOfBirth: '2017-05-14',
  yearGroup: '3',
  sen: false,
  ehcp: false,
  ...overrides,
});

beforeAll(async () => {
  p = await startTestPlatform({ label: 'pupils' });
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
  riversideDsl = await p.createStaff({ school: 'riverside', roles: ['dsl'], jobRole: 'dsl' });
});
afterAll(async () => p.close());

describe('registering a pupil', () => {
  it('creates a pupil (201 { id }) that staff of the school can read', async () => {
    const created = await p.http('POST', '/api/pupils', { token: dsl.token, body: pupil({ upn: 'A123456789012', sen: true }) });
    expect(created.status).toBe(201);
    const ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
    const read = await p.http('GET', `/api/pupils/${created.body.id}`, { token: ta.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: created.body.id,
      firstName: 'Amara',
      lastName: 'Okafor',
      fullName: 'Amara Okafor',
      yearGroup: '3',
      upn: 'A123456789012',
      sen: true,
      ehcp: false,
      schoolId: p.schools.oakfield,
    });
  });

  it('refuses a teaching assistant with 403 and stores nothing', async () => {
    const ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
    const before = await p.eventCount();
    expect((await p.http('POST', '/api/pupils', { token: ta.token, body: pupil() })).status).toBe(403);
    expect(await p.eventCount()).toBe(before);
  });

  it('answers a malformed body with 400 naming the fields', async () => {
    const res = await p.http('POST', '/api/pupils', { token: dsl.token, body: pupil({ yearGroup: '14', sen: 'yes', nickname: 'Mo' }) });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['nickname', 'sen', 'yearGroup']);
  });

  it('lets a trust admin register a pupil in a school of their trust chosen with ?schoolId=, and only then', async () => {
    const admin = await p.createTrustUser('trust_admin');
    const noSchool = await p.http('POST', '/api/pupils', { token: admin.token, body: pupil() });
    expect(noSchool.status).toBe(400);
    expect(noSchool.body.errors).toEqual([{ field: 'schoolId', message: expect.any(String) }]);
    expect((await p.http('POST', `/api/pupils?schoolId=${p.schools.elsewhere}`, { token: admin.token, body: pupil() })).status).toBe(404);
    const created = await p.http('POST', `/api/pupils?schoolId=${p.schools.riverside}`, {
      token: admin.token,
      body: pupil({ firstName: 'Rhys', lastName: 'Price' }),
    });
    expect(created.status).toBe(201);
    expect((await p.http('GET', `/api/pupils/${created.body.id}`, { token: riversideDsl.token })).body.schoolId).toBe(p.schools.riverside);
  });
});

describe('finding pupils', () => {
  it('searches by any part of the full name, any case, sorted by last name', async () => {
    for (const [firstName, lastName] of [
      ['Zoe', 'Anders'],
      ['Oliver', 'Marsh'],
      ['Marsha', 'Brown'],
      ['Ben', 'Carter'],
    ])
      expect((await p.http('POST', '/api/pupils', { token: dsl.token, body: pupil({ firstName, lastName }) })).status).toBe(201);
    const teacher = await p.createStaff({ school: 'oakfield', jobRole: 'teacher' });
    await p.settle();
    const res = await p.http('GET', '/api/pupils?search=MARSH', { token: teacher.token });
    expect(res.status).toBe(200);
    expect(res.body.map((x: { fullName: string }) => x.fullName)).toEqual(['Marsha Brown', 'Oliver Marsh']);
    expect(Object.keys(res.body[0]).sort()).toEqual(['ehcp', 'firstName', 'fullName', 'id', 'lastName', 'sen', 'yearGroup']);
    const everyone = await p.http('GET', '/api/pupils', { token: teacher.token });
    const lastNames = everyone.body.map((x: { lastName: string }) => x.lastName);
    expect(lastNames).toEqual([...lastNames].sort());
    expect(lastNames).not.toContain('Price');
  });

  it('never shows another school’s pupil: 404 by id, absent from search', async () => {
    const created = await p.http('POST', '/api/pupils', {
      token: riversideDsl.token,
      body: pupil({ firstName: 'Hidden', lastName: 'Riverside' }),
    });
    expect((await p.http('GET', `/api/pupils/${created.body.id}`, { token: dsl.token })).status).toBe(404);
    await p.settle();
    expect((await p.http('GET', '/api/pupils?search=hidden', { token: dsl.token })).body).toEqual([]);
    expect((await p.http('GET', '/api/pupils/not-a-pupil', { token: dsl.token })).status).toBe(404);
  });

  it('lets a trust auditor read pupils of their trust’s schools but not another trust’s', async () => {
    const created = await p.http('POST', '/api/pupils', {
      token: riversideDsl.token,
      body: pupil({ firstName: 'Audited', lastName: 'Child' }),
    });
    const auditor = await p.createTrustUser('trust_auditor');
    const outsider = await p.createTrustUser('trust_auditor', 'other');
    expect((await p.http('GET', `/api/pupils/${created.body.id}`, { token: auditor.token })).status).toBe(200);
    expect((await p.http('GET', `/api/pupils/${created.body.id}`, { token: outsider.token })).status).toBe(404);
    await p.settle();
    const found = await p.http('GET', `/api/pupils?schoolId=${p.schools.riverside}&search=audited`, { token: auditor.token });
    expect(found.body.map((x: { id: string }) => x.id)).toEqual([created.body.id]);
  });
});
