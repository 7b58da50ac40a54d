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
import { type Checkpoint, createPool, PostgresEventStore } from '#lib/event-store';
import { ProjectionRunner, readCheckpoint, readModelDataSource, schemaName } from '#lib/read-models';
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
  // readAll on its own, in the batch size a rebuild reads with.
  let from: Checkpoint | null = null;
  let total = 0;
  const readStarted = performance.now();
  for (;;) {
    const batch = await store.readAll(from, 1000);
    if (batch.length === 0) break;
    total += batch.length;
    from = batch[batch.length - 1]!.checkpoint;
  }
  const readAll = { events: total, seconds: (performance.now() - readStarted) / 1000 };

  if (process.env.BENCH_PROFILE) profileSql();
  const dataSource = await readModelDataSource(PROJECTIONS_LIST, { databaseUrl: url }).initialize();
  const runners = PROJECTIONS_LIST.map(
    (p) => new ProjectionRunner(p, { dataSource, store, clock: systemClock, onChange: () => undefined, onError: () => undefined }),
  );
  const sequential = process.env.BENCH_REPLAY_SEQUENTIAL === '1';
  const sampler = new RssSampler();
  const started = performance.now();
  const outcomes = new Map<string, ProjectionReplay>();
  const rebuild = async (r: ProjectionRunner) => {
    const t = performance.now();
    try {
      await r.rebuild();
      outcomes.set(r.projection.name, { name: r.projection.name, seconds: (performance.now() - t) / 1000, events: total, finished: true });
    } catch (err) {
      outcomes.set(r.projection.name, {
        name: r.projection.name,
        seconds: (performance.now() - t) / 1000,
        events: 0,
        finished: false,
        error: (err as Error).message,
      });
    }
  };
  const progress = async (r: ProjectionRunner, since: number): Promise<ProjectionReplay> => {
    // A rebuild on an empty registry fills generation 1.
    const checkpoint = await readCheckpoint(dataSource, schemaName(r.projection.name, 1)).catch(() => null);
    const { rows } = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM events WHERE global_position <= $1', [
      checkpoint?.globalPosition ?? '0',
    ]);
    return { name: r.projection.name, seconds: (performance.now() - since) / 1000, events: Number(rows[0]!.n), finished: false };
  };
  const withBudget = async (work: Promise<unknown>, ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work, new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  };

  if (sequential) {
    for (const r of runners) {
      const t = performance.now();
      await withBudget(rebuild(r), budgetMs / runners.length);
      if (!outcomes.has(r.projection.name)) outcomes.set(r.projection.name, await progress(r, t));
    }
  } else {
    // All at once, as after a deploy that bumps every projection: each reads the store and fills its own generation.
    await withBudget(Promise.all(runners.map(rebuild)), budgetMs);
    for (const r of runners) if (!outcomes.has(r.projection.name)) outcomes.set(r.projection.name, await progress(r, started));
  }
  const rebuildSeconds = (performance.now() - started) / 1000;
  return {
    readAll,
    mode: sequential ? 'one after another' : 'all at once',
    projections: runners.map((r) => outcomes.get(r.projection.name)!),
    rebuildSeconds,
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
