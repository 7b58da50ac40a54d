/**
 * `npm run bench`: appends against the ceiling and a peer, replay into every projection, concern →
 * alert latency (in process and through Kafka) and HTTP under load. Prints a table, writes bench/results.json.
 *
 * DATABASE_URL   a PostgreSQL server the benchmark may create and drop databases on (required)
 * BENCH_QUICK=1  a 1–2 minute smoke run
 * BENCH_EVENTS   events in the replay history (default 1,000,000; quick 50,000)
 * BENCH_ONLY     comma-separated subset: appends,replay,latency,kafka,http,reads
 * BENCH_VERIFY=1 check the generated history's hash chains (always in quick runs)
 * BENCH_REPLAY_BUDGET  seconds the projection rebuild may take before it is cut off and measured
 *                by how far it got (default 300; quick 60)
 * BENCH_REPLAY_SEQUENTIAL=1  rebuild projections one after another (budget shared), to see each alone
 * BENCH_PROFILE=1  time every SQL statement of the rebuild and write CPU profiles to bench/profiles
 */
import { writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { benchAppends, type AppendsResult, type System, type Workload } from './appends.js';
import { adminQuery, serverUrl } from './database.js';
import { benchHttp, type HttpResult } from './http.js';
import { benchKafkaLatency, type KafkaLatencyResult } from './kafka-latency.js';
import { benchLatency, type LatencyResult } from './latency.js';
import { benchReads, type ReadsResult } from './reads.js';
import { benchReplay, type ReplayResult } from './replay.js';
import { mb, round, table } from './stats.js';

interface Target {
  name: string;
  value: string;
  target: string;
  met: boolean | null;
}

const quick = process.env.BENCH_QUICK === '1';
const only = new Set((process.env.BENCH_ONLY ?? 'appends,replay,latency,kafka,http,reads').split(',').map((s) => s.trim()));
const settings = {
  appendSeconds: quick ? 2 : 5,
  appendRounds: quick ? 1 : 3,
  events: Number(process.env.BENCH_EVENTS ?? (quick ? 50_000 : 1_000_000)),
  schools: 40,
  verify: quick || process.env.BENCH_VERIFY === '1',
  replayBudgetSeconds: Number(process.env.BENCH_REPLAY_BUDGET ?? (quick ? 60 : 300)),
  steadySeconds: quick ? 10 : 60,
  rate: 20,
  burst: quick ? 100 : 500,
  httpSeconds: quick ? 2 : 5,
  httpLevels: [1, 4, 16, 64],
  readsSeconds: quick ? 3 : 10,
  manyAlerts: quick ? 2000 : 7000,
};

const log = (line: string) => process.stderr.write(`${line}\n`);

async function machine() {
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const [pg] = await adminQuery<{ version: string }>(serverUrl(), 'SELECT version()');
  const [settingsRow] = await adminQuery<{ sc: string; sb: string; fs: string }>(
    serverUrl(),
    "SELECT current_setting('synchronous_commit') AS sc, current_setting('shared_buffers') AS sb, current_setting('fsync') AS fs",
  );
  return {
    nproc: os.availableParallelism(),
    cpu,
    ramGb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    /** Other work on the machine skews every number: the 1, 5 and 15 minute load averages at the start. */
    loadAverage: os.loadavg().map((l) => round(l, 2)),
    postgres: pg?.version ?? 'unknown',
    postgresSettings: { synchronous_commit: settingsRow?.sc, shared_buffers: settingsRow?.sb, fsync: settingsRow?.fs },
  };
}

function appendTargets(a: AppendsResult): { rows: (string | number)[][]; targets: Target[] } {
  const eps = (w: Workload, s: System) => a.measurements.find((m) => m.workload === w && m.system === s)!.eventsPerSecond;
  const ceilingName: Record<Workload, string> = {
    'single, 1 writer': 'single-row INSERT, 1 connection',
    'single, 8 writers': 'single-row INSERT, 8 connections',
    'batch of 100, 8 writers': '100-row INSERT, 8 connections',
  };
  const need: Record<Workload, number> = { 'single, 1 writer': 0.7, 'single, 8 writers': 0.7, 'batch of 100, 8 writers': 0.5 };
  const overEmmett = 1.2;
  const rows: (string | number)[][] = [];
  const targets: Target[] = [];
  for (const w of Object.keys(need) as Workload[]) {
    const ceiling = eps(w, 'ceiling');
    const ours = eps(w, 'ours');
    const emmett = eps(w, 'emmett');
    rows.push([w, ceiling, ours, emmett, (ours / ceiling).toFixed(2), (ours / emmett).toFixed(2)]);
    targets.push({
      name: `appends ${w}: ours / ceiling (${ceilingName[w]})`,
      value: `${(ours / ceiling).toFixed(2)}×`,
      target: `≥ ${need[w]}×`,
      met: ours / ceiling >= need[w],
    });
    targets.push({
      name: `appends ${w}: ours / Emmett`,
      value: `${(ours / emmett).toFixed(2)}×`,
      target: `≥ ${overEmmett}×`,
      met: ours / emmett >= overEmmett,
    });
  }
  return { rows, targets };
}

async function main(): Promise<void> {
  serverUrl();
  const started = new Date();
  const m = await machine();
  log(`bench (${quick ? 'quick' : 'full'}) on ${m.nproc} × ${m.cpu}, ${m.ramGb} GB, ${m.postgres.split(',')[0]}`);
  const results: {
    mode: string;
    startedAt: string;
    seconds?: number;
    loadAverageAtEnd?: number[];
    machine: typeof m;
    settings: typeof settings;
    appends?: AppendsResult;
    replay?: ReplayResult;
    latency?: LatencyResult;
    kafka?: KafkaLatencyResult;
    http?: HttpResult;
    reads?: ReadsResult;
    targets: Target[];
  } = { mode: quick ? 'quick' : 'full', startedAt: started.toISOString(), machine: m, settings, targets: [] };
  const out: string[] = [];

  if (only.has('appends')) {
    log(`\n1. appends (${settings.appendSeconds} s per run, ${settings.appendRounds} round(s), interleaved; median round reported)`);
    results.appends = await benchAppends({ seconds: settings.appendSeconds, rounds: settings.appendRounds, log });
    const { rows, targets } = appendTargets(results.appends);
    results.targets.push(...targets);
    out.push(
      `Appends (events/s; ConcernRaised ${results.appends.eventBytes.data} B data + ${results.appends.eventBytes.metadata} B metadata; median of ${settings.appendRounds} interleaved rounds × ${settings.appendSeconds} s)`,
      table(['workload', 'ceiling', 'ours', 'Emmett', 'ours/ceiling', 'ours/Emmett'], rows),
    );
  }

  if (only.has('replay')) {
    log(`\n2. replay`);
    const r = (results.replay = await benchReplay({
      events: settings.events,
      schools: settings.schools,
      verify: settings.verify,
      budgetSeconds: settings.replayBudgetSeconds,
      log,
    }));
    const cut = r.rebuild.finished ? '' : ` — cut off after the ${r.rebuild.budgetSeconds} s budget, rates from how far each got`;
    out.push(
      `\nReplay (${r.events.toLocaleString('en-GB')} events, ${r.schools} schools, ${r.streams.toLocaleString('en-GB')} streams; generated in ${r.generation.seconds} s; rebuilt ${r.rebuild.mode}${cut})`,
      table(
        ['what', 'seconds', 'events', 'events/s', 'note'],
        [
          ['readAll alone (batches of 1000)', r.readAll.seconds, r.events, r.readAll.eventsPerSecond, ''],
          ...r.projections.map((p) => [
            `rebuild ${p.name}`,
            p.seconds,
            p.events,
            p.eventsPerSecond,
            p.error ? `FAILED: ${p.error.slice(0, 60)}` : p.finished ? 'finished' : 'cut off',
          ]),
          [
            `all ${r.rebuild.projections} projections`,
            r.rebuild.seconds,
            r.rebuild.finished ? r.events : '-',
            r.rebuild.eventsPerSecond,
            `peak RSS ${mb(r.rebuild.peakRssBytes)} MB${r.rebuild.finished ? '' : ' (slowest projection’s rate)'}`,
          ],
        ],
      ),
    );
    if (r.sql) {
      out.push(
        '\nRebuild SQL, client-side time per statement (BENCH_PROFILE=1)',
        table(
          ['statement', 'calls', 'total ms', 'ms/call'],
          r.sql.slice(0, 15).map((q) => [q.statement, q.calls, q.totalMs, round(q.totalMs / q.calls, 2)]),
        ),
      );
    }
    const failed = r.projections.some((p) => p.error);
    const ratio = r.rebuild.eventsPerSecond / r.readAll.eventsPerSecond;
    const b = r.rebuild.batches;
    out.push(
      `rebuild / readAll alone: ${ratio.toFixed(3)}× · ${r.rebuild.statements} statements (${r.rebuild.statementsPerEvent} per event) · ` +
        `${b.reads} reads (${round(b.readMs / 1000)} s), ${b.writes} writes (${round(b.writeMs / 1000)} s), folding ${round(b.foldMs / 1000)} s`,
      `as of ${r.asOf.instant} (the middle of the history): Team Teach audit ${round(r.asOf.teamTeachSeconds, 2)} s, training matrix ${round(r.asOf.trainingMatrixSeconds, 2)} s`,
    );
    results.targets.push({
      name: `rebuild of all ${r.rebuild.projections} projections at once / readAll alone (same run)`,
      value: `${ratio.toFixed(3)}× (${r.rebuild.eventsPerSecond.toLocaleString('en-GB')} / ${r.readAll.eventsPerSecond.toLocaleString('en-GB')} events/s)${failed ? ', a projection failed' : ''}`,
      target: '≥ 0.5×',
      met: r.rebuild.projections === 0 ? null : !failed && ratio >= 0.5,
    });
    results.targets.push({
      name: 'rebuild peak RSS',
      value: `${mb(r.rebuild.peakRssBytes)} MB (VmHWM ${mb(r.rebuild.vmHwmBytes)} MB)`,
      target: '≤ 512 MB',
      met: r.rebuild.projections === 0 ? null : r.rebuild.vmHwmBytes <= 512 * 1024 * 1024,
    });
    results.targets.push({
      name: 'SQL statements per event in the rebuild (counted)',
      value: String(r.rebuild.statementsPerEvent),
      target: '≤ 0.2',
      met: r.rebuild.statementsPerEvent <= 0.2,
    });
    for (const [what, seconds] of [
      ['Team Teach audit', r.asOf.teamTeachSeconds],
      ['training matrix', r.asOf.trainingMatrixSeconds],
    ] as const) {
      results.targets.push({
        name: `${what} as of a past instant (${r.events.toLocaleString('en-GB')} events)`,
        value: `${round(seconds, 2)} s`,
        target: '≤ 2 s',
        met: seconds <= 2,
      });
    }
  }

  if (only.has('latency')) {
    log(`\n3. concern → alert latency`);
    const l = (results.latency = await benchLatency({
      steadySeconds: settings.steadySeconds,
      rate: settings.rate,
      burst: settings.burst,
      log,
    }));
    const label = l.target === 'alert' ? `alert (${l.projection})` : `${l.target} — NO ALERTS PROJECTION ANSWERED`;
    out.push(
      `\nConcern → DSL alert latency, in process (ms from append accepted to ${label})`,
      table(
        ['scenario', 'concerns', 'p50', 'p99', 'p99.9', 'max', 'missing'],
        [
          ...l.runs.map((r) => [
            r.scenario,
            r.concerns,
            r.fromAccepted.p50,
            r.fromAccepted.p99,
            r.fromAccepted.p999,
            r.fromAccepted.max,
            r.missing,
          ]),
        ],
      ),
    );
    const [steady, burst] = l.runs;
    if (steady && burst) {
      const ratio = burst.fromAccepted.p99 / steady.fromAccepted.p99;
      out.push(
        `burst p99 / steady p99: ${ratio.toFixed(2)}× · statements per concern, raised to alerted: steady ${steady.statementsPerConcern}, burst ${burst.statementsPerConcern}`,
      );
      const measured = l.target === 'alert' && burst.missing === 0;
      results.targets.push({
        name: `alert latency p99, in process, ${burst.scenario}`,
        value: `${burst.fromAccepted.p99} ms`,
        target: '≤ 100 ms',
        met: measured ? burst.fromAccepted.p99 <= 100 : null,
      });
      results.targets.push({
        name: 'alert latency, in process: burst p99 / steady p99 (same run)',
        value: `${ratio.toFixed(2)}×`,
        target: '≤ 3×',
        met: measured && steady.missing === 0 ? ratio <= 3 : null,
      });
      results.targets.push({
        name: 'SQL statements per concern raised, live path (counted)',
        value: String(steady.statementsPerConcern),
        target: '≤ 15',
        met: steady.statementsPerConcern <= 15,
      });
    }
  }

  if (only.has('kafka')) {
    log(`\n3b. concern → alert latency through Kafka (broker, PostgreSQL and five processes)`);
    const k = (results.kafka = await benchKafkaLatency({
      steadySeconds: settings.steadySeconds,
      rate: settings.rate,
      burst: settings.burst,
      log,
    }));
    out.push(
      `\nConcern → DSL alert latency through Kafka (ms from the gateway's 201 to the alert on the DSL's event stream at the gateway)`,
      table(
        ['scenario', 'concerns', 'p50', 'p99', 'p99.9', 'max', 'missing'],
        k.runs.map((r) => [
          r.scenario,
          r.concerns,
          r.fromAccepted.p50,
          r.fromAccepted.p99,
          r.fromAccepted.p999,
          r.fromAccepted.max,
          r.missing,
        ]),
      ),
      `where the time goes (p50 / p99 ms from the 201): to the relay's send (Kafka CreateTime), to a consumer of the bench's own, to the alert on the stream`,
      table(
        ['scenario', 'relay sent', 'consumer', 'alert'],
        k.runs.map((r) => [
          r.scenario,
          `${r.toRelaySent.p50} / ${r.toRelaySent.p99}`,
          `${r.toConsumer.p50} / ${r.toConsumer.p99}`,
          `${r.fromAccepted.p50} / ${r.fromAccepted.p99}`,
        ]),
      ),
    );
    for (const r of k.runs.filter((run) => run.scenario.startsWith('burst'))) {
      results.targets.push({
        name: `alert latency p99, through Kafka, ${r.scenario}`,
        value: `${r.fromAccepted.p99} ms`,
        target: '≤ 500 ms',
        met: r.missing === 0 ? r.fromAccepted.p99 <= 500 : false,
      });
    }
  }

  if (only.has('http')) {
    log(`\n4. HTTP`);
    const h = (results.http = await benchHttp({ seconds: settings.httpSeconds, levels: settings.httpLevels, log }));
    out.push(
      `\nHTTP ${h.route} (autocannon, ${h.secondsPerLevel} s per level)`,
      table(
        ['connections', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'],
        h.levels.map((l) => [l.connections, l.requestsPerSecond, l.p50, l.p99, l.non2xx, l.errors]),
      ),
      h.knee
        ? `knee: from ${h.knee.before} to ${h.knee.connections} connections p99 grows faster than throughput`
        : 'knee: not reached (p99 never grew faster than throughput)',
    );
  }

  if (only.has('reads')) {
    log(`\n5. reads over HTTP (${settings.readsSeconds} s each at 50 connections)`);
    const rd = (results.reads = await benchReads({ seconds: settings.readsSeconds, manyAlerts: settings.manyAlerts, log }));
    out.push(
      `\nReads over HTTP (autocannon, ${rd.connections} connections, ${rd.seconds} s each)`,
      table(
        ['route', 'alerts in the school', 'req/s', 'p50 ms', 'p99 ms', 'bytes', 'non-2xx'],
        rd.runs.map((r) => [r.route, r.alertsInSchool, r.requestsPerSecond, r.p50, r.p99, r.bytes, r.non2xx]),
      ),
    );
    const alerts = rd.runs.filter((r) => r.route === 'GET /api/alerts');
    const health = rd.runs.filter((r) => r.route === 'GET /api/health');
    const few = alerts.find((r) => r.alertsInSchool < settings.manyAlerts)!;
    const many = alerts.find((r) => r.alertsInSchool === settings.manyAlerts)!;
    const healthRate = Math.max(...health.map((r) => r.requestsPerSecond));
    results.targets.push({
      name: `GET /api/alerts with ${settings.manyAlerts.toLocaleString('en-GB')} alerts / with 10 (same run)`,
      value: `${(many.requestsPerSecond / few.requestsPerSecond).toFixed(2)}×`,
      target: '≥ 0.8×',
      met: many.non2xx === 0 && many.requestsPerSecond / few.requestsPerSecond >= 0.8,
    });
    results.targets.push({
      name: 'reads (GET /api/alerts) / GET /api/health at 50 connections',
      value: `${(many.requestsPerSecond / healthRate).toFixed(2)}×`,
      target: '≥ 0.5×',
      met: many.requestsPerSecond / healthRate >= 0.5,
    });
  }

  results.seconds = round((Date.now() - started.getTime()) / 1000, 0);
  results.loadAverageAtEnd = os.loadavg().map((l) => round(l, 2));
  out.push(
    `\nTargets`,
    table(
      ['target', 'measured', 'wanted', 'result'],
      results.targets.map((t) => [t.name, t.value, t.target, t.met === null ? 'not measured' : t.met ? 'met' : 'NOT MET']),
    ),
  );
  process.stdout.write(`\n${out.join('\n')}\n\n(${results.seconds} s in all)\n`);
  await mkdir('bench', { recursive: true });
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  log('wrote bench/results.json');
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
