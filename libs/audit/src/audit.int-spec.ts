import { HistorySealer } from '#lib/core';
import { Seeder, startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

let p: TestPlatform;
let dsl: TestStaff;
let head: TestStaff;
let auditor: TestStaff;
let adultConcern: string;
let pupil: string;

beforeAll(async () => {
  p = await startTestPlatform({ label: 'audit_routes' });
  const seed = new Seeder(p);
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
  auditor = await p.createTrustUser('trust_auditor');
  await p.createStaff({ school: 'elsewhere' });
  pupil = await seed.pupil(p.schools.oakfield);
  await seed.concern(seed.actor(p.schools.oakfield), { pupilIds: [pupil] });
  adultConcern = await seed.concern(seed.actor(p.schools.oakfield), { pupilIds: [pupil], aboutAdult: { name: 'A visitor' } });
  await p.settle();
}, 60_000);
afterAll(async () => p.close());

const get = (path: string, token: string) => p.http('GET', path, { token });

describe('audit routes', () => {
  it('gives a trust auditor the raw history of their trust only, in order, page by page', async () => {
    const all = await get('/api/audit/events?limit=1000', auditor.token);
    expect(all.status).toBe(200);
    expect(all.body.length).toBeGreaterThan(3);
    expect(all.body.every((e: { metadata: { trustId: string } }) => e.metadata.trustId === p.trustId)).toBe(true);
    expect(all.body[0]).toEqual(
      expect.objectContaining({
        globalPosition: expect.any(String),
        streamId: expect.any(String),
        hash: expect.any(String),
        recordedAt: expect.any(String),
      }),
    );
    const positions = all.body.map((e: { globalPosition: string }) => Number(e.globalPosition));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const page = await get(`/api/audit/events?limit=2&fromPosition=${positions[0]}`, auditor.token);
    expect(page.body.map((e: { globalPosition: string }) => Number(e.globalPosition))).toEqual(positions.slice(1, 3));
    const stream = await get(`/api/audit/events?stream=pupil-${pupil}`, auditor.token);
    expect(stream.body.map((e: { type: string }) => e.type)).toEqual(['PupilRegistered']);
    expect(stream.body.some((e: { streamId: string }) => e.streamId === `concern-${adultConcern}`)).toBe(false);
  });

  it('names who did each event and filters the history by person and by date', async () => {
    const registered = await p.http('POST', '/api/pupils', {
      token: dsl.token,
      body: { firstName: 'Ola', lastName: 'Named', dateOfBirth: '2017-01-02', yearGroup: '3', sen: false, ehcp: false },
    });
    expect(registered.status).toBe(201);
    const all = (await get('/api/audit/events?limit=1000', dsl.token)).body as {
      metadata: { actorId: string };
      actorName: string | null;
      recordedAt: string;
    }[];
    const byDsl = all.filter((e) => e.metadata.actorId === dsl.id);
    expect(byDsl.length).toBeGreaterThan(0);
    expect(byDsl.every((e) => e.actorName === dsl.name)).toBe(true);
    const filtered = (await get(`/api/audit/events?limit=1000&actorId=${dsl.id}`, dsl.token)).body as { metadata: { actorId: string } }[];
    expect(filtered.length).toBe(byDsl.length);
    expect(filtered.every((e) => e.metadata.actorId === dsl.id)).toBe(true);
    const day = all[0]!.recordedAt.slice(0, 10);
    expect((await get(`/api/audit/events?limit=1000&from=${day}&to=${day}`, dsl.token)).body.length).toBeGreaterThan(0);
    expect((await get('/api/audit/events?from=2000-01-01&to=2000-01-02', dsl.token)).body).toEqual([]);
    expect((await get('/api/audit/events?from=yesterday', dsl.token)).status).toBe(400);
  });

  it('gives a DSL their school’s history without concerns about adults, which the headteacher sees', async () => {
    const forDsl = (await get('/api/audit/events?limit=1000', dsl.token)).body;
    expect(forDsl.every((e: { metadata: { schoolId: string } }) => e.metadata.schoolId === p.schools.oakfield)).toBe(true);
    expect(forDsl.some((e: { streamId: string }) => e.streamId === `concern-${adultConcern}`)).toBe(false);
    const forHead = (await get('/api/audit/events?limit=1000', head.token)).body;
    expect(forHead.some((e: { streamId: string }) => e.streamId === `concern-${adultConcern}`)).toBe(true);
  });

  it('pages on past the events it leaves out, and shows each event as stored with its hash', async () => {
    // A full page whose events the DSL may not see is empty, and still says where the next one starts.
    const hidden = await get(`/api/audit/events?stream=concern-${adultConcern}&limit=1`, dsl.token);
    expect(hidden.status).toBe(200);
    expect(hidden.body).toEqual([]);
    expect(hidden.headers.get('link')).toMatch(/rel="next"/);
    const [raised] = (await get(`/api/audit/events?stream=concern-${adultConcern}&limit=1`, head.token)).body as {
      eventId: string;
      type: string;
      data: unknown;
      hash: string;
      previousHash: string | null;
    }[];
    expect(raised!.type).toBe('ConcernRaised');
    const { rows } = await p.db.pool.query<{ data: unknown; hash: string }>('SELECT data, hash FROM events WHERE event_id = $1', [
      raised!.eventId,
    ]);
    // The narrative stays the ciphertext the store hashed: the history is not decrypted.
    expect(raised).toMatchObject({ data: rows[0]!.data, hash: rows[0]!.hash, previousHash: null });
    expect(JSON.stringify(raised!.data)).not.toContain('A visitor');
  });

  it('verifies the hash chains, and every seal of the history, kept in the store and outside it', async () => {
    // The chains walked are the caller's: the trust's for its auditor, the school's for its DSL.
    const count = async (where: string, value: string) =>
      (await p.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE metadata->>'${where}' = $1`, [value])).rows[0]!.n;
    const res = await get('/api/audit/verify', auditor.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, checkedEvents: await count('trustId', p.trustId), sealsChecked: 0 });
    expect(res.body.checkedEvents).toBeLessThan(await p.eventCount());

    const sealer = p.app.get(HistorySealer);
    let seal = await sealer.sealNow();
    // Another test file's open transaction can hold the sealable horizon back for a moment.
    for (let i = 0; seal === null && i < 200; i++) seal = await new Promise((r) => setTimeout(r, 25)).then(() => sealer.sealNow());
    expect(seal).toEqual({
      upTo: expect.any(Object),
      events: expect.any(Number),
      root: expect.stringMatching(/^[0-9a-f]{64}$/),
      sealedAt: expect.any(String),
    });
    const seals = await get('/api/audit/seals', auditor.token);
    expect(seals.status).toBe(200);
    expect(seals.body.at(-1)).toEqual(seal);
    const after = await get('/api/audit/verify', dsl.token);
    expect(after.body).toEqual({
      ok: true,
      checkedEvents: await count('schoolId', p.schools.oakfield),
      sealsChecked: seals.body.length * 2,
    });
  });

  it('refuses staff (403), bad parameters (400), and a trust admin the raw history', async () => {
    const ta = await p.createStaff({ school: 'oakfield' });
    expect((await get('/api/audit/events', ta.token)).status).toBe(403);
    expect((await get('/api/audit/verify', ta.token)).status).toBe(403);
    expect((await get('/api/audit/seals', ta.token)).status).toBe(403);
    const admin = await p.createTrustUser('trust_admin');
    expect((await get('/api/audit/events', admin.token)).status).toBe(403);
    expect((await get('/api/audit/events?limit=5000', auditor.token)).status).toBe(400);
    expect((await get('/api/audit/replay?projection=team-teach', auditor.token)).status).toBe(400);
    expect((await get('/api/audit/replay?projection=nothing&asOf=2026-03-02T09:00:00Z', auditor.token)).status).toBe(400);
    expect((await get('/api/audit/replay?projection=chronology&asOf=2026-03-02T09:00:00Z', dsl.token)).status).toBe(400);
    expect((await get('/api/audit/views', auditor.token)).status).toBe(400);
  });

  it('replays the alerts inbox as of an instant', async () => {
    const res = await get(`/api/audit/replay?projection=alerts&asOf=${encodeURIComponent(p.clock.now().toISOString())}`, dsl.token);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
  });
});
