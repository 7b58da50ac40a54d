import type { DataSource } from 'typeorm';
import { FakeClock } from '#lib/core';
import { newEvent, PostgresEventStore, readAllEventually } from '#lib/event-store';
import { createTestDatabase, type TestDatabase } from '#lib/testing';
import { readModelDataSource } from './data-source.js';
import { migrateReadModels } from './migrations.js';
import type { Projection } from './projection.js';
import { inGeneration } from './generations.js';
import { ProjectionRunner } from './projection-runner.js';
import { countingProjection, StreamCount } from './testing/counting.projection.js';

let db: TestDatabase;
let store: PostgresEventStore;
let dataSource: DataSource;
const clock = new FakeClock('2026-03-02T09:00:00Z');

beforeEach(async () => {
  db = await createTestDatabase('projector');
  await PostgresEventStore.migrate(db.pool);
  await migrateReadModels(db.url);
  store = new PostgresEventStore({ pool: db.pool, now: () => clock.now() });
  dataSource = await readModelDataSource([countingProjection()], { databaseUrl: db.url }).initialize();
});
afterEach(async () => {
  await dataSource.destroy();
  await db.drop();
});

function runner(projection: Projection) {
  return new ProjectionRunner(projection, {
    dataSource,
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
    const projection = countingProjection({ eventTypes: ['Counted'], failOnce: 'boom' });
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
    const asThen = await r.replay(then, { schoolIds: ['oakfield'], reader: { staffId: 'test-reader', caseManagerRoles: [] } }, (q) =>
      q.find(StreamCount, { select: { streamId: true, n: true }, order: { streamId: 'ASC' } }),
    );
    expect(asThen.map((c) => ({ ...c }))).toEqual([
      { streamId: 's-0', n: 5 },
      { streamId: 's-1', n: 5 },
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

  it('readers see only the rows of their schools, whatever the query asks for, and change nothing', async () => {
    const r = runner(countingProjection());
    await r.init();
    const at = (school: string) => {
      const e = newEvent('Counted');
      return { ...e, metadata: { ...e.metadata, schoolId: school } };
    };
    await store.appendToStream('oak-1', [at('oakfield'), at('oakfield')], { expectedVersion: 'any' });
    await store.appendToStream('oak-2', [at('oakfield')], { expectedVersion: 'any' });
    await store.appendToStream('river-1', [at('riverside')], { expectedVersion: 'any' });
    await r.drain();
    const streams = (schoolIds: string[]) =>
      inGeneration(
        dataSource,
        r.liveSchema,
        async (q) => (await q.find(StreamCount, { order: { streamId: 'ASC' } })).map((c) => c.streamId),
        { schoolIds, reader: { staffId: 'test-reader', caseManagerRoles: [] } },
      );
    expect(await streams(['oakfield'])).toEqual(['oak-1', 'oak-2']);
    expect(await streams(['riverside'])).toEqual(['river-1']);
    expect(await streams(['oakfield', 'riverside'])).toEqual(['oak-1', 'oak-2', 'river-1']);
    expect(await streams([])).toEqual([]);
    const asReader = <T>(sql: string) =>
      inGeneration(dataSource, r.liveSchema, (q) => q.query(sql) as Promise<T>, {
        schoolIds: ['riverside'],
        reader: { staffId: 'test-reader', caseManagerRoles: [] },
      });
    // A query that forgets its filter still sees one school.
    expect(await asReader<{ stream_id: string }[]>('SELECT stream_id FROM counts')).toEqual([{ stream_id: 'river-1' }]);
    await expect(asReader('UPDATE counts SET n = 0')).rejects.toThrow(/read-only transaction/);
    // The projector's bookkeeping is not readable at all.
    await expect(asReader('SELECT * FROM projection_checkpoint')).rejects.toThrow(/permission denied/);
    // The projector itself (not a reader) still sees and counts everything.
    const all = await inGeneration(dataSource, r.liveSchema, (q) => q.count(StreamCount));
    expect(all).toBe(3);
  });

  it('moves its checkpoint past events of other types without applying them, and never back', async () => {
    const r = runner(countingProjection({ eventTypes: ['Counted'] }));
    await r.init();
    await store.appendToStream('s-0', [newEvent('Counted'), newEvent('Counted')], { expectedVersion: 'any' });
    await store.appendToStream('other', [newEvent('Ignored'), newEvent('Ignored'), newEvent('Ignored')], { expectedVersion: 'any' });
    const all = await readAllEventually(store, null, 5, 100);
    expect(all).toHaveLength(5);
    const ignored = all.filter((e) => e.type === 'Ignored');
    expect(await r.applyBatch(all.slice(0, 2))).toBe(2);
    expect(await r.applyBatch(ignored.slice(0, 1))).toBe(1);
    // Delivered again, and a batch straddling the checkpoint: only what lies beyond it counts.
    expect(await r.applyBatch(ignored.slice(0, 1))).toBe(0);
    expect(await r.applyBatch(ignored)).toBe(2);
    expect(await r.applyBatch(all.slice(0, 2))).toBe(0);
    expect(await r.checkpoint()).toEqual(all[all.length - 1]!.checkpoint);
    expect((await r.status()).lagEvents).toBe(0);
    expect(await counts(r.liveSchema)).toEqual({ 's-0': 2 });
  });
});
