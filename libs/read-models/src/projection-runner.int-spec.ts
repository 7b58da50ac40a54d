import type pg from 'pg';
import { FakeClock } from '../../core/src/clock.js';
import { newEvent } from '../../event-store/src/event-store.contract.js';
import { migrate } from '../../event-store/src/postgres/migrations.js';
import { PostgresEventStore } from '../../event-store/src/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../../testing/src/test-database.js';
import { READ_MODEL_MIGRATIONS } from './migrations.js';
import type { Projection } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';

/** Counts events per stream; `failOnce` makes one batch fail midway, as a crash would. */
function countingProjection(options: { failOnce?: string } = {}): Projection & { failed: boolean } {
  const p = {
    name: 'counting',
    version: 1,
    failed: false,
    tables: `CREATE TABLE counts (stream_id text PRIMARY KEY, n integer NOT NULL, last_type text NOT NULL)`,
    eventTypes: ['Counted'],
    async apply(db: pg.PoolClient, events: { streamId: string; type: string; data: unknown }[]) {
      for (const e of events) {
        await db.query(
          `INSERT INTO counts (stream_id, n, last_type) VALUES ($1, 1, $2) ON CONFLICT (stream_id) DO UPDATE SET n = counts.n + 1, last_type = $2`,
          [e.streamId, e.type],
        );
        if (options.failOnce && (e.data as { tag?: string }).tag === options.failOnce && !p.failed) {
          p.failed = true;
          throw new Error('crash in the middle of a batch');
        }
      }
    },
  };
  return p;
}

let db: TestDatabase;
let store: PostgresEventStore;
const clock = new FakeClock('2026-03-02T09:00:00Z');

beforeEach(async () => {
  db = await createTestDatabase('projector');
  await PostgresEventStore.migrate(db.pool);
  await migrate(db.pool, READ_MODEL_MIGRATIONS, 'read_model_migrations');
  store = new PostgresEventStore({ pool: db.pool, now: () => clock.now() });
});
afterEach(async () => db.drop());

function runner(projection: Projection) {
  return new ProjectionRunner(projection, {
    pool: db.pool,
    store,
    clock,
    onChange: () => undefined,
    onError: () => undefined,
    batchSize: 50,
  });
}

async function counts(schema: string): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<{ stream_id: string; n: number }>(`SELECT stream_id, n FROM "${schema}".counts ORDER BY stream_id`);
  return Object.fromEntries(rows.map((r) => [r.stream_id, r.n]));
}

async function appendMany(streams: number, perStream: number): Promise<void> {
  for (let i = 0; i < perStream; i++) {
    for (let s = 0; s < streams; s++) await store.appendToStream(`s-${s}`, [newEvent('Counted', { i })], { expectedVersion: 'any' });
  }
}

describe('projection runner', () => {
  it('applies each event exactly once while the subscription and drains race each other', async () => {
    const r = runner(countingProjection());
    await r.init();
    r.start();
    await Promise.all([
      appendMany(5, 40),
      (async () => {
        for (let i = 0; i < 10; i++) await r.drain();
      })(),
    ]);
    await r.drain();
    await r.stop();
    expect(await counts(r.liveSchema)).toEqual({ 's-0': 40, 's-1': 40, 's-2': 40, 's-3': 40, 's-4': 40 });
    expect((await r.status()).lagEvents).toBe(0);
  });

  it('loses nothing and applies nothing twice when a batch dies midway and is retried', async () => {
    await appendMany(3, 10);
    await store.appendToStream('s-0', [newEvent('Counted', { tag: 'boom' })], { expectedVersion: 'any' });
    await appendMany(3, 10);
    const projection = countingProjection({ failOnce: 'boom' });
    const r = runner(projection);
    await r.init();
    await expect(r.drain()).rejects.toThrow('crash');
    expect(projection.failed).toBe(true);
    await r.drain();
    expect(await counts(r.liveSchema)).toEqual({ 's-0': 21, 's-1': 20, 's-2': 20 });
  });

  it('rebuilds from position 0 into a fresh generation identical to the live one, then swaps it in', async () => {
    const r = runner(countingProjection());
    await r.init();
    await appendMany(4, 25);
    await r.drain();
    const live = await counts(r.liveSchema);
    const before = r.liveSchema;
    await r.rebuild();
    expect(r.liveSchema).not.toBe(before);
    expect(await counts(r.liveSchema)).toEqual(live);
    const { rows } = await db.pool.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [before]);
    expect(rows).toHaveLength(0);
  });

  it('replays as of a past instant into a scratch schema without touching the live tables', async () => {
    const r = runner(countingProjection());
    await r.init();
    await appendMany(2, 5);
    const then = clock.now();
    clock.advanceMinutes(60);
    await appendMany(2, 7);
    await r.drain();
    const liveBefore = await counts(r.liveSchema);
    const asThen = await r.replay(
      then,
      async (q) => (await q.query<{ stream_id: string; n: number }>('SELECT stream_id, n FROM counts ORDER BY stream_id')).rows,
    );
    expect(asThen).toEqual([
      { stream_id: 's-0', n: 5 },
      { stream_id: 's-1', n: 5 },
    ]);
    expect(await counts(r.liveSchema)).toEqual(liveBefore);
    expect(liveBefore).toEqual({ 's-0': 12, 's-1': 12 });
    const scratch = await db.pool.query(`SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'rm_counting_replay%'`);
    expect(scratch.rows).toHaveLength(0);
  });

  it('runs in one process at a time: a second runner waits for the lock', async () => {
    const first = runner(countingProjection());
    const second = runner(countingProjection());
    await first.init();
    await second.init();
    first.start();
    await new Promise((r) => setTimeout(r, 300));
    second.start();
    await new Promise((r) => setTimeout(r, 300));
    expect(first.running).toBe(true);
    expect(second.running).toBe(false);
    await first.stop();
    await new Promise((r) => setTimeout(r, 2500));
    expect(second.running).toBe(true);
    await second.stop();
  });

  it('rebuilds on start when the projection version changed', async () => {
    const r1 = runner(countingProjection());
    await r1.init();
    await appendMany(1, 3);
    await r1.drain();
    const v2 = { ...countingProjection(), version: 2 };
    const r2 = runner(v2);
    await r2.init();
    expect(r2.liveSchema).not.toBe(r1.liveSchema);
    expect(await counts(r2.liveSchema)).toEqual({ 's-0': 3 });
  });
});
