import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import { RetentionJob } from './retention-job.js';

let p: TestPlatform;
let head: TestStaff;

const register = async (firstName: string, dateOfBirth: string): Promise<string> => {
  const res = await p.http('POST', '/api/pupils', {
    token: head.token,
    body: { firstName, lastName: 'Former', dateOfBirth, yearGroup: '13', sen: false, ehcp: false },
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
};

beforeAll(async () => {
  // Today is 2026-03-02 on the fake clock.
  p = await startTestPlatform({ label: 'retention' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
}, 60_000);
afterAll(async () => p?.close());

describe('retention (date of birth + 25 years)', () => {
  it('marks a pupil born 26 years ago eligible, not one born 20 years ago nor one under a legal hold, and never erases', async () => {
    const born26 = await register('Old', '2000-01-15');
    const born20 = await register('Young', '2006-01-15');
    const held = await register('Held', '1999-06-01');
    const todayIsTheDay = await register('Birthday', '2001-03-02');
    expect((await p.http('POST', `/api/pupils/${held}/legal-hold`, { token: head.token, body: { reason: 'Civil claim' } })).status).toBe(
      200,
    );
    await p.settle();

    const job = p.app.get(RetentionJob);
    const marked = await job.run();
    expect(marked.map((m) => m.subjectId).sort()).toEqual([born26, todayIsTheDay].sort());
    expect(marked.find((m) => m.subjectId === born26)).toMatchObject({ eligibleOn: '2025-01-15', schoolId: p.schools.oakfield });

    const status = async (id: string) => (await p.http('GET', `/api/pupils/${id}/privacy`, { token: head.token })).body;
    expect(await status(born26)).toMatchObject({ eligibleOn: '2025-01-15', erasedAt: null, legalHold: false });
    expect(await status(born20)).toMatchObject({ eligibleOn: null });
    expect(await status(held)).toMatchObject({ eligibleOn: null, legalHold: true });
    // Eligible is not erased: a person confirms each erasure.
    expect((await p.http('GET', `/api/pupils/${born26}`, { token: head.token })).body).toMatchObject({ firstName: 'Old' });

    // Marked once; the held pupil becomes eligible on the first run after the hold is lifted.
    expect(await job.run()).toEqual([]);
    expect((await p.http('DELETE', `/api/pupils/${held}/legal-hold`, { token: head.token, body: {} })).status).toBe(200);
    expect((await job.run()).map((m) => m.subjectId)).toEqual([held]);
    const { rows } = await p.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'RetentionEligible'`);
    expect(rows[0]!.n).toBe(3);
  });
});
