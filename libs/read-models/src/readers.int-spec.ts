import type { DataSource } from 'typeorm';
import { FakeClock } from '#lib/core';
import { createPool, newEvent, PostgresEventStore } from '#lib/event-store';
import { countStatements, createTestDatabase, type TestDatabase } from '#lib/testing';
import { readModelDataSource } from './data-source.js';
import { migrateReadModels } from './migrations.js';
import { ReadModels } from './read-models.js';
import { countingProjection, StreamCount } from './testing/counting.projection.js';

let db: TestDatabase;
let readModels: ReadModels;
let readers: DataSource;
let close: () => Promise<void>;
const clock = new FakeClock('2026-03-02T09:00:00Z');
const statements = countStatements();

beforeAll(async () => {
  db = await createTestDatabase('readers');
  await PostgresEventStore.migrate(db.pool);
  await migrateReadModels(db.url);
  const pool = createPool(db.url, 4);
  const store = new PostgresEventStore({ pool, now: () => clock.now() });
  const projections = [countingProjection()];
  const dataSource = await readModelDataSource(projections, { databaseUrl: db.url, poolSize: 2 }).initialize();
  // One reader connection, so every read below lands on the connection the read before set up.
  readers = await readModelDataSource(projections, { databaseUrl: db.url, asReader: true, poolSize: 1 }).initialize();
  readModels = new ReadModels(projections, { follow: false, tickMs: 0 }, pool, dataSource, store, clock, readers);
  await readModels.onApplicationBootstrap();
  close = async () => {
    await readModels.onApplicationShutdown();
    await pool.end();
  };
  const at = (school: string) => {
    const e = newEvent('Counted');
    return { ...e, metadata: { ...e.metadata, schoolId: school } };
  };
  await store.appendToStream('oak-1', [at('oakfield')], { expectedVersion: 'any' });
  await store.appendToStream('river-1', [at('riverside')], { expectedVersion: 'any' });
  await readModels.drainAll();
});
afterAll(async () => {
  await close();
  await db.drop();
});

const scopeOf = (school: string, staffId = 'reader-1') => ({ schoolIds: [school], reader: { staffId, caseManagerRoles: [] } });
const streams = (school: string, staffId?: string) =>
  readModels.read('counting', scopeOf(school, staffId), async (q) => (await q.find(StreamCount)).map((c) => c.streamId));

describe('readers', () => {
  it('send the setup once for reads set up alike on a connection, and again for any other scope', async () => {
    expect(await streams('oakfield')).toEqual(['oak-1']);
    statements.reset();
    expect(await streams('oakfield')).toEqual(['oak-1']);
    expect(statements.count()).toBe(1);

    // Another school, another reader, then the first again: each set up before it reads.
    statements.reset();
    expect(await streams('riverside')).toEqual(['river-1']);
    expect(await streams('riverside', 'reader-2')).toEqual(['river-1']);
    expect(await streams('oakfield')).toEqual(['oak-1']);
    expect(statements.count()).toBe(6);
  });

  it('set the connection up again after a read that failed', async () => {
    await expect(readModels.read('counting', scopeOf('riverside'), (q) => q.query('SELECT * FROM projection_checkpoint'))).rejects.toThrow(
      /permission denied/,
    );
    statements.reset();
    expect(await streams('riverside')).toEqual(['river-1']);
    expect(statements.count()).toBe(2);
  });

  it('follow a rebuild to the generation swapped in', async () => {
    const before = readModels.runner('counting').liveSchema;
    expect(await streams('oakfield')).toEqual(['oak-1']);
    await readModels.rebuild('counting');
    expect(readModels.runner('counting').liveSchema).not.toBe(before);
    const [{ path }] = await readModels.read('counting', scopeOf('oakfield'), (q) =>
      q.query('SELECT current_setting($1) AS path', ['search_path']),
    );
    expect(path).toBe(`"${readModels.runner('counting').liveSchema}"`);
    expect(await streams('oakfield')).toEqual(['oak-1']);
  });

  it('refuse to read together projections that have a table of the same name', async () => {
    const other = new ReadModels(
      [countingProjection(), countingProjection({ name: 'recount' })],
      { follow: false, tickMs: 0 },
      readModels['pool'],
      readModels['dataSource'],
      readModels['store'],
      clock,
      readers,
    );
    await expect(other.read(['counting', 'recount'], scopeOf('oakfield'), async () => 0)).rejects.toThrow(/both have a table counts/);
  });
});
