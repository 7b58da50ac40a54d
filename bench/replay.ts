/** Replay: a generated history of realistic events, then every registered projection rebuilt from it. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { migrateAll, PROJECTIONS_LIST } from '#lib/platform';
import { PostgresEventStore } from '#lib/event-store';
import { createBenchDatabase } from './database.js';
import { loadHistory } from './load-history.js';
import type { ReplayChildResult } from './replay-child.js';
import { round } from './stats.js';

export interface ReplayResult {
  events: number;
  schools: number;
  streams: number;
  generation: { seconds: number; eventsPerSecond: number; skippedCommands: number };
  typeMix: Record<string, number>;
  verify?: { ok: boolean; checkedEvents: number; seconds: number; reason?: string };
  readAll: { eventsPerSecond: number; seconds: number };
  projections: { name: string; seconds: number; events: number; finished: boolean; eventsPerSecond: number; error?: string }[];
  rebuild: {
    mode: ReplayChildResult['mode'];
    budgetSeconds: number;
    projections: number;
    finished: boolean;
    seconds: number;
    /** Events through every projection per second: the slowest projection's rate when some did not finish. */
    eventsPerSecond: number;
    peakRssBytes: number;
    vmHwmBytes: number;
  };
  sql?: ReplayChildResult['sql'];
}

export async function benchReplay(options: {
  events: number;
  schools: number;
  verify: boolean;
  budgetSeconds: number;
  log: (line: string) => void;
}): Promise<ReplayResult> {
  const db = await createBenchDatabase('replay', 4);
  try {
    await migrateAll(db.url);
    options.log(`  generating ${options.events.toLocaleString('en-GB')} events across ${options.schools} schools…`);
    const loaded = await loadHistory(db.pool, options.events, options.schools, (n) =>
      options.log(`    ${n.toLocaleString('en-GB')} written`),
    );
    options.log(`  generated and written in ${round(loaded.seconds)} s (${loaded.skippedCommands} refused commands skipped)`);
    const { rows: mix } = await db.pool.query<{ type: string; n: string }>(
      'SELECT type, count(*)::text AS n FROM events GROUP BY type ORDER BY 2 DESC',
    );

    let verify: ReplayResult['verify'];
    if (options.verify) {
      const started = performance.now();
      const result = await new PostgresEventStore({ pool: db.pool }).verify();
      verify = {
        ok: result.ok,
        checkedEvents: result.checkedEvents,
        seconds: round((performance.now() - started) / 1000),
        reason: result.reason,
      };
      options.log(`  verify(): ${result.ok ? 'ok' : `BROKEN: ${result.reason}`} (${result.checkedEvents} events, ${verify.seconds} s)`);
    }

    options.log(
      `  rebuilding ${PROJECTIONS_LIST.length} projection(s): ${PROJECTIONS_LIST.map((p) => p.name).join(', ') || '(none registered)'}`,
    );
    const child = await runChild(db.url, options.budgetSeconds * 1000);
    const finished = child.projections.every((p) => p.finished);
    const rates = child.projections.map((p) => p.events / p.seconds);
    const n = loaded.events;
    return {
      events: n,
      schools: options.schools,
      streams: loaded.streams,
      generation: {
        seconds: round(loaded.seconds),
        eventsPerSecond: round(n / loaded.seconds, 0),
        skippedCommands: loaded.skippedCommands,
      },
      typeMix: Object.fromEntries(mix.map((r) => [r.type, Number(r.n)])),
      verify,
      readAll: { eventsPerSecond: round(child.readAll.events / child.readAll.seconds, 0), seconds: round(child.readAll.seconds) },
      projections: child.projections.map((p) => ({ ...p, seconds: round(p.seconds), eventsPerSecond: round(p.events / p.seconds, 0) })),
      rebuild: {
        mode: child.mode,
        budgetSeconds: options.budgetSeconds,
        projections: child.projections.length,
        finished,
        seconds: round(child.rebuildSeconds),
        eventsPerSecond: round(finished ? n / child.rebuildSeconds : Math.min(...rates), 0),
        peakRssBytes: child.peakRssDuringRebuild,
        vmHwmBytes: child.vmHwm,
      },
      sql: child.sql,
    };
  } finally {
    await db.drop();
  }
}

function runChild(url: string, budgetMs: number): Promise<ReplayChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./replay-child.js', import.meta.url)), [url, String(budgetMs)], {
      execArgv: process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=bench/profiles'] : [],
    });
    let result: ReplayChildResult | undefined;
    child.on('message', (m) => (result = m as ReplayChildResult));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`replay process exited with ${code}`))));
  });
}
