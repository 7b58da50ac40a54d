/**
 * The replay measurement, in a process of its own so its peak RSS is the rebuild's alone (the
 * history generator's memory stays in the parent). Started by replay.ts with fork(); arguments: the
 * database URL and the time budget in ms. Rebuilds still running when the budget is spent are
 * reported by how far they got (their generation's checkpoint).
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { PROJECTIONS_LIST } from '#lib/platform';
import { systemClock } from '#lib/core';
import { TEAM_TEACH, teamTeachAudit } from '#lib/incidents';
import { londonDate } from '#lib/kernel';
import { TRAINING_MATRIX, trainingMatrix } from '#lib/workforce';
import { type Checkpoint, createPool, PostgresEventStore } from '#lib/event-store';
import { ReadModels, readCheckpoint, readModelDataSource, REBUILD_CHUNK, schemaName } from '#lib/read-models';
import { countStatements } from '#lib/testing';
import { RssSampler } from './stats.js';

export interface ProjectionReplay {
  name: string;
  seconds: number;
  /** Events the rebuild got through (all of them when it finished). */
  events: number;
  finished: boolean;
  error?: string;
}

export interface ReplayChildResult {
  readAll: { events: number; seconds: number };
  mode: 'all at once' | 'one after another';
  projections: ProjectionReplay[];
  rebuildSeconds: number;
  /** SQL statements the whole rebuild sent (every projection together). */
  statements: number;
  /** An auditor's answers as of the middle of the history: seconds each. */
  asOf: { instant: string; teamTeachSeconds: number; trainingMatrixSeconds: number };
  /** The batches' reads and writes, and the time folding. */
  batches: { reads: number; readMs: number; writes: number; writeMs: number; foldMs: number };
  peakRssDuringRebuild: number;
  vmHwm: number;
  /** With BENCH_PROFILE=1: client-side time per SQL statement during the rebuild. */
  sql?: { statement: string; calls: number; totalMs: number }[];
}

const sqlTimes = new Map<string, { calls: number; totalMs: number }>();

/** Times every query a pg client sends (text normalised), to see which statements a rebuild waits on. */
function profileSql(): void {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = (typeof first === 'string' ? first : (first?.text ?? '')).replace(/\s+/g, ' ').trim().slice(0, 110);
    const started = performance.now();
    const result = original.apply(this, args);
    if (result instanceof Promise) {
      const note = () => {
        const s = sqlTimes.get(text) ?? { calls: 0, totalMs: 0 };
        s.calls += 1;
        s.totalMs += performance.now() - started;
        sqlTimes.set(text, s);
      };
      result.then(note, note);
    }
    return result;
  };
}

async function main(url: string, budgetMs: number): Promise<ReplayChildResult> {
  const pool = createPool(url, 10);
  const store = new PostgresEventStore({ pool });
  // readAll on its own, in the chunk a rebuild reads.
  let from: Checkpoint | null = null;
  let total = 0;
  const readStarted = performance.now();
  for (;;) {
    const batch = await store.readAll(from, REBUILD_CHUNK);
    if (batch.length === 0) break;
    total += batch.length;
    from = batch[batch.length - 1]!.checkpoint;
  }
  const readAll = { events: total, seconds: (performance.now() - readStarted) / 1000 };

  if (process.env.BENCH_PROFILE) profileSql();
  const dataSource = await readModelDataSource(PROJECTIONS_LIST, { databaseUrl: url }).initialize();
  const readModels = new ReadModels(PROJECTIONS_LIST, { follow: false, tickMs: 0 }, pool, dataSource, store, systemClock);
  // Generation 1 of each, empty; the rebuild fills generation 2.
  await readModels.onApplicationBootstrap();
  const names = readModels.names();
  const sequential = process.env.BENCH_REPLAY_SEQUENTIAL === '1';
  const statements = countStatements();
  statements.reset();
  const sampler = new RssSampler();
  const started = performance.now();
  const outcomes = new Map<string, ProjectionReplay>();
  const rebuild = async (set: string[]) => {
    const t = performance.now();
    try {
      await readModels.rebuild(...set);
      for (const name of set) outcomes.set(name, { name, seconds: (performance.now() - t) / 1000, events: total, finished: true });
    } catch (err) {
      for (const name of set) {
        outcomes.set(name, { name, seconds: (performance.now() - t) / 1000, events: 0, finished: false, error: (err as Error).message });
      }
    }
  };
  const progress = async (name: string, since: number): Promise<ProjectionReplay> => {
    const checkpoint = await readCheckpoint(dataSource, schemaName(name, 2)).catch(() => null);
    const { rows } = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM events WHERE global_position <= $1', [
      checkpoint?.globalPosition ?? '0',
    ]);
    return { name, seconds: (performance.now() - since) / 1000, events: Number(rows[0]!.n), finished: false };
  };
  const withBudget = async (work: Promise<unknown>, ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work, new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  };

  if (sequential) {
    for (const name of names) {
      const t = performance.now();
      await withBudget(rebuild([name]), budgetMs / names.length);
      if (!outcomes.has(name)) outcomes.set(name, await progress(name, t));
    }
  } else {
    // All at once, as after a deploy that bumps every projection: one read of the store feeds every generation.
    await withBudget(rebuild(names), budgetMs);
    for (const name of names) if (!outcomes.has(name)) outcomes.set(name, await progress(name, started));
  }
  const rebuildSeconds = (performance.now() - started) / 1000;
  const rebuildStatements = statements.count();
  const batches = readModels.batchStats();
  const asOf = await measureAsOf(pool, readModels);
  return {
    readAll,
    mode: sequential ? 'one after another' : 'all at once',
    projections: names.map((name) => outcomes.get(name)!),
    rebuildSeconds,
    statements: rebuildStatements,
    batches,
    asOf,
    peakRssDuringRebuild: sampler.stop(),
    vmHwm: vmHwm(),
    sql: process.env.BENCH_PROFILE
      ? [...sqlTimes.entries()]
          .map(([statement, s]) => ({ statement, calls: s.calls, totalMs: Math.round(s.totalMs) }))
          .sort((a, b) => b.totalMs - a.totalMs)
          .slice(0, 25)
      : undefined,
  };
}

/**
 * The Team Teach audit (every school) and one school's training matrix as they stood at the
 * recorded time of the history's middle event, as the auditor's replay route answers them.
 */
async function measureAsOf(pool: pg.Pool, readModels: ReadModels): Promise<ReplayChildResult['asOf']> {
  const { rows } = await pool.query<{ at: Date; school: string; trust: string }>(
    `SELECT recorded_at AS at, metadata->>'schoolId' AS school, metadata->>'trustId' AS trust FROM events
      WHERE metadata->>'schoolId' IS NOT NULL ORDER BY global_position OFFSET (SELECT count(*) / 2 FROM events) LIMIT 1`,
  );
  const { at, school, trust } = rows[0]!;
  const { rows: schools } = await pool.query<{ id: string }>(
    `SELECT DISTINCT metadata->>'schoolId' AS id FROM events WHERE metadata->>'schoolId' IS NOT NULL`,
  );
  const time = async (work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    return (performance.now() - t) / 1000;
  };
  const teamTeachSeconds = await time(() =>
    readModels
      .runner(TEAM_TEACH)
      .replay(at, 'platform-job', (db) =>
        teamTeachAudit(db, { schoolIds: schools.map((s) => s.id), from: '2000-01-01', to: '2100-01-01', asOf: at.toISOString() }),
      ),
  );
  const trainingMatrixSeconds = await time(() =>
    readModels
      .runner(TRAINING_MATRIX)
      .replay(at, 'platform-job', (db) => trainingMatrix(db, { schoolId: school, trustId: trust, asOf: londonDate(at.toISOString()) })),
  );
  return { instant: at.toISOString(), teamTeachSeconds, trainingMatrixSeconds };
}

/** The process's peak resident set (kernel's high-water mark), in bytes. */
function vmHwm(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

main(process.argv[2]!, Number(process.argv[3])).then(
  // Rebuilds cut off by the budget are abandoned mid-transaction; the parent drops the database.
  (result) => process.send!(result, () => process.exit(0)),
  (err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  },
);
