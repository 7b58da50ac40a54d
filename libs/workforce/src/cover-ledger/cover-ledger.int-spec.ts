import { randomUUID } from 'node:crypto';
import { Seeder, startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

let p: TestPlatform;
let dsl: TestStaff;
let ta: TestStaff;
let lpa: TestStaff;
let notHlta: TestStaff;
const absentTeacher = randomUUID();

beforeAll(async () => {
  p = await startTestPlatform({ label: 'cover_ledger' });
  const seed = new Seeder(p);
  const head = seed.actor(p.schools.oakfield);
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
  ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant', name: 'Ada Assistant', contractedHoursPerWeek: 32.5 });
  lpa = await p.createStaff({
    school: 'oakfield',
    jobRole: 'learning_progress_assistant',
    name: 'Bo Progress',
    contractedHoursPerWeek: 32.5,
  });
  notHlta = await p.createStaff({ school: 'oakfield', jobRole: 'cover_supervisor', name: 'Cy Cover', contractedHoursPerWeek: 30 });
  const contract = (s: TestStaff) => ({ id: s.id, contractedHoursPerWeek: s === notHlta ? 30 : 32.5 });

  // 6.5 hours of cover in ISO week 2026-W10 for a 32.5-hour contract, plus one cancelled slot.
  const cancelled = await seed.cover(head, contract(ta), { date: '2026-03-04', start: '09:00', end: '10:00' });
  await seed.cancelCover(head, ta.id, cancelled);
  await seed.cover(head, contract(ta), { date: '2026-03-02', start: '09:00', end: '12:15' });
  await seed.cover(head, contract(ta), { date: '2026-03-03', start: '09:00', end: '12:15' });

  // The same absent teacher's class, Monday to the following Monday: six school days in a row.
  for (const date of ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09']) {
    await seed.cover(head, contract(lpa), { date, start: '13:00', end: '14:00', classGroup: '5R', absentTeacherId: absentTeacher });
  }
  // A lesson delivered by someone without HLTA status (the decider was told otherwise).
  await seed.cover(head, { ...contract(notHlta), hlta: true }, { date: '2026-03-05', start: '10:00', end: '11:00', deliversLesson: true });
  await p.settle();
}, 60_000);
afterAll(async () => p.close());

const ledger = (query: string, token = dsl.token) => p.http('GET', `/api/cover-ledger${query}`, { token });

describe('cover ledger', () => {
  it('puts 6.5 hours of cover on a 32.5-hour contract at exactly 20%, not over the cap', async () => {
    const res = await ledger('?week=2026-W10');
    expect(res.status).toBe(200);
    expect(res.body.week).toBe('2026-W10');
    expect(res.body.capPercent).toBe(20);
    expect(res.body.rows.find((r: { staffId: string }) => r.staffId === ta.id)).toEqual({
      staffId: ta.id,
      name: 'Ada Assistant',
      coverMinutes: 390,
      contractedMinutes: 1950,
      percent: 20,
      overCap: false,
    });
  });

  it('flags cover of one absent teacher on more than 5 school days in a row, in each week it touches', async () => {
    const w10 = (await ledger('?week=2026-W10')).body.rows.find((r: { staffId: string }) => r.staffId === lpa.id);
    const expected = [{ absentTeacherId: absentTeacher, from: '2026-03-02', to: '2026-03-09', schoolDays: 6 }];
    expect(w10.longAssignments).toEqual(expected);
    const w11 = (await ledger('?week=2026-W11')).body.rows.find((r: { staffId: string }) => r.staffId === lpa.id);
    expect(w11).toMatchObject({ coverMinutes: 60, longAssignments: expected });
  });

  it('reports a lesson delivered without HLTA status from the events', async () => {
    const row = (await ledger('?week=2026-W10')).body.rows.find((r: { staffId: string }) => r.staffId === notHlta.id);
    expect(row.lessonWithoutHlta).toEqual([{ assignmentId: expect.any(String), date: '2026-03-05', classGroup: '4B' }]);
  });

  it('defaults to this week in London and shows staff only their own row', async () => {
    const mine = await ledger('', ta.token);
    expect(mine.body.week).toBe('2026-W10');
    expect(mine.body.rows.map((r: { staffId: string }) => r.staffId)).toEqual([ta.id]);
    expect((await ledger('')).body.rows).toHaveLength(3);
  });

  it('refuses a malformed or impossible week and hides another school', async () => {
    expect((await ledger('?week=2026-10')).status).toBe(400);
    expect((await ledger('?week=2025-W53')).status).toBe(400);
    expect((await ledger(`?schoolId=${p.schools.riverside}`)).status).toBe(404);
    const auditor = await p.createTrustUser('trust_auditor');
    expect((await ledger(`?week=2026-W10&schoolId=${p.schools.oakfield}`, auditor.token)).body.rows).toHaveLength(3);
  });
});
