import { FakeClock } from '#lib/core';
import { newEvent, PostgresEventStore, readAllEventually } from '#lib/event-store';
import { createTestDatabase, type TestDatabase, testReadModels } from '#lib/testing';
import { migrateReadModels } from './migrations.js';
import type { Projection } from './projection.js';
import { inGeneration } from './generations.js';
import { countingProjection, StreamCount } from './testing/counting.projection.js';

let db: TestDatabase;
let store: PostgresEventStore;
const clock = new FakeClock('2026-03-02T09:00:00Z');
const hosts: { close(): Promise<void> }[] = [];

beforeEach(async () => {
  db = await createTestDatabase('projector');
  await PostgresEventStore.migrate(db.pool);
  await migrateReadModels(db.url);
  store = new PostgresEventStore({ pool: db.pool, now: () => clock.now() });
});
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
  await db.drop();
});

/** The runtime on this test's database with one projection (following the store when asked). */
async function host(projection: Projection, follow = false) {
  const h = await testReadModels(db.url, [projection], { clock, follow, store });
  hosts.push(h);
  const rm = h.readModels;
  return Object.assign(rm, { live: () => rm.runner(projection.name).liveSchema, h });
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
    const r = await host(countingProjection(), true);
    await Promise.all([
      appendMany(5, 40),
      (async () => {
        for (let i = 0; i < 10; i++) await r.drainAll();
      })(),
    ]);
    await r.drainAll();
    expect(await counts(r.live())).toEqual({ 's-0': 40, 's-1': 40, 's-2': 40, 's-3': 40, 's-4': 40 });
    expect((await r.status())[0]!.lagEvents).toBe(0);
  });

  it('loses nothing and applies nothing twice when a batch dies midway and is retried', async () => {
    await appendMany(3, 10);
    await store.appendToStream('s-0', [newEvent('Counted', { tag: 'boom' })], { expectedVersion: 'any' });
    await appendMany(3, 10);
    const projection = countingProjection({ eventTypes: ['Counted'], failOnce: 'boom' });
    const r = await host(projection);
    await expect(r.drainAll()).rejects.toThrow('crash');
    expect(projection.failed).toBe(true);
    await r.drainAll();
    expect(await counts(r.live())).toEqual({ 's-0': 21, 's-1': 20, 's-2': 20 });
  });

  it('rebuilds from position 0 into a fresh generation identical to the live one, then swaps it in', async () => {
    const r = await host(countingProjection());
    await appendMany(4, 25);
    await r.drainAll();
    const live = await counts(r.live());
    const before = r.live();
    await r.rebuild('counting');
    expect(r.live()).not.toBe(before);
    expect(await counts(r.live())).toEqual(live);
    const { rows } = await db.pool.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [before]);
    expect(rows).toHaveLength(0);
  });

  it('replays as of a past instant into a scratch schema without touching the live tables', async () => {
    const r = await host(countingProjection());
    await appendMany(2, 5);
    const then = clock.now();
    clock.advanceMinutes(60);
    await appendMany(2, 7);
    await r.drainAll();
    const liveBefore = await counts(r.live());
    const asThen = await r.replay(
      'counting',
      then,
      { schoolIds: ['oakfield'], reader: { staffId: 'test-reader', caseManagerRoles: [] } },
      (q) => q.find(StreamCount, { select: { streamId: true, n: true }, order: { streamId: 'ASC' } }),
    );
    expect(asThen.map((c) => ({ ...c }))).toEqual([
      { streamId: 's-0', n: 5 },
      { streamId: 's-1', n: 5 },
    ]);
    expect(await counts(r.live())).toEqual(liveBefore);
    expect(liveBefore).toEqual({ 's-0': 12, 's-1': 12 });
    const scratch = await db.pool.query(`SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'rm_counting_replay%'`);
    expect(scratch.rows).toHaveLength(0);
  });

  it('runs in one process at a time: a second runner waits for the lock', async () => {
    const running = async (rm: Awaited<ReturnType<typeof host>>) => (await rm.status())[0]!.running;
    const first = await host(countingProjection(), true);
    await until(() => running(first));
    const second = await host(countingProjection(), true);
    await new Promise((r) => setTimeout(r, 300));
    expect(await running(first)).toBe(true);
    expect(await running(second)).toBe(false);
    await first.h.close();
    hosts.splice(hosts.indexOf(first.h), 1);
    await until(() => running(second));
    expect(await running(second)).toBe(true);
  });

  it('rebuilds on start when the projection version changed', async () => {
    const r1 = await host(countingProjection());
    await appendMany(1, 3);
    await r1.drainAll();
    const v2 = { ...countingProjection(), version: 2 };
    const r2 = await host(v2);
    expect(r2.live()).not.toBe(r1.live());
    expect(await counts(r2.live())).toEqual({ 's-0': 3 });
  });

  it('readers see only the rows of their schools, whatever the query asks for, and change nothing', async () => {
    const r = await host(countingProjection());
    const dataSource = r.h.readModels['dataSource'];
    const at = (school: string) => {
      const e = newEvent('Counted');
      return { ...e, metadata: { ...e.metadata, schoolId: school } };
    };
    await store.appendToStream('oak-1', [at('oakfield'), at('oakfield')], { expectedVersion: 'any' });
    await store.appendToStream('oak-2', [at('oakfield')], { expectedVersion: 'any' });
    await store.appendToStream('river-1', [at('riverside')], { expectedVersion: 'any' });
    await r.drainAll();
    const streams = (schoolIds: string[]) =>
      inGeneration(dataSource, r.live(), async (q) => (await q.find(StreamCount, { order: { streamId: 'ASC' } })).map((c) => c.streamId), {
        schoolIds,
        reader: { staffId: 'test-reader', caseManagerRoles: [] },
      });
    expect(await streams(['oakfield'])).toEqual(['oak-1', 'oak-2']);
    expect(await streams(['riverside'])).toEqual(['river-1']);
    expect(await streams(['oakfield', 'riverside'])).toEqual(['oak-1', 'oak-2', 'river-1']);
    expect(await streams([])).toEqual([]);
    const asReader = <T>(sql: string) =>
      inGeneration(dataSource, r.live(), (q) => q.query(sql) as Promise<T>, {
        schoolIds: ['riverside'],
        reader: { staffId: 'test-reader', caseManagerRoles: [] },
      });
    // A query that forgets its filter still sees one school.
    expect(await asReader<{ stream_id: string }[]>('SELECT stream_id FROM counts')).toEqual([{ stream_id: 'river-1' }]);
    await expect(asReader('UPDATE counts SET n = 0')).rejects.toThrow(/read-only transaction/);
    // The projector's bookkeeping is not readable at all.
    await expect(asReader('SELECT * FROM projection_checkpoint')).rejects.toThrow(/permission denied/);
    // The projector itself (not a reader) still sees and counts everything.
    const all = await inGeneration(dataSource, r.live(), (q) => q.count(StreamCount));
    expect(all).toBe(3);
  });

  it('moves its checkpoint past events of other types without applying them, and never back', async () => {
    const r = await host(countingProjection({ eventTypes: ['Counted'] }));
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
    expect(await r.runner('counting').checkpoint()).toEqual(all[all.length - 1]!.checkpoint);
    expect((await r.status())[0]!.lagEvents).toBe(0);
    expect(await counts(r.live())).toEqual({ 's-0': 2 });
  });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
