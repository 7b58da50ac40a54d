import type pg from 'pg';
import { HistorySealer } from '#lib/core';
import { eventHash, SEAL_STREAM } from '#lib/event-store';
import { startTestPlatform, type TestPlatform } from '#lib/testing';

/**
 * What a superuser who knows the hashing can do: change an event, recompute every hash and head,
 * and remove the seals the store holds (those kept outside the database are out of reach).
 */
async function rewriteEverything(p: TestPlatform, change: (c: pg.Client) => Promise<void>): Promise<void> {
  const c = await p.db.admin();
  try {
    await c.query('ALTER TABLE events DISABLE TRIGGER USER');
    await change(c);
    const { rows } = await c.query('SELECT * FROM events ORDER BY stream_id, stream_version');
    const previous = new Map<string, string | null>();
    for (const r of rows) {
      const prior = previous.get(r.stream_id) ?? null;
      const hash = eventHash(
        {
          streamId: r.stream_id,
          streamVersion: r.stream_version,
          eventId: r.event_id,
          type: r.type,
          schemaVersion: r.schema_version,
          data: r.data,
          metadata: r.metadata,
          recordedAt: r.recorded_at.toISOString(),
        },
        prior,
      );
      await c.query('UPDATE events SET previous_hash = $2, hash = $3 WHERE global_position = $1', [r.global_position, prior, hash]);
      await c.query('UPDATE streams SET last_hash = $2 WHERE stream_id = $1', [r.stream_id, hash]);
      previous.set(r.stream_id, hash);
    }
    await c.query('DELETE FROM events WHERE stream_id = $1', [SEAL_STREAM]);
    await c.query('DELETE FROM streams WHERE stream_id = $1', [SEAL_STREAM]);
    await c.query('ALTER TABLE events ENABLE TRIGGER USER');
  } finally {
    await c.end();
  }
}

describe('seals at start-up, on a schedule that survives restarts, and after a number of events', () => {
  let first: TestPlatform;
  let p: TestPlatform;

  beforeAll(async () => {
    first = await startTestPlatform({ label: 'seal_schedule' });
    const ta = await first.createStaff({ school: 'oakfield' });
    await first.createStaff({ school: 'riverside' });
    expect((await first.http('GET', '/api/me', { token: ta.token })).status).toBe(200);
    await first.close({ keepDatabase: true });
    p = await startTestPlatform({ reuse: first, env: { SEAL_INTERVAL_MINUTES: '60', SEAL_EVERY_EVENTS: '5' } });
  }, 120_000);
  afterAll(async () => p?.close());

  it('seals at start-up, so a rewrite with every hash recomputed made after start-up is caught', async () => {
    const sealer = p.app.get(HistorySealer);
    const startup = await sealer.startup;
    expect(startup).not.toBeNull();
    const auditor = await p.createTrustUser('trust_auditor');
    expect((await p.http('GET', '/api/audit/verify', { token: auditor.token })).body).toMatchObject({ ok: true });

    await rewriteEverything(p, async (c) => {
      const { rows } = await c.query(
        `SELECT global_position FROM events WHERE type = 'StaffMemberRegistered' ORDER BY global_position LIMIT 1`,
      );
      await c.query(`UPDATE events SET data = jsonb_set(data, '{jobRole}', '"headteacher"') WHERE global_position = $1`, [
        rows[0].global_position,
      ]);
    });
    const verified = await p.http('GET', '/api/audit/verify', { token: auditor.token });
    expect(verified.status).toBe(200);
    expect(verified.body.ok).toBe(false);
    expect(Number(verified.body.firstBrokenPosition)).toBeLessThanOrEqual(Number(startup!.upTo.globalPosition));
  });
});

/**
 * A seal that is due, once it can be made: another test file's open transaction can hold the sealable
 * horizon back for a moment, and then `sealIfDue` makes none yet (it never makes one that is not due).
 */
async function sealedWhenDue(sealer: HistorySealer): Promise<Awaited<ReturnType<HistorySealer['sealIfDue']>>> {
  let seal = await sealer.sealIfDue();
  for (let i = 0; seal === null && i < 200; i++) seal = await new Promise((r) => setTimeout(r, 25)).then(() => sealer.sealIfDue());
  return seal;
}

describe('the schedule', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({ label: 'seal_due', env: { SEAL_INTERVAL_MINUTES: '60', SEAL_EVERY_EVENTS: '0' } });
  }, 60_000);
  afterAll(async () => p?.close());

  it('is due an interval after the last seal as the store recorded it, not after the process started', async () => {
    await p.createStaff({ school: 'oakfield' });
    const sealer = p.app.get(HistorySealer);
    expect(await sealer.sealIfDue()).toBeNull();
    p.clock.advanceMinutes(61);
    const seal = await sealedWhenDue(sealer);
    expect(seal).not.toBeNull();
    await p.close({ keepDatabase: true });
    // A restart 50 minutes after that seal: not due yet (an uptime timer would wait a whole hour more).
    p.clock.advanceMinutes(50);
    p = await startTestPlatform({ reuse: p, env: { SEAL_INTERVAL_MINUTES: '60', SEAL_EVERY_EVENTS: '0' } });
    const restarted = p.app.get(HistorySealer);
    // Nothing new since that seal: it still covers everything at start-up, and no other is made.
    expect((await restarted.startup)?.root).toBe(seal!.root);
    const sealsAfterStart = (await restarted.seals()).length;
    expect(await restarted.sealIfDue()).toBeNull();
    p.clock.advanceMinutes(11);
    await p.createStaff({ school: 'oakfield' });
    expect(await sealedWhenDue(restarted)).not.toBeNull();
    expect((await restarted.seals()).length).toBe(sealsAfterStart + 1);
  }, 120_000);

  it('seals after a number of events stored since the last seal', async () => {
    await p.close({ keepDatabase: true });
    p = await startTestPlatform({ reuse: p, env: { SEAL_INTERVAL_MINUTES: '0', SEAL_EVERY_EVENTS: '3' } });
    const sealer = p.app.get(HistorySealer);
    await sealer.startup;
    expect(await sealer.sealIfDue()).toBeNull();
    for (let i = 0; i < 3; i++) await p.createStaff({ school: 'oakfield' });
    expect(await sealedWhenDue(sealer)).not.toBeNull();
  }, 120_000);

  it('throttles verification per trust and scopes its chains to the caller’s trust', async () => {
    const auditor = await p.createTrustUser('trust_auditor');
    const other = await p.createTrustUser('trust_auditor', 'other');
    const mine = await p.http('GET', '/api/audit/verify', { token: auditor.token });
    const theirs = await p.http('GET', '/api/audit/verify', { token: other.token });
    expect(mine.body.ok).toBe(true);
    expect(theirs.body.ok).toBe(true);
    expect(theirs.body.checkedEvents).toBeLessThan(mine.body.checkedEvents);
    let status = 200;
    for (let i = 0; i < 40 && status === 200; i++) status = (await p.http('GET', '/api/audit/verify', { token: auditor.token })).status;
    expect(status).toBe(429);
    const refused = await p.http('GET', '/api/audit/verify', { token: auditor.token });
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.body).toMatchObject({ status: 429 });
    // Another trust's auditor is not held up by it.
    expect((await p.http('GET', '/api/audit/verify', { token: other.token })).status).toBe(200);
  }, 120_000);
});
