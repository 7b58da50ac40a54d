/**
 * A projector process for crash tests: applies a slow counting projection to DATABASE_URL until it
 * has caught up, then exits 0. Tests kill it with SIGKILL in the middle of a batch and start it again.
 */
import { systemClock } from '#lib/core';
import { createPool, PostgresEventStore } from '#lib/event-store';
import { readModelDataSource } from '../data-source.js';
import { ProjectionRunner } from '../projection-runner.js';
import { countingProjection } from './counting.projection.js';

export const CRASH_COUNTING = 'crash-counting';

async function main(): Promise<void> {
  const pool = createPool(process.env.DATABASE_URL!, 4);
  const projection = countingProjection({ name: CRASH_COUNTING, delayMs: 1 });
  const dataSource = await readModelDataSource([projection], { databaseUrl: process.env.DATABASE_URL!, poolSize: 4 }).initialize();
  const runner = new ProjectionRunner(projection, {
    dataSource,
    store: new PostgresEventStore({ pool }),
    clock: systemClock,
    onChange: () => undefined,
    onError: (err) => console.error(err),
    batchSize: 100,
  });
  await runner.init();
  process.stdout.write('ready\n');
  await runner.drain(120_000);
  process.stdout.write('caught up\n');
  await dataSource.destroy();
  await pool.end();
}

if (process.argv[1]?.endsWith('counting-projector.js')) void main();
