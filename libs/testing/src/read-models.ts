import { type Clock, systemClock } from '#lib/core';
import { createPool, PostgresEventStore } from '#lib/event-store';
import { eventUpcasters } from '#lib/platform';
import { type Projection, ReadModels, type ReadModelOptions, readModelDataSource } from '#lib/read-models';

/**
 * The read-model runtime on a database of the test's own, without the platform: projections fed
 * from the PostgreSQL store, as the platform feeds them. `close` stops it and its connections.
 */
export async function testReadModels(
  databaseUrl: string,
  projections: Projection[],
  options: Partial<ReadModelOptions> & { clock?: Clock; store?: PostgresEventStore } = {},
): Promise<{ readModels: ReadModels; store: PostgresEventStore; close(): Promise<void> }> {
  const pool = createPool(databaseUrl, 6);
  const clock = options.clock ?? systemClock;
  const store = options.store ?? new PostgresEventStore({ pool, now: () => clock.now(), upcasters: eventUpcasters() });
  const dataSource = await readModelDataSource(projections, { databaseUrl, poolSize: 4 }).initialize();
  const readModels = new ReadModels(projections, { follow: false, tickMs: 0, ...options }, pool, dataSource, store, clock);
  await readModels.onApplicationBootstrap();
  return {
    readModels,
    store,
    async close() {
      await readModels.onApplicationShutdown();
      await pool.end();
    },
  };
}
