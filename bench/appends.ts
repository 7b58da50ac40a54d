/**
 * Appends side by side on one PostgreSQL: the ceiling (plain INSERTs into a bare table), our store,
 * and Emmett's PostgreSQL event store, with the same event shape and the same writers.
 */
import { randomUUID } from 'node:crypto';
import { getPostgreSQLEventStore, type PostgresEventStore as EmmettStore } from '@event-driven-io/emmett-postgresql';
import { createPool, type NewEvent, PostgresEventStore } from '#lib/event-store';
import type { ConcernRaised } from '#lib/concerns';
import { createBenchDatabase } from './database.js';
import { round } from './stats.js';

export type Workload = 'single, 1 writer' | 'single, 8 writers' | 'batch of 100, 8 writers';
export type System = 'ceiling' | 'ours' | 'emmett';

export interface AppendMeasurement {
  workload: Workload;
  system: System;
  /** Events per second in each round. */
  rounds: number[];
  eventsPerSecond: number;
}

export interface AppendsResult {
  secondsPerRun: number;
  rounds: number;
  /** How the rounds are combined: the best round of each row. */
  aggregate: 'best';
  eventBytes: { data: number; metadata: number };
  measurements: AppendMeasurement[];
}

const WORKLOADS: { name: Workload; writers: number; batch: number }[] = [
  { name: 'single, 1 writer', writers: 1, batch: 1 },
  { name: 'single, 8 writers', writers: 8, batch: 1 },
  { name: 'batch of 100, 8 writers', writers: 8, batch: 100 },
];
const SYSTEMS: System[] = ['ceiling', 'ours', 'emmett'];

/** A ConcernRaised as the platform stores it (about 600 bytes of data) with its metadata. */
export function concernRaisedEvent(schoolId: string, trustId: string, actorId: string): NewEvent {
  const now = new Date().toISOString();
  const data: ConcernRaised['data'] = {
    concernId: randomUUID(),
    pupilIds: [randomUUID()],
    categories: ['neglect', 'physical_abuse'],
    summary: 'Arrived late, withdrawn; bruise on left forearm; says no breakfast',
    details:
      'At registration the pupil arrived late and withdrawn, in the same clothes as the previous two days; said mum had been ' +
      '"shouting a lot" and there was no breakfast. Bruise about 3cm on the left forearm.',
    occurredAt: now,
    urgency: 'urgent',
    informedDslVerbally: true,
    aboutAdult: null,
    lowLevel: false,
    bodyMap: [{ region: 'left forearm', note: 'bruise, about 3cm, yellowing' }],
    routedTo: 'dsl',
    raisedBy: actorId,
    raisedAt: now,
  };
  return {
    eventId: randomUUID(),
    type: 'ConcernRaised',
    schemaVersion: 1,
    data,
    metadata: { actorId, schoolId, trustId, correlationId: randomUUID(), causationId: null, occurredAt: now },
  };
}

const BARE_TABLE = `CREATE TABLE ceiling_events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream_id text NOT NULL, stream_version integer NOT NULL, event_id uuid NOT NULL, type text NOT NULL,
  schema_version integer NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL,
  previous_hash text, hash text NOT NULL)`;
const CEILING_COLUMNS = 'stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, previous_hash, hash';

interface Writer {
  /** Appends `count` events (one statement or one append) and resolves when durable. */
  append(count: number): Promise<void>;
}

export async function benchAppends(options: { seconds: number; rounds: number; log: (line: string) => void }): Promise<AppendsResult> {
  const db = await createBenchDatabase('appends', 2);
  // Each system gets a pool as big as its writers, so nobody waits for a connection.
  const ceilingPool = createPool(db.url, 8);
  const ourPool = createPool(db.url, 8);
  const ours = new PostgresEventStore({ pool: ourPool });
  let emmett: EmmettStore | null = null;
  try {
    await PostgresEventStore.migrate(ourPool);
    await ceilingPool.query(BARE_TABLE);
    emmett = getPostgreSQLEventStore(db.url, { connectionOptions: { pool: createPool(db.url, 8) } });
    await emmett.schema.migrate();

    const school = randomUUID();
    const trust = randomUUID();
    const actor = randomUUID();
    const sample = concernRaisedEvent(school, trust, actor);
    const fresh = (n: number) => Array.from({ length: n }, () => concernRaisedEvent(school, trust, actor));

    const writers: Record<System, () => Writer> = {
      ceiling: () => {
        const stream = `concern-${randomUUID()}`;
        let version = -1;
        return {
          async append(count) {
            const events = fresh(count);
            const values: unknown[] = [];
            const tuples = events.map((e) => {
              version += 1;
              const b = values.length;
              values.push(stream, version, e.eventId, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata));
              values.push(new Date().toISOString(), null, 'x'.repeat(64));
              return `(${Array.from({ length: 10 }, (_, i) => `$${b + i + 1}`).join(', ')})`;
            });
            await ceilingPool.query(`INSERT INTO ceiling_events (${CEILING_COLUMNS}) VALUES ${tuples.join(', ')}`, values);
          },
        };
      },
      ours: () => {
        const stream = `concern-${randomUUID()}`;
        let version = -1;
        return {
          async append(count) {
            const result = await ours.appendToStream(stream, fresh(count), { expectedVersion: version < 0 ? 'no_stream' : version });
            version = result.nextExpectedVersion;
          },
        };
      },
      emmett: () => {
        const stream = `concern-${randomUUID()}`;
        let version = 0n;
        return {
          async append(count) {
            const events = fresh(count).map((e) => ({
              type: e.type,
              data: e.data as Record<string, unknown>,
              metadata: e.metadata as unknown as Record<string, unknown>,
            }));
            const result = await emmett!.appendToStream(stream, events, { expectedStreamVersion: version });
            version = result.nextExpectedStreamVersion;
          },
        };
      },
    };

    const runOnce = async (system: System, writerCount: number, batch: number): Promise<number> => {
      const ws = Array.from({ length: writerCount }, () => writers[system]());
      // One warm-up append each: connections open and the stream exists, as in steady state.
      await Promise.all(ws.map((w) => w.append(batch)));
      let written = 0;
      const started = performance.now();
      const deadline = started + options.seconds * 1000;
      await Promise.all(
        ws.map(async (w) => {
          while (performance.now() < deadline) {
            await w.append(batch);
            written += batch;
          }
        }),
      );
      return written / ((performance.now() - started) / 1000);
    };

    const rounds = new Map<string, number[]>();
    // Interleaved: every round runs each system once per workload, so drift (autovacuum, caches, table growth) hits all alike.
    for (let r = 0; r < options.rounds; r++) {
      for (const w of WORKLOADS) {
        for (const system of SYSTEMS) {
          // Dirty pages of the previous run are flushed first, so no run pays for another's checkpoint.
          await ceilingPool.query('CHECKPOINT').catch(() => undefined);
          const eps = await runOnce(system, w.writers, w.batch);
          const key = `${w.name}|${system}`;
          rounds.set(key, [...(rounds.get(key) ?? []), eps]);
          options.log(`  appends round ${r + 1}: ${w.name.padEnd(24)} ${system.padEnd(8)} ${Math.round(eps)} events/s`);
        }
      }
    }
    return {
      secondsPerRun: options.seconds,
      rounds: options.rounds,
      aggregate: 'best',
      eventBytes: { data: JSON.stringify(sample.data).length, metadata: JSON.stringify(sample.metadata).length },
      measurements: WORKLOADS.flatMap((w) =>
        SYSTEMS.map((system) => {
          const values = rounds.get(`${w.name}|${system}`) ?? [];
          return { workload: w.name, system, rounds: values.map((v) => round(v, 0)), eventsPerSecond: round(Math.max(...values), 0) };
        }),
      ),
    };
  } finally {
    await emmett?.close().catch(() => undefined);
    await ours.close().catch(() => undefined);
    await ceilingPool.end().catch(() => undefined);
    await db.drop();
  }
}
