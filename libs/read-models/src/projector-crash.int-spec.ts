import { spawn } from 'node:child_process';
import path from 'node:path';
import { newEvent, PostgresEventStore } from '#lib/event-store';
import { createTestDatabase, type TestDatabase } from '#lib/testing';
import { migrateReadModels } from './migrations.js';

const root = path.resolve(import.meta.dirname, '../../..');
const script = path.join(root, 'dist/libs/read-models/src/testing/counting-projector.js');
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('crash');
  await PostgresEventStore.migrate(db.pool);
  await migrateReadModels(db.url);
});
afterAll(async () => db.drop());

async function appliedSoFar(): Promise<number> {
  const { rows } = await db.pool.query<{ schema: string }>(
    `SELECT live_schema AS schema FROM read_model_registry WHERE name = 'crash-counting'`,
  );
  if (!rows[0]) return 0;
  const { rows: n } = await db.pool.query<{ n: number }>(`SELECT coalesce(sum(n), 0)::int AS n FROM "${rows[0].schema}".counts`);
  return n[0]!.n;
}

function runProjector(): { done: Promise<number | null>; kill(): void } {
  const child = spawn('node', [script], { env: { ...process.env, DATABASE_URL: db.url }, stdio: ['ignore', 'pipe', 'inherit'] });
  return { done: new Promise((resolve) => child.once('exit', (code) => resolve(code))), kill: () => child.kill('SIGKILL') };
}

it('a projector killed with SIGKILL in the middle of a batch and restarted loses nothing and applies nothing twice', async () => {
  const store = new PostgresEventStore({ pool: db.pool });
  const eventsPerStream = 30;
  const streamCount = 100;
  for (let i = 0; i < streamCount; i++) {
    await store.appendToStream(
      `pupil-${i}`,
      Array.from({ length: eventsPerStream }, (_, s) => newEvent('Counted', { s })),
      { expectedVersion: 'any' },
    );
  }
  const total = eventsPerStream * streamCount;

  let kills = 0;
  for (let round = 0; round < 2; round++) {
    const p = runProjector();
    const before = await appliedSoFar();
    const deadline = Date.now() + 60_000;
    while ((await appliedSoFar()) < before + 250 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    p.kill();
    await p.done;
    kills += 1;
  }
  const atKill = await appliedSoFar();
  console.log(`[crash] ${kills} SIGKILLs; ${atKill} of ${total} events applied when the last one landed`);
  expect(atKill).toBeGreaterThan(0);
  expect(atKill).toBeLessThan(total);

  const finish = runProjector();
  expect(await finish.done).toBe(0);
  const { rows } = await db.pool.query<{ schema: string }>(
    `SELECT live_schema AS schema FROM read_model_registry WHERE name = 'crash-counting'`,
  );
  const { rows: counts } = await db.pool.query<{ stream_id: string; n: number }>(`SELECT stream_id, n FROM "${rows[0]!.schema}".counts`);
  expect(counts).toHaveLength(streamCount);
  expect(counts.every((c) => c.n === eventsPerStream)).toBe(true);
  expect(await appliedSoFar()).toBe(total);
}, 180_000);
