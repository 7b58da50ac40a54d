import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '#lib/event-store';
import { DEFAULT_TRAINING_REFERENCE } from '../domain/staff/training-reference.js';
import { Seeder, startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

let p: TestPlatform;
let dsl: TestStaff;
let lba: TestStaff;
let teacher: TestStaff;

beforeAll(async () => {
  p = await startTestPlatform({ label: 'training_matrix' });
  const seed = new Seeder(p);
  const head = seed.actor(p.schools.oakfield);
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl', name: 'Dee Lead' });
  lba = await p.createStaff({ school: 'oakfield', jobRole: 'learning_behaviour_assistant', name: 'Lee Behaviour' });
  teacher = await p.createStaff({ school: 'oakfield', jobRole: 'teacher', name: 'Tia Teacher' });
  await seed.completion(head, lba.id, 'team_teach_level_2', '2025-03-01', '2026-03-01');
  await seed.completion(head, lba.id, 'safeguarding_update', '2025-09-01');
  await p.settle();
}, 60_000);
afterAll(async () => p.close());

const matrix = (query: string, token = dsl.token) => p.http('GET', `/api/training-matrix${query}`, { token });
const rowOf = (body: { rows: { staffId: string }[] }, id: string) => body.rows.find((r) => r.staffId === id) as any;

describe('training matrix', () => {
  it('shows today (London) by default: an expired level 2, a course not required, a missing one', async () => {
    const res = await matrix('');
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe('2026-03-02');
    expect(res.body.courses).toEqual(Object.keys(DEFAULT_TRAINING_REFERENCE.courses));
    const row = rowOf(res.body, lba.id);
    expect(row).toMatchObject({ name: 'Lee Behaviour', jobRole: 'learning_behaviour_assistant' });
    expect(row.cells.team_teach_level_2).toEqual({ status: 'expired', completedOn: '2025-03-01', expiresOn: '2026-03-01' });
    expect(row.cells.safeguarding_update).toEqual({ status: 'valid', completedOn: '2025-09-01', expiresOn: '2026-09-01' });
    expect(row.cells.emergency_first_aid).toEqual({ status: 'missing' });
    expect(row.cells.dsl_training).toEqual({ status: 'not_required' });
    expect(rowOf(res.body, teacher.id).cells.team_teach_level_1).toEqual({ status: 'not_required' });
  });

  it('as of a past date shows what was valid then, counting only completions dated by then', async () => {
    const valid = rowOf((await matrix('?asOf=2025-06-01')).body, lba.id).cells;
    expect(valid.team_teach_level_2.status).toBe('valid');
    expect(valid.safeguarding_update).toEqual({ status: 'missing' });
    expect(rowOf((await matrix('?asOf=2026-02-10')).body, lba.id).cells.team_teach_level_2.status).toBe('due');
    expect(rowOf((await matrix('?asOf=2025-02-28')).body, lba.id).cells.team_teach_level_2).toEqual({ status: 'missing' });
  });

  it('filters by job role and shows other staff only their own row', async () => {
    expect((await matrix('?jobRole=teacher')).body.rows.map((r: { staffId: string }) => r.staffId)).toEqual([teacher.id]);
    expect((await matrix('', lba.token)).body.rows.map((r: { staffId: string }) => r.staffId)).toEqual([lba.id]);
    expect((await matrix('?jobRole=juggler')).status).toBe(400);
    expect((await matrix('?asOf=2026-02-30')).status).toBe(400);
  });

  it('follows the trust’s training reference when it changes', async () => {
    const store = p.app.get<EventStore>(EVENT_STORE);
    const reference = {
      courses: { ...DEFAULT_TRAINING_REFERENCE.courses, epipen: { title: 'Anaphylaxis', validityMonths: 12 } },
      requiredByJobRole: {
        ...DEFAULT_TRAINING_REFERENCE.requiredByJobRole,
        learning_behaviour_assistant: [...DEFAULT_TRAINING_REFERENCE.requiredByJobRole.learning_behaviour_assistant, 'epipen'],
      },
    };
    await store.appendToStream(
      `training-reference-${p.trustId}`,
      [
        {
          eventId: randomUUID(),
          type: 'TrainingReferenceChanged',
          schemaVersion: 1,
          data: { reference, changedBy: dsl.id, changedAt: p.clock.now().toISOString() },
          metadata: {
            actorId: dsl.id,
            schoolId: null,
            trustId: p.trustId,
            correlationId: randomUUID(),
            causationId: null,
            occurredAt: p.clock.now().toISOString(),
          },
        },
      ],
      { expectedVersion: 'any' },
    );
    await p.settle();
    const res = await matrix('');
    expect(res.body.courses).toContain('epipen');
    expect(rowOf(res.body, lba.id).cells.epipen).toEqual({ status: 'missing' });
    expect(rowOf(res.body, teacher.id).cells.epipen).toEqual({ status: 'not_required' });
  });

  it('lets a trust auditor choose a school of the trust, and no other', async () => {
    const auditor = await p.createTrustUser('trust_auditor');
    expect((await matrix(`?schoolId=${p.schools.oakfield}`, auditor.token)).body.rows).toHaveLength(3);
    expect((await matrix(`?schoolId=${p.schools.elsewhere}`, auditor.token)).status).toBe(404);
  });

  it('requires DSL training of a deputy DSL by role, whatever the job title', async () => {
    const deputy = await p.createStaff({ school: 'oakfield', roles: ['deputy_dsl'], jobRole: 'teacher', name: 'Dev Deputy' });
    await p.settle();
    const body = (await matrix('')).body;
    expect(rowOf(body, deputy.id).cells.dsl_training).toEqual({ status: 'missing' });
    expect(rowOf(body, teacher.id).cells.dsl_training).toEqual({ status: 'not_required' });
    expect(rowOf(body, dsl.id).cells.dsl_training).toEqual({ status: 'missing' });
  });

  it('no longer lists a member of staff from the day they were deactivated, and still does as of the days before', async () => {
    const head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher', name: 'Hal Head' });
    const leaver = await p.createStaff({ school: 'oakfield', jobRole: 'learning_behaviour_assistant', name: 'Lou Leaver' });
    await p.settle();
    expect(rowOf((await matrix('')).body, leaver.id)).toBeDefined();
    const deactivated = await p.http('POST', `/api/staff/${leaver.id}/deactivate`, { token: head.token, body: { reason: 'Moved away' } });
    expect(deactivated.status).toBe(200);
    await p.settle();
    expect(rowOf((await matrix('')).body, leaver.id)).toBeUndefined();
    expect(rowOf((await matrix('?asOf=2026-03-01')).body, leaver.id)).toMatchObject({ name: 'Lou Leaver' });
    // The directory's pickers leave them out; the full list names them with their last day.
    const staff = (query: string) => p.http('GET', `/api/staff${query}`, { token: head.token });
    expect(((await staff('')).body as { id: string }[]).map((s) => s.id)).not.toContain(leaver.id);
    expect(
      ((await staff('?includeLeavers=true')).body as { id: string; leftOn: string | null }[]).find((s) => s.id === leaver.id),
    ).toMatchObject({
      leftOn: '2026-03-02',
    });
    expect((await staff('?includeLeavers=yes')).status).toBe(400);
  });
});
