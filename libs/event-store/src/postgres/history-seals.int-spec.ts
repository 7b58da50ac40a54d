import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { createTestDatabase, type TestDatabase } from '#lib/testing';
import { newEvent } from '../event-store.contract.js';
import { compareCheckpoints } from '../event-store.js';
import { eventHash } from '../hashing.js';
import { FileSealLog, SEAL_STREAM, type Seal } from '../sealing/seals.js';
import { PostgresEventStore } from './postgres-event-store.js';

let db: TestDatabase;
let dir: string;
let log: FileSealLog;
let store: PostgresEventStore;

beforeEach(async () => {
  db = await createTestDatabase('seals');
  await PostgresEventStore.migrate(db.pool);
  dir = await mkdtemp(path.join(tmpdir(), 'seals-'));
  log = new FileSealLog(path.join(dir, 'seals.jsonl'));
  store = new PostgresEventStore({ pool: db.pool, sealLog: log });
});
afterEach(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

/**
 * Seals everything stored so far. A seal covers only transactions older than every one still open on
 * the server, so another test file's open transaction can hold it back: seal again until it covers all.
 */
async function sealAll(): Promise<Seal> {
  // The last event that is not itself a seal (seals are not sealed on their own).
  const { rows } = await db.pool.query<{ t: string; g: string }>(
    `SELECT transaction_id::text AS t, global_position::text AS g FROM events WHERE stream_id <> $1
      ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    [SEAL_STREAM],
  );
  const head = { transactionId: rows[0]!.t, globalPosition: rows[0]!.g };
  for (let i = 0; i < 1500; i++) {
    await store.seal();
    const latest = (await store.seals()).at(-1);
    if (latest && compareCheckpoints(latest.upTo, head) >= 0) return latest;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the history could not be sealed up to its head within 30 s');
}

async function history(streams: number, perStream: number): Promise<void> {
  for (let v = 0; v < perStream; v++) {
    for (let s = 0; s < streams; s++) {
      await store.appendToStream(`concern-${s}`, [newEvent('ConcernNoted', { s, v, note: `note ${v}` })], { expectedVersion: 'any' });
    }
  }
}

/**
 * What a superuser who knows the hashing can do: change events and recompute every hash after them
 * (and the streams' heads), so that every chain is whole again.
 */
async function rewrite(change: (c: pg.Client) => Promise<void>, options: { resealInside?: boolean } = {}): Promise<void> {
  const c = await db.admin();
  try {
    await c.query('ALTER TABLE events DISABLE TRIGGER USER');
    await change(c);
    const { rows } = await c.query<{
      global_position: string;
      stream_id: string;
      stream_version: number;
      event_id: string;
      type: string;
      schema_version: number;
      data: unknown;
      metadata: unknown;
      recorded_at: Date;
    }>('SELECT * FROM events ORDER BY stream_id, stream_version');
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
    await c.query('ALTER TABLE events ENABLE TRIGGER USER');
  } finally {
    await c.end();
  }
  if (options.resealInside) await resealInside();
}

/** The superuser also recomputes the seals the store holds (those in the log are out of reach). */
async function resealInside(): Promise<void> {
  const fresh = new PostgresEventStore({ pool: db.pool });
  const honest = await fresh.seals();
  const c = await db.admin();
  try {
    await c.query('ALTER TABLE events DISABLE TRIGGER USER');
    await c.query(`DELETE FROM events WHERE stream_id = $1`, [SEAL_STREAM]);
    await c.query(`DELETE FROM streams WHERE stream_id = $1`, [SEAL_STREAM]);
    await c.query('ALTER TABLE events ENABLE TRIGGER USER');
  } finally {
    await c.end();
  }
  for (let i = 0; i < honest.length; i++) await fresh.seal();
}

describe('seals of the history (RFC 6962 Merkle roots, kept in the store and outside it)', () => {
  it('seals only what can no longer change, holds while writers keep appending, and seals nothing twice', async () => {
    const write = (from: number, to: number) =>
      Promise.all(
        Array.from({ length: 4 }, async (_, w) => {
          for (let i = from; i < to; i++)
            await store.appendToStream(`incident-${w}`, [newEvent('IncidentNoted', { w, i })], { expectedVersion: 'any' });
        }),
      );
    const seals: Seal[] = [];
    // Half the history, sealed, then the rest with a sealer at work beside the writers: at least two
    // seals whatever the speed of appends (one round trip each, fast enough to finish before a
    // sealer's first turn).
    await write(0, 30);
    // sealAll waits until the gap-safe horizon (held back by any open transaction on the server) has passed them.
    await sealAll();
    seals.push(...(await store.seals()));
    let writing = true;
    const sealing = (async () => {
      while (writing) {
        const seal = await store.seal();
        if (seal) seals.push(seal);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await write(30, 60);
    writing = false;
    await sealing;
    await sealAll();
    const all = await store.seals();
    expect(all.slice(0, seals.length)).toEqual(seals);
    seals.splice(0, seals.length, ...all);
    expect(seals.length).toBeGreaterThan(1);
    // Each seal covers more than the one before.
    for (let i = 1; i < seals.length; i++) expect(seals[i]!.events).toBeGreaterThan(seals[i - 1]!.events);
    expect(await store.seal()).toBeNull();
    expect(await store.seals()).toEqual(seals);
    expect(await log.read()).toEqual(seals);
    expect(await store.verify()).toEqual({ ok: true, checkedEvents: 240 + seals.length, sealsChecked: seals.length * 2 });
  });

  it('an edit with every hash recomputed leaves every chain whole: before a seal it passes, after one it is caught', async () => {
    await history(3, 4);
    const at = async (stream: string, version: number) =>
      (
        await db.pool.query<{ p: string }>('SELECT global_position::text AS p FROM events WHERE stream_id = $1 AND stream_version = $2', [
          stream,
          version,
        ])
      ).rows[0]!.p;
    const edit = (position: string, note: string) => (c: pg.Client) =>
      c
        .query(`UPDATE events SET data = jsonb_set(data, '{note}', to_jsonb($2::text)) WHERE global_position = $1`, [position, note])
        .then(() => undefined);
    // Nothing sealed yet: the chains alone cannot tell (the reason seals exist).
    await rewrite(edit(await at('concern-0', 1), 'quietly changed'));
    expect(await store.verify()).toEqual({ ok: true, checkedEvents: 12, sealsChecked: 0 });

    await sealAll();
    await history(3, 2);
    await sealAll();
    const edited = await at('concern-1', 2);
    await rewrite(edit(edited, 'never happened'));
    const result = await store.verify();
    // The seals that cover the edit no longer match; one that ends before it (a loaded server's open
    // transactions may make the first seal end early) still vouches for what it covers.
    const before = (await store.seals()).filter((s) => BigInt(s.upTo.globalPosition) < BigInt(edited)).at(-1);
    const firstBrokenPosition = before ? String(BigInt(before.upTo.globalPosition) + 1n) : '1';
    expect(result).toMatchObject({ ok: false, firstBrokenPosition, sealsChecked: (await log.read()).length * 2 });
    expect(result.reason).toMatch(/seal .* no longer matches/);
  });

  it('a rewrite that also recomputes the seals in the store is caught by the seals kept outside it', async () => {
    await history(3, 4);
    await sealAll();
    await history(3, 4);
    const second = await sealAll();
    const { rows } = await db.pool.query<{ p: string }>(
      `SELECT global_position::text AS p FROM events WHERE stream_id = 'concern-2' AND stream_version = 6`,
    );
    await rewrite(
      (c) =>
        c
          .query(`UPDATE events SET data = '{"s":2,"v":6,"note":"rewritten"}' WHERE global_position = $1`, [rows[0]!.p])
          .then(() => undefined),
      {
        resealInside: true,
      },
    );
    // Inside the database everything agrees again…
    expect(await new PostgresEventStore({ pool: db.pool }).verify()).toMatchObject({ ok: true });
    // …but the log kept outside does not. The position named is never after the first thing changed
    // (the earliest seal event the rewrite replaced, or the edited event).
    const result = await store.verify();
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/outside the store/);
    expect(BigInt(result.firstBrokenPosition!)).toBeGreaterThan(0n);
    expect(BigInt(result.firstBrokenPosition!)).toBeLessThanOrEqual(BigInt(rows[0]!.p));
    expect(BigInt(second.upTo.globalPosition)).toBeGreaterThanOrEqual(BigInt(rows[0]!.p));
  });

  it('events removed from the end of the sealed history, chains and heads mended, are caught', async () => {
    await history(2, 5);
    const seal = await sealAll();
    await rewrite(async (c) => {
      await c.query(`DELETE FROM events WHERE stream_id = 'concern-1' AND stream_version = 4`);
      await c.query(`UPDATE streams SET version = 3 WHERE stream_id = 'concern-1'`);
    });
    const result = await store.verify();
    expect(result).toMatchObject({ ok: false });
    expect(BigInt(result.firstBrokenPosition!)).toBeLessThanOrEqual(BigInt(seal!.upTo.globalPosition));
  });
});
