/**
 * A projector process for crash tests: applies a slow counting projection to DATABASE_URL until it
 * has caught up, then exits 0. Tests kill it with SIGKILL in the middle of a batch and start it again.
 */
import type pg from 'pg';
import { systemClock } from '../../../core/src/clock.js';
import { createPool } from '../../../event-store/src/postgres/database.js';
import { PostgresEventStore } from '../../../event-store/src/postgres/postgres-event-store.js';
import type { Projection } from '../projection.js';
import { ProjectionRunner } from '../projection-runner.js';

export const countingProjection: Projection = {
  name: 'crash-counting',
  version: 1,
  tables: `CREATE TABLE counts (stream_id text PRIMARY KEY, n integer NOT NULL)`,
  async apply(db: pg.PoolClient, events) {
    for (const e of events) {
      await db.query(`INSERT INTO counts (stream_id, n) VALUES ($1, 1) ON CONFLICT (stream_id) DO UPDATE SET n = counts.n + 1`, [
        e.streamId,
      ]);
      // Slow enough that a kill lands inside a batch.
      await new Promise((r) => setTimeout(r, 1));
    }
  },
};

async function main(): Promise<void> {
  const pool = createPool(process.env.DATABASE_URL!, 4);
  const runner = new ProjectionRunner(countingProjection, {
    pool,
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
  await pool.end();
}

if (process.argv[1]?.endsWith('counting-projector.js')) void main();
