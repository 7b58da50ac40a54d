import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

let p: TestPlatform;
let assistant: TestStaff;
let teacher: TestStaff;
let head: TestStaff;
beforeAll(async () => {
  p = await startTestPlatform({ label: 'cover' });
  assistant = await p.createStaff({ school: 'oakfield', jobRole: 'learning_progress_assistant', contractedHoursPerWeek: 32.5 });
  teacher = await p.createStaff({ school: 'oakfield', jobRole: 'teacher' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
});
afterAll(async () => p.close());

// The fake clock starts on Monday 2 March 2026, in ISO week 2026-W10.
const cover = (staffId: string, date: string, start: string, end: string, extra: Record<string, unknown> = {}) => ({
  staffId,
  classGroup: '4B',
  date,
  start,
  end,
  reason: 'Class teacher off sick',
  absentTeacherId: teacher.id,
  deliversLesson: false,
  ...extra,
});
const assign = (token: string, body: unknown) => p.http('POST', '/api/cover-assignments', { token, body });

describe('cover assignments', () => {
  it('holds an assistant to 20% of their contracted week, unless the headteacher overrides it', async () => {
    // 32.5 contracted hours = 1950 minutes; 20% = 390 minutes.
    const monday = await assign(teacher.token, cover(assistant.id, '2026-03-02', '09:00', '12:00'));
    expect(monday.status).toBe(201);
    expect(monday.body).toEqual({ id: expect.any(String), warnings: [] });
    const tuesday = await assign(teacher.token, cover(assistant.id, '2026-03-03', '09:00', '12:30'));
    expect(tuesday.status).toBe(201);

    const over = await assign(teacher.token, cover(assistant.id, '2026-03-04', '09:00', '09:30'));
    expect(over.status).toBe(422);
    expect(over.body.rule).toBe('cover.weekly_cap');

    const notHead = await assign(
      teacher.token,
      cover(assistant.id, '2026-03-04', '09:00', '09:30', { override: { reason: 'No one else' } }),
    );
    expect(notHead.status).toBe(422);
    expect(notHead.body.rule).toBe('cover.override_requires_headteacher');

    const overridden = await assign(
      head.token,
      cover(assistant.id, '2026-03-04', '09:00', '09:30', { override: { reason: 'Ofsted visit' } }),
    );
    expect(overridden.status).toBe(201);
    expect(overridden.body.warnings).toEqual(['over_cap_overridden']);

    // Cancelling Tuesday frees 210 minutes: 30 + 180 + 180 = 390, at the cap again.
    const cancelled = await p.http('POST', `/api/cover-assignments/${tuesday.body.id}/cancel`, {
      token: teacher.token,
      body: { reason: 'Teacher back early' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({ id: tuesday.body.id, version: 3 });
    const thursday = await assign(teacher.token, cover(assistant.id, '2026-03-05', '09:00', '12:00'));
    expect(thursday.status).toBe(201);
    expect(thursday.body.warnings).toEqual([]);

    const twice = await p.http('POST', `/api/cover-assignments/${tuesday.body.id}/cancel`, {
      token: teacher.token,
      body: { reason: 'Again' },
    });
    expect(twice.status).toBe(422);
    expect(twice.body.rule).toBe('cover.already_cancelled');

    // The next ISO week starts afresh.
    expect((await assign(teacher.token, cover(assistant.id, '2026-03-09', '09:00', '12:00'))).status).toBe(201);
  });

  it('refuses overlapping cover', async () => {
    const ta = await p.createStaff({ school: 'oakfield' });
    expect((await assign(teacher.token, cover(ta.id, '2026-03-02', '13:00', '14:00'))).status).toBe(201);
    const overlap = await assign(teacher.token, cover(ta.id, '2026-03-02', '13:30', '14:30'));
    expect(overlap.status).toBe(422);
    expect(overlap.body.rule).toBe('cover.overlap');
    expect((await assign(teacher.token, cover(ta.id, '2026-03-02', '14:00', '14:30'))).status).toBe(201);
  });

  it('lets only an HLTA deliver the lesson', async () => {
    const ta = await p.createStaff({ school: 'oakfield' });
    const hlta = await p.createStaff({ school: 'oakfield', jobRole: 'hlta' });
    const refused = await assign(teacher.token, cover(ta.id, '2026-03-02', '10:00', '11:00', { deliversLesson: true }));
    expect(refused.status).toBe(422);
    expect(refused.body.rule).toBe('cover.lesson_requires_hlta');
    expect((await assign(teacher.token, cover(hlta.id, '2026-03-02', '10:00', '11:00', { deliversLesson: true }))).status).toBe(201);
  });

  it('keeps cover within the school', async () => {
    const elsewhere = await p.createStaff({ school: 'elsewhere' });
    const riverside = await p.createStaff({ school: 'riverside' });
    const admin = await p.createTrustUser('trust_admin');
    const otherSchool = await assign(teacher.token, cover(elsewhere.id, '2026-03-02', '10:00', '11:00', { absentTeacherId: undefined }));
    expect(otherSchool.status).toBe(422);
    expect(otherSchool.body.rule).toBe('cover.unknown_staff');
    const absentElsewhere = await assign(
      teacher.token,
      cover(assistant.id, '2026-03-06', '10:00', '10:30', { absentTeacherId: riverside.id }),
    );
    expect(absentElsewhere.body.rule).toBe('cover.unknown_absent_teacher');
    expect((await assign(admin.token, cover(assistant.id, '2026-03-06', '10:00', '10:30'))).status).toBe(403);

    const ta = await p.createStaff({ school: 'oakfield' });
    const ours = await assign(teacher.token, cover(ta.id, '2026-03-06', '10:00', '10:30'));
    const cancel = (token: string, id: string) => p.http('POST', `/api/cover-assignments/${id}/cancel`, { token, body: { reason: 'No' } });
    expect((await cancel(riverside.token, ours.body.id)).status).toBe(404);
    expect((await cancel(teacher.token, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await cancel(teacher.token, 'not-an-id')).status).toBe(404);
    // Just made, not yet settled: the ledger it is found in waits to catch up with the store.
    const justMade = await assign(teacher.token, cover(ta.id, '2026-03-06', '11:00', '11:30'));
    expect((await cancel(teacher.token, justMade.body.id)).status).toBe(200);
  });

  it('rejects malformed input with 400', async () => {
    const res = await assign(teacher.token, { ...cover(assistant.id, '2026-03-02', '9am', '24:00'), override: { reason: ' ' } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['end', 'override.reason', 'start']);
  });
});

describe('cover cap from configuration', () => {
  let tight: TestPlatform;
  beforeAll(async () => {
    tight = await startTestPlatform({ label: 'cover-cap', env: { COVER_CAP_PERCENT: '10' } });
  });
  afterAll(async () => tight.close());

  it('applies COVER_CAP_PERCENT', async () => {
    const ta = await tight.createStaff({ school: 'oakfield', contractedHoursPerWeek: 32.5 });
    const body = { staffId: ta.id, classGroup: '2A', date: '2026-03-02', reason: 'Course', deliversLesson: false };
    // 10% of 1950 minutes is 195.
    const over = await tight.http('POST', '/api/cover-assignments', { token: ta.token, body: { ...body, start: '09:00', end: '12:20' } });
    expect(over.body.rule).toBe('cover.weekly_cap');
    const within = await tight.http('POST', '/api/cover-assignments', { token: ta.token, body: { ...body, start: '09:00', end: '12:15' } });
    expect(within.status).toBe(201);
  });
});
