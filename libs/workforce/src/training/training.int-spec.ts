import { DEFAULT_TRAINING_REFERENCE } from '../domain/staff/training-reference.js';
import { startTestPlatform, type TestPlatform } from '#lib/testing';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ label: 'training' });
});
afterAll(async () => p.close());

const completions = async (staffId: string, token: string) => (await p.http('GET', `/api/staff/${staffId}`, { token })).body.training;

describe('POST /api/staff/:staffId/training', () => {
  it('computes the expiry from the course validity when none is given', async () => {
    const lba = await p.createStaff({ school: 'oakfield', jobRole: 'learning_behaviour_assistant' });
    const res = await p.http('POST', `/api/staff/${lba.id}/training`, {
      token: lba.token,
      body: { course: 'team_teach_level_2', completedOn: '2026-01-10', provider: 'Team Teach' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String) });
    expect(await completions(lba.id, lba.token)).toEqual([
      {
        id: res.body.id,
        course: 'team_teach_level_2',
        completedOn: '2026-01-10',
        expiresOn: '2027-01-10',
        expiryComputed: true,
        provider: 'Team Teach',
        certificateRef: null,
        recordedAt: '2026-03-02T09:00:00.000Z',
      },
    ]);
  });

  it('keeps an expiry date given from the certificate', async () => {
    const ta = await p.createStaff({ school: 'oakfield' });
    const dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
    const res = await p.http('POST', `/api/staff/${ta.id}/training`, {
      token: dsl.token,
      body: { course: 'paediatric_first_aid', completedOn: '2025-11-20', expiresOn: '2028-11-19', certificateRef: 'PFA-991' },
    });
    expect(res.status).toBe(201);
    expect(await completions(ta.id, ta.token)).toEqual([
      expect.objectContaining({ expiresOn: '2028-11-19', expiryComputed: false, certificateRef: 'PFA-991' }),
    ]);
  });

  it('refuses a course not in the reference (422) and malformed input (400)', async () => {
    const ta = await p.createStaff({ school: 'oakfield' });
    const unknown = await p.http('POST', `/api/staff/${ta.id}/training`, {
      token: ta.token,
      body: { course: 'juggling', completedOn: '2026-01-10' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.rule).toBe('staff.unknown_course');
    const future = await p.http('POST', `/api/staff/${ta.id}/training`, {
      token: ta.token,
      body: { course: 'prevent', completedOn: '2026-03-03' },
    });
    expect(future.body.rule).toBe('staff.completed_in_future');
    const malformed = await p.http('POST', `/api/staff/${ta.id}/training`, {
      token: ta.token,
      body: { course: 'Prevent!', completedOn: '10/01/2026' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['completedOn', 'course']);
  });

  it('lets only the person, the DSL, the headteacher or a trust admin record it', async () => {
    const ta = await p.createStaff({ school: 'oakfield' });
    const colleague = await p.createStaff({ school: 'oakfield', jobRole: 'teacher' });
    const otherDsl = await p.createStaff({ school: 'riverside', roles: ['dsl'], jobRole: 'dsl' });
    const admin = await p.createTrustUser('trust_admin');
    const otherAdmin = await p.createTrustUser('trust_admin', 'other');
    const auditor = await p.createTrustUser('trust_auditor');
    const record = (token: string) =>
      p.http('POST', `/api/staff/${ta.id}/training`, { token, body: { course: 'prevent', completedOn: '2026-02-01' } });
    expect((await record(colleague.token)).status).toBe(403);
    expect((await record(otherDsl.token)).status).toBe(404);
    expect((await record(otherAdmin.token)).status).toBe(404);
    expect((await record(auditor.token)).status).toBe(403);
    expect((await record(admin.token)).status).toBe(201);
    expect(
      (await p.http('POST', '/api/staff/00000000-0000-4000-8000-000000000000/training', { token: admin.token, body: {} })).status,
    ).toBe(400);
    expect(
      (
        await p.http('POST', '/api/staff/00000000-0000-4000-8000-000000000000/training', {
          token: admin.token,
          body: { course: 'prevent', completedOn: '2026-02-01' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('training reference', () => {
  it('is the default until a trust admin changes it, and new completions use the change', async () => {
    const admin = await p.createTrustUser('trust_admin');
    const lba = await p.createStaff({ school: 'riverside', jobRole: 'learning_behaviour_assistant' });
    const head = await p.createStaff({ school: 'riverside', roles: ['headteacher'], jobRole: 'headteacher' });
    expect((await p.http('GET', '/api/training-reference', { token: lba.token })).body).toEqual(DEFAULT_TRAINING_REFERENCE);

    const changed = {
      courses: {
        ...DEFAULT_TRAINING_REFERENCE.courses,
        team_teach_level_2: { title: 'Team Teach Level 2', validityMonths: 18 },
        epipen: { title: 'Anaphylaxis and adrenaline auto-injectors', validityMonths: 12 },
      },
      requiredByJobRole: { ...DEFAULT_TRAINING_REFERENCE.requiredByJobRole, one_to_one_ta: ['epipen'] },
    };
    expect((await p.http('PUT', '/api/training-reference', { token: head.token, body: changed })).status).toBe(403);
    const put = await p.http('PUT', '/api/training-reference', { token: admin.token, body: changed });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ id: p.trustId, version: 0 });
    expect((await p.http('GET', '/api/training-reference', { token: lba.token })).body).toEqual(changed);

    await p.http('POST', `/api/staff/${lba.id}/training`, {
      token: lba.token,
      body: { course: 'team_teach_level_2', completedOn: '2026-01-10' },
    });
    await p.http('POST', `/api/staff/${lba.id}/training`, { token: lba.token, body: { course: 'epipen', completedOn: '2026-02-28' } });
    expect((await completions(lba.id, lba.token)).map((c: { expiresOn: string }) => c.expiresOn)).toEqual(['2027-07-10', '2027-02-28']);

    // Another trust keeps its own (default) reference.
    const elsewhere = await p.createStaff({ school: 'elsewhere' });
    const theirs = await p.http('POST', `/api/staff/${elsewhere.id}/training`, {
      token: elsewhere.token,
      body: { course: 'epipen', completedOn: '2026-02-28' },
    });
    expect(theirs.body.rule).toBe('staff.unknown_course');

    // Saving the same reference again records nothing.
    const again = await p.http('PUT', '/api/training-reference', { token: admin.token, body: changed });
    expect(again.body).toEqual({ id: p.trustId, version: 0 });
  });

  it('refuses a malformed reference with 400 naming the fields', async () => {
    const admin = await p.createTrustUser('trust_admin', 'other');
    const before = await p.eventCount();
    const res = await p.http('PUT', '/api/training-reference', {
      token: admin.token,
      body: {
        courses: { ...DEFAULT_TRAINING_REFERENCE.courses, prevent: { title: 'Prevent', validityMonths: 0 } },
        requiredByJobRole: { teacher: ['prevent'] },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['courses.prevent.validityMonths', 'requiredByJobRole.headteacher']),
    );
    expect(await p.eventCount()).toBe(before);
  });
});
