/**
 * Replays a projection as it stood at a past instant and prints it as JSON or CSV:
 *   npm run replay -- --projection team-teach --as-of 2026-03-01 --format csv
 * Options: --projection alerts|team-teach|training-matrix|cover-ledger|chronology (required),
 * --as-of <YYYY-MM-DD (end of that London day) | ISO instant> (default now), --format json|csv,
 * --school <id> (default every school), --from/--to (team-teach), --date (training-matrix),
 * --week (cover-ledger), --pupil <id> (chronology, required). Needs DATABASE_URL.
 * It builds into a scratch schema and drops it; the live read models are never touched. It reads as a
 * platform job (every school named), as whoever holds the database's credentials could.
 */
import { parseArgs } from 'node:util';
import type { EntityManager } from 'typeorm';
import { ALERTS_PROJECTION, alertThresholdsFromEnv, listAlerts } from '#lib/alerts';
import { systemClock } from '#lib/core';
import { coverLedger, isoWeekOf, trainingMatrix } from '#lib/workforce';
import { createPool, PostgresEventStore } from '#lib/event-store';
import { asOfInstant, replayCsv, type ReplayResult } from '#lib/audit';
import { pupilChronology } from '#lib/chronology';
import { eventUpcasters, platformAlertsProjection, READ_PROJECTIONS } from '#lib/platform';
import { isoWeekMonday, londonDate } from '#lib/kernel';
import { schoolYearStart, teamTeachAudit } from '#lib/incidents';
import { type Projection, readModelDataSource, standaloneRunner } from '#lib/read-models';

const PROJECTIONS = ['alerts', 'team-teach', 'training-matrix', 'cover-ledger', 'chronology'] as const;
type Name = (typeof PROJECTIONS)[number];

function fail(message: string): never {
  process.stderr.write(`replay: ${message}\n`);
  process.exit(2);
}

const { values: args } = parseArgs({
  options: {
    projection: { type: 'string' },
    'as-of': { type: 'string' },
    format: { type: 'string', default: 'json' },
    school: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    date: { type: 'string' },
    week: { type: 'string' },
    pupil: { type: 'string' },
  },
});

const name = args.projection as Name;
if (!PROJECTIONS.includes(name)) fail(`--projection must be one of ${PROJECTIONS.join(', ')}`);
if (args.format !== 'json' && args.format !== 'csv') fail('--format must be json or csv');
const asOf = args['as-of'] === undefined ? systemClock.now() : asOfInstant(args['as-of']);
if (asOf === null) fail('--as-of must be a date (YYYY-MM-DD) or an ISO-8601 instant with an offset');
if (args.week !== undefined && isoWeekMonday(args.week) === null) fail('--week must be an ISO week (YYYY-Www)');
if (name === 'chronology' && args.pupil === undefined) fail('--pupil is required for the chronology');
const databaseUrl = process.env.DATABASE_URL ?? fail('DATABASE_URL is required');

const pool = createPool(databaseUrl, 4);
const projection: Projection =
  name === ALERTS_PROJECTION ? platformAlertsProjection(alertThresholdsFromEnv()) : READ_PROJECTIONS.find((p) => p.name === name)!;
const dataSource = await readModelDataSource([projection], { databaseUrl, poolSize: 4 }).initialize();
try {
  const runner = standaloneRunner(projection, {
    dataSource,
    pool,
    store: new PostgresEventStore({ pool, now: () => systemClock.now(), upcasters: eventUpcasters() }),
    clock: systemClock,
  });
  const { rows: schools } = await pool.query<{ id: string; trust_id: string }>(
    'SELECT id::text, trust_id::text FROM schools WHERE $1::text IS NULL OR id::text = $1 ORDER BY name, id',
    [args.school ?? null],
  );
  if (schools.length === 0) fail(args.school ? `no school ${args.school}` : 'no schools');
  const today = londonDate(asOf.toISOString());
  const perSchool =
    <T>(query: (db: EntityManager, school: { id: string; trust_id: string }) => Promise<T>) =>
    async (db: EntityManager) => {
      const out: ({ schoolId: string } & T)[] = [];
      for (const s of schools) out.push({ schoolId: s.id, ...(await query(db, s)) });
      return out;
    };
  let result: ReplayResult;
  switch (name) {
    case 'team-teach': {
      const to = args.to ?? today;
      const from = args.from ?? schoolYearStart(to);
      result = {
        projection: name,
        data: await runner.replay(asOf, 'platform-job', (db) =>
          teamTeachAudit(db, { schoolIds: schools.map((s) => s.id), from, to, asOf: asOf.toISOString() }),
        ),
      };
      break;
    }
    case 'training-matrix':
      result = {
        projection: name,
        data: await runner.replay(
          asOf,
          'platform-job',
          perSchool((db, s) => trainingMatrix(db, { schoolId: s.id, trustId: s.trust_id, asOf: args.date ?? today })),
        ),
      };
      break;
    case 'cover-ledger':
      result = {
        projection: name,
        data: await runner.replay(
          asOf,
          'platform-job',
          perSchool((db, s) => coverLedger(db, { schoolId: s.id, week: args.week ?? isoWeekOf(today) })),
        ),
      };
      break;
    case 'chronology':
      result = {
        projection: name,
        data: await runner.replay(asOf, 'platform-job', (db) => pupilChronology(db, args.pupil!)),
      };
      break;
    case 'alerts':
      result = {
        projection: name,
        data: await runner.replay(
          asOf,
          'platform-job',
          perSchool(async (db, s) => ({
            alerts: await listAlerts(db, { schoolIds: [s.id], roles: ['trust_auditor'], staffId: 'replay-cli' }),
          })),
        ),
      };
      break;
  }
  process.stdout.write(args.format === 'csv' ? replayCsv(result) : `${JSON.stringify(result.data, null, 2)}\n`);
} finally {
  await dataSource.destroy();
  await pool.end();
}
