import { randomUUID } from 'node:crypto';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import { fixtures } from './testing/alert-fixtures.js';
import { inbox } from './testing/inbox.js';

let p: TestPlatform;
let dsl: TestStaff;
let f: ReturnType<typeof fixtures>;

beforeAll(async () => {
  p = await startTestPlatform({ label: 'alerts_workforce' });
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
  f = fixtures(p, p.schools.oakfield);
});
afterAll(async () => p.close());

describe('training alerts', () => {
  it('raise training_due 28 days before expiry and training_expired the day after, for required courses only', async () => {
    const ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
    const renewed = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
    const teacher = await p.createStaff({ school: 'oakfield', jobRole: 'teacher' });
    // Team Teach level 1 lasts 24 months: valid up to and including 2026-04-15.
    for (const s of [ta, renewed, teacher]) await f.recordTraining(s.id, 'team_teach_level_1', '2024-04-15');
    const alerts = async (staffId: string) => (await inbox(p, dsl.token, { about: staffId })).map((a) => [a.kind, a.raisedAt]);
    expect(await alerts(ta.id)).toEqual([]);

    p.clock.set('2026-03-10T12:00:00Z');
    await f.recordTraining(renewed.id, 'team_teach_level_1', '2026-03-10');

    p.clock.set('2026-03-17T23:59:59.999Z');
    expect(await alerts(ta.id)).toEqual([]);
    p.clock.set('2026-03-18T00:00:00.000Z');
    expect(await alerts(ta.id)).toEqual([['training_due', '2026-03-18T00:00:00.000Z']]);

    // Midnight in London on 16 April is 23:00 UTC (BST).
    p.clock.set('2026-04-15T22:59:59.999Z');
    expect(await alerts(ta.id)).toEqual([['training_due', '2026-03-18T00:00:00.000Z']]);
    p.clock.set('2026-04-15T23:00:00.000Z');
    expect(await alerts(ta.id)).toEqual([
      ['training_expired', '2026-04-15T23:00:00.000Z'],
      ['training_due', '2026-03-18T00:00:00.000Z'],
    ]);
    p.clock.set('2026-04-20T08:00:00.000Z');
    expect(await alerts(ta.id)).toHaveLength(2);
    expect(await alerts(renewed.id)).toEqual([]);
    expect(await alerts(teacher.id)).toEqual([]);
  });
});

describe('cover alerts', () => {
  it('raises cover_over_cap for cover given over the cap on a headteacher override', async () => {
    const ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant', contractedHoursPerWeek: 32.5 });
    // 20% of 32.5 hours is 390 minutes.
    await f.assignCover({ staffId: ta.id, date: '2026-05-04', start: '09:00', end: '15:30' });
    expect(await inbox(p, dsl.token, { kind: 'cover_over_cap', about: ta.id })).toHaveLength(0);
    const over = await f.assignCover({ staffId: ta.id, date: '2026-05-05', start: '09:00', end: '09:30', override: 'Flu outbreak' });
    expect(await inbox(p, dsl.token, { kind: 'cover_over_cap', about: ta.id })).toEqual([
      // Named from the staff directory, for the inbox.
      expect.objectContaining({ subject: { staffId: ta.id, staffName: ta.name, coverAssignmentId: over } }),
    ]);
  });

  it('raises cover_long_term when one absent teacher is covered for more than 5 school days, once', async () => {
    const absentTeacherId = randomUUID();
    const coverers = [
      await p.createStaff({ school: 'oakfield', jobRole: 'cover_supervisor' }),
      await p.createStaff({ school: 'oakfield', jobRole: 'cover_supervisor' }),
    ];
    const longTerm = () => inbox(p, dsl.token, { kind: 'cover_long_term', about: absentTeacherId });
    for (const date of ['2026-05-11', '2026-05-12', '2026-05-13', '2026-05-14', '2026-05-15']) {
      await f.assignCover({ staffId: coverers[0]!.id, date, absentTeacherId });
    }
    expect(await longTerm()).toHaveLength(0);
    // The weekend does not break the run: Monday is the 6th school day.
    const sixth = await f.assignCover({ staffId: coverers[1]!.id, date: '2026-05-18', absentTeacherId });
    expect(await longTerm()).toEqual([expect.objectContaining({ subject: { staffId: absentTeacherId, coverAssignmentId: sixth } })]);
    await f.assignCover({ staffId: coverers[1]!.id, date: '2026-05-19', absentTeacherId });
    expect(await longTerm()).toHaveLength(1);
  });
});

describe('training a role requires', () => {
  it('alerts a deputy DSL employed as a teacher whose DSL training falls due and expires, not a teacher without the role', async () => {
    const deputy = await p.createStaff({ school: 'oakfield', roles: ['deputy_dsl'], jobRole: 'teacher' });
    const teacher = await p.createStaff({ school: 'oakfield', jobRole: 'teacher' });
    // DSL training lasts 24 months: valid up to and including 2026-05-10, due from 2026-04-12 (already past).
    p.clock.set('2026-04-21T09:00:00Z');
    for (const s of [deputy, teacher]) await f.recordTraining(s.id, 'dsl_training', '2024-05-10');
    const alerts = async (staffId: string) => (await inbox(p, dsl.token, { about: staffId })).map((a) => [a.kind, a.raisedAt]);
    expect(await alerts(deputy.id)).toEqual([['training_due', expect.any(String)]]);
    // Midnight in London on 11 May is 23:00 UTC (BST).
    p.clock.set('2026-05-10T23:00:00.000Z');
    expect((await alerts(deputy.id)).map(([kind]) => kind).sort()).toEqual(['training_due', 'training_expired']);
    expect(await alerts(teacher.id)).toEqual([]);
  });
});
