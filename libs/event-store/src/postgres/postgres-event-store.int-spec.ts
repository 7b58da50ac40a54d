import { randomInt, randomUUID } from 'node:crypto';
import { countStatements, createTestDatabase, type TestDatabase } from '#lib/testing';
import { newEvent } from '../event-store.contract.js';
import { ConcurrencyError, compareCheckpoints, type RecordedEvent } from '../event-store.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { UpcasterChain } from '../upcasting.js';

let db: TestDatabase;
let store: PostgresEventStore;

beforeAll(async () => {
  db = await createTestDatabase('pg_store');
  await PostgresEventStore.migrate(db.pool);
  store = new PostgresEventStore({ pool: db.pool });
});
afterAll(async () => db.drop());

describe('migrations', () => {
  it('are idempotent: running them again applies nothing', async () => {
    expect(await PostgresEventStore.migrate(db.pool)).toEqual([]);
    await Promise.all([PostgresEventStore.migrate(db.pool), PostgresEventStore.migrate(db.pool)]);
  });
});

describe('optimistic concurrency', () => {
  it('lets exactly 1 of 100 concurrent appends with the same expected version through', async () => {
    const id = `concern-${randomUUID()}`;
    await store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => store.appendToStream(id, [newEvent('ConcernTriaged')], { expectedVersion: 0 })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const conflicts = results.filter((r) => r.status === 'rejected' && r.reason instanceof ConcurrencyError);
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(99);
    const versions = (await store.readStream(id)).map((e) => e.streamVersion);
    expect(versions).toEqual([0, 1]);
  });

  it('lets exactly 1 of 20 concurrent creators of one stream through', async () => {
    const id = `pupil-${randomUUID()}`;
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => store.appendToStream(id, [newEvent('PupilRegistered')], { expectedVersion: 'no_stream' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof ConcurrencyError)).toHaveLength(19);
  });

  it('stores an event id only once when the same append races with itself', async () => {
    const id = `concern-${randomUUID()}`;
    const e = newEvent();
    await Promise.all(Array.from({ length: 10 }, () => store.appendToStream(id, [e], { expectedVersion: 'any' })));
    expect(await store.readStream(id)).toHaveLength(1);
  });
});

describe('round trips per append', () => {
  const statements = countStatements();
  const turn = () => new Promise((r) => setImmediate(r));

  it('waits for one statement when the process knows the head (a new stream, or one it wrote or read last), plus a wake-up after it', async () => {
    const id = `concern-${randomUUID()}`;
    const sent: number[] = [];
    for (const expectedVersion of ['no_stream', 0, 1, 'any'] as const) {
      await turn();
      statements.reset();
      await store.appendToStream(id, [newEvent()], { expectedVersion });
      sent.push(statements.count());
    }
    expect(sent).toEqual([1, 1, 1, 1]);
    await turn();
    expect(statements.texts().filter((t) => t.includes('pg_notify'))).toHaveLength(1);

    const other = new PostgresEventStore({ pool: db.pool });
    const read = await other.readStream(id);
    await turn();
    statements.reset();
    await other.appendToStream(id, [newEvent(), newEvent()], { expectedVersion: read.length - 1 });
    expect(statements.count()).toBe(1);
    expect((await store.readStream(id)).map((e) => e.streamVersion)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('reads the head once when what it remembered is stale, then writes: a conflict or a correct link, never a broken chain', async () => {
    const id = `concern-${randomUUID()}`;
    const other = new PostgresEventStore({ pool: db.pool });
    await store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' });
    await other.readStream(id);
    await store.appendToStream(id, [newEvent()], { expectedVersion: 0 });
    await turn();
    statements.reset();
    // `other` still remembers version 0: its write misses, it reads the head, and the version it was given no longer holds.
    await expect(other.appendToStream(id, [newEvent()], { expectedVersion: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(statements.count()).toBeLessThanOrEqual(3);
    await turn();
    statements.reset();
    await other.appendToStream(id, [newEvent()], { expectedVersion: 'any' });
    expect(statements.count()).toBeLessThanOrEqual(3);
    expect((await store.readStream(id)).map((e) => e.streamVersion)).toEqual([0, 1, 2]);
    expect((await store.verify()).ok).toBe(true);
  });

  it('sends fewer wake-ups than appends when appends overlap, and one after the last of them', async () => {
    await turn();
    statements.reset();
    await Promise.all(
      Array.from({ length: 20 }, () => store.appendToStream(`concern-${randomUUID()}`, [newEvent()], { expectedVersion: 'no_stream' })),
    );
    const wakeUps = () => statements.texts().filter((t) => t.includes('pg_notify')).length;
    const deadline = Date.now() + 20_000;
    while (wakeUps() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(wakeUps()).toBeGreaterThanOrEqual(1);
    expect(wakeUps()).toBeLessThan(20);
    expect(statements.count() - wakeUps()).toBe(20);
  });
});

describe('gap safety', () => {
  it('hands a subscriber started first all 5,000 events of 8 writers exactly once, streams in order, never past an open transaction', async () => {
    const head = await lastCheckpoint();
    const seen: RecordedEvent[] = [];
    let violations = 0;
    const sub = store.subscribe(
      head,
      async (batch) => {
        // Everything handed over must be committed and older than every transaction still open.
        const { rows } = await db.pool.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin');
        for (const e of batch) if (BigInt(e.checkpoint.transactionId) >= BigInt(rows[0]!.xmin)) violations += 1;
        seen.push(...batch);
      },
      { batchSize: 200, idleMs: 10 },
    );

    const writers = 8;
    const perWriter = 625;
    const written = new Set<string>();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const client = await db.pool.connect();
        try {
          let i = 0;
          while (i < perWriter) {
            // Some transactions stay open for up to 2 s while others commit around them.
            const size = Math.min(perWriter - i, 1 + randomInt(60));
            const holdMs = randomInt(10) === 0 ? randomInt(2000) : 0;
            await client.query('BEGIN');
            const stream = `gap-${w}`;
            for (let k = 0; k < size; k++) {
              const e = newEvent('Gap', { w, i: i + k });
              written.add(e.eventId);
              await client.query(
                `INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, previous_hash, hash)
                 VALUES ($1, $2, $3, 'Gap', 1, $4, $5, now(), NULL, 'x')`,
                [stream, i + k, e.eventId, JSON.stringify(e.data), JSON.stringify(e.metadata)],
              );
            }
            if (holdMs) await new Promise((r) => setTimeout(r, holdMs));
            await client.query('COMMIT');
            i += size;
          }
        } finally {
          client.release();
        }
      }),
    );
    const deadline = Date.now() + 30_000;
    while (seen.length < written.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    await sub.stop();

    expect(seen).toHaveLength(5000);
    expect(new Set(seen.map((e) => e.eventId)).size).toBe(5000);
    expect(seen.every((e) => written.has(e.eventId))).toBe(true);
    for (let w = 0; w < writers; w++) {
      const versions = seen.filter((e) => e.streamId === `gap-${w}`).map((e) => e.streamVersion);
      expect(versions).toEqual(Array.from({ length: perWriter }, (_, i) => i));
    }
    for (let i = 1; i < seen.length; i++) expect(compareCheckpoints(seen[i - 1]!.checkpoint, seen[i]!.checkpoint)).toBeLessThan(0);
    expect(violations).toBe(0);
  }, 60_000);
});

async function lastCheckpoint() {
  const { rows } = await db.pool.query<{ t: string; g: string }>(
    'SELECT transaction_id::text AS t, global_position::text AS g FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
  );
  return rows[0] ? { transactionId: rows[0].t, globalPosition: rows[0].g } : null;
}

describe('upcasting', () => {
  it('turns an old schema version into the current one on read', async () => {
    const upcasting = new PostgresEventStore({
      pool: db.pool,
      upcasters: new UpcasterChain([
        { type: 'TrainingCompleted', fromVersion: 1, upcast: (d) => ({ ...(d as object), provider: 'unknown' }) },
      ]),
    });
    const id = `staff-${randomUUID()}`;
    await upcasting.appendToStream(id, [newEvent('TrainingCompleted', { course: 'prevent' })], { expectedVersion: 'no_stream' });
    const [e] = await upcasting.readStream(id);
    expect(e).toMatchObject({ schemaVersion: 2, data: { course: 'prevent', provider: 'unknown' } });
  });
});
