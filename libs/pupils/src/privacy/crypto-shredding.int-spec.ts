import { randomBytes } from 'node:crypto';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

/**
 * The crypto-shredding canary: a pupil whose first name is a unique string, written into a concern
 * and an incident, then erased. The canary must never be readable in the events table (it is
 * encrypted at rest), must leave no trace in any read model or log once erased, and the history must
 * still verify and replay.
 */
let p: TestPlatform;
let head: TestStaff;
let dsl: TestStaff;
let ta: TestStaff;
let lba: TestStaff;
let auditor: TestStaff;
const canary = `Canary${randomBytes(6).toString('hex')}`;
const like = `%${canary}%`;
let pupilId: string;
let concernId: string;
let incidentId: string;

const ok = <T>(res: { status: number; body: T }, status = 200): T => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

async function hitsInEvents(): Promise<number> {
  const { rows } = await p.db.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM events WHERE data::text ILIKE $1 OR metadata::text ILIKE $1',
    [like],
  );
  return rows[0]!.n;
}

/** Every column of every table of every read-model schema (live generations and any left behind), text-cast. */
async function hitsInReadModels(): Promise<{ columns: number; hits: { where: string; n: number }[] }> {
  const { rows: columns } = await p.db.pool.query<{ s: string; t: string; c: string }>(
    `SELECT c.table_schema AS s, c.table_name AS t, c.column_name AS c
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema LIKE 'rm\\_%'`,
  );
  const hits: { where: string; n: number }[] = [];
  for (const { s, t, c } of columns) {
    const { rows } = await p.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${s}"."${t}" WHERE "${c}"::text ILIKE $1`, [
      like,
    ]);
    if (rows[0]!.n > 0) hits.push({ where: `${s}.${t}.${c}`, n: rows[0]!.n });
  }
  return { columns: columns.length, hits };
}

async function hitsInLogs(): Promise<{ lines: number; hits: number }> {
  const logs = await p.logs();
  const lines = logs.split('\n').filter((l) => l.trim() !== '');
  return { lines: lines.length, hits: lines.filter((l) => l.toLowerCase().includes(canary.toLowerCase())).length };
}

beforeAll(async () => {
  p = await startTestPlatform({ label: 'shredding', captureLogs: true });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
  ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
  lba = await p.createStaff({ school: 'oakfield', jobRole: 'learning_behaviour_assistant' });
  auditor = await p.createTrustUser('trust_auditor');

  pupilId = ok(
    await p.http('POST', '/api/pupils', {
      token: head.token,
      body: {
        firstName: canary,
        lastName: 'Shredded',
        dateOfBirth: '2016-05-14',
        yearGroup: '4',
        upn: 'A123456789012',
        sen: true,
        ehcp: false,
      },
    }),
    201,
  ).id;
  concernId = ok(
    await p.http('POST', '/api/concerns', {
      token: ta.token,
      body: {
        pupilIds: [pupilId],
        categories: ['neglect'],
        summary: `${canary} came in hungry`,
        details: `${canary} said there was no food at home; bruise on the arm.`,
        occurredAt: '2026-03-02T08:30:00Z',
        urgency: 'routine',
        informedDslVerbally: false,
        bodyMap: [{ region: 'left_arm', note: `${canary}'s bruise` }],
      },
    }),
    201,
  ).id;
  ok(
    await p.http('POST', `/api/concerns/${concernId}/triage`, {
      token: dsl.token,
      body: { riskLevel: 'medium', decision: 'early_help', rationale: `${canary} needs early help` },
    }),
  );
  incidentId = ok(
    await p.http('POST', '/api/incidents', {
      token: lba.token,
      body: {
        pupilId,
        occurredAt: '2026-03-02T08:40:00Z',
        endedAt: '2026-03-02T08:44:00Z',
        location: 'Year 4 corridor',
        staffInvolved: [{ staffId: lba.id, holds: ['single_elbow'] }],
        antecedents: `${canary} refused to leave the hall`,
        deEscalation: ['calm talk'],
        forceType: 'restrictive_hold',
        reason: 'risk_of_injury_to_others',
        pupilInjury: 'None',
        staffInjury: 'None',
        aftercare: `Quiet room; ${canary} had water`,
        witnesses: [ta.id],
      },
    }),
    201,
  ).id;
  await p.settle();
  await p.stepUp(dsl);
  await p.stepUp(head);
}, 60_000);
afterAll(async () => p?.close());

const chronology = () => p.http('GET', `/api/pupils/${pupilId}/chronology`, { token: dsl.token });

describe('crypto-shredding canary', () => {
  it('before erasure: readable through the application, yet never plaintext in the events table', async () => {
    expect(ok(await p.http('GET', `/api/pupils/${pupilId}`, { token: dsl.token }))).toMatchObject({
      firstName: canary,
      upn: 'A123456789012',
    });
    expect(ok(await p.http('GET', `/api/pupils?search=${canary}`, { token: dsl.token }))).toHaveLength(1);
    expect(JSON.stringify(ok(await chronology()))).toContain(canary);
    expect(JSON.stringify(ok(await p.http('GET', `/api/incidents/${incidentId}`, { token: dsl.token })))).toContain(canary);

    const events = await hitsInEvents();
    const readModels = await hitsInReadModels();
    const logs = await hitsInLogs();
    console.log(
      `[canary ${canary}] BEFORE erasure: events table ${events} hits; read models ${readModels.hits.reduce((n, h) => n + h.n, 0)} hits ` +
        `(${readModels.hits.map((h) => h.where).join(', ')}) over ${readModels.columns} columns; logs ${logs.hits} hits in ${logs.lines} lines`,
    );
    expect(events).toBe(0);
    // The search itself works: the read models do hold the decrypted name until the pupil is erased.
    expect(readModels.hits.length).toBeGreaterThan(0);
    expect(logs.lines).toBeGreaterThan(0);
    expect(logs.hits).toBe(0);
  });

  it('a legal hold blocks erasure (422) until it is lifted', async () => {
    ok(
      await p.http('POST', `/api/pupils/${pupilId}/legal-hold`, {
        token: head.token,
        body: { reason: 'Disclosure order in family proceedings' },
      }),
    );
    const refused = await p.http('POST', `/api/pupils/${pupilId}/erase`, { token: head.token, body: { reason: 'Parent request' } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ rule: 'privacy.legal_hold' });
    expect(ok(await p.http('GET', `/api/pupils/${pupilId}/privacy`, { token: head.token }))).toMatchObject({
      legalHold: true,
      erasedAt: null,
    });
    ok(await p.http('DELETE', `/api/pupils/${pupilId}/legal-hold`, { token: head.token, body: { reason: 'Proceedings concluded' } }));
  });

  it('only the headteacher or a trust admin may erase, and only within reach', async () => {
    expect((await p.http('POST', `/api/pupils/${pupilId}/erase`, { token: dsl.token, body: { reason: 'x' } })).status).toBe(403);
    const otherHead = await p.createStaff({ school: 'riverside', roles: ['headteacher'], jobRole: 'headteacher' });
    expect((await p.http('POST', `/api/pupils/${pupilId}/erase`, { token: otherHead.token, body: { reason: 'x' } })).status).toBe(404);
    const otherTrustAdmin = await p.createTrustUser('trust_admin', 'other');
    expect((await p.http('POST', `/api/pupils/${pupilId}/erase`, { token: otherTrustAdmin.token, body: { reason: 'x' } })).status).toBe(
      404,
    );
  });

  it('after erasure: 0 hits in the events table, every read model and the logs; reads show "[erased]"; verify and replay succeed', async () => {
    const admin = await p.createTrustUser('trust_admin');
    const erased = ok(
      await p.http('POST', `/api/pupils/${pupilId}/erase`, { token: admin.token, body: { reason: 'Retention period over' } }),
    );
    expect(erased).toMatchObject({ id: pupilId });

    const events = await hitsInEvents();
    const readModels = await hitsInReadModels();
    const logs = await hitsInLogs();
    console.log(
      `[canary ${canary}] AFTER erasure: events table ${events} hits; read models ${readModels.hits.length} hits over ${readModels.columns} columns; ` +
        `logs ${logs.hits} hits in ${logs.lines} lines`,
    );
    expect(events).toBe(0);
    expect(readModels.hits).toEqual([]);
    expect(logs.hits).toBe(0);

    expect(ok(await p.http('GET', `/api/pupils/${pupilId}`, { token: dsl.token }))).toMatchObject({
      id: pupilId,
      firstName: '[erased]',
      lastName: '[erased]',
      dateOfBirth: '[erased]',
      upn: '[erased]',
      yearGroup: '4',
      sen: true,
    });
    const lines = ok(await chronology()) as { kind: string; summary: string }[];
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.summary).not.toContain(canary);
    expect(lines.find((l) => l.kind === 'concern_raised')!.summary).toContain('[erased]');
    const concern = ok(await p.http('GET', `/api/concerns/${concernId}`, { token: dsl.token }));
    expect(concern).toMatchObject({ summary: '[erased]', details: '[erased]' });
    const incident = ok(await p.http('GET', `/api/incidents/${incidentId}`, { token: dsl.token }));
    expect(JSON.stringify(incident)).not.toContain(canary);
    expect(JSON.stringify(incident)).toContain('[erased]');
    expect(ok(await p.http('GET', `/api/pupils?search=erased`, { token: dsl.token }))).toEqual([
      expect.objectContaining({ id: pupilId, fullName: '[erased] [erased]' }),
    ]);

    expect(ok(await p.http('GET', '/api/audit/verify', { token: auditor.token }))).toMatchObject({ ok: true });
    const asOf = encodeURIComponent(p.clock.now().toISOString());
    const replay = ok(
      await p.http('GET', `/api/audit/replay?projection=chronology&pupilId=${pupilId}&asOf=${asOf}&schoolId=${p.schools.oakfield}`, {
        token: auditor.token,
      }),
    );
    expect(JSON.stringify(replay)).not.toContain(canary);
    expect((replay as unknown[]).length).toBe(lines.length);

    // The erasure is itself an event, and nothing more can be written about the pupil.
    const { rows } = await p.db.pool.query<{ type: string }>('SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version', [
      `erasure-${pupilId}`,
    ]);
    expect(rows.map((r) => r.type)).toEqual(['LegalHoldPlaced', 'LegalHoldLifted', 'SubjectErased']);
    const more = await p.http('POST', `/api/concerns/${concernId}/addenda`, { token: dsl.token, body: { text: 'more about them' } });
    expect(more.status).toBe(422);
    expect(more.body).toMatchObject({ rule: 'privacy.subject_erased' });
    expect(ok(await p.http('GET', `/api/pupils/${pupilId}/privacy`, { token: head.token }))).toMatchObject({
      legalHold: false,
      erasedAt: expect.any(String),
    });
  });

  it('repeating an erasure changes nothing and still succeeds', async () => {
    const before = await p.eventCount();
    ok(await p.http('POST', `/api/pupils/${pupilId}/erase`, { token: head.token, body: { reason: 'Retention period over' } }));
    expect(await p.eventCount()).toBe(before);
    expect(await hitsInEvents()).toBe(0);
  });
});
