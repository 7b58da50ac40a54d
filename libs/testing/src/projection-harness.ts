import { randomUUID } from 'node:crypto';
import { FakeClock } from '#lib/core';
import { type EventMetadata, PostgresEventStore, type UpcasterChain } from '#lib/event-store';
import type { DomainEvent } from '#lib/kernel';
import { migrateReadModels, type Projection } from '#lib/read-models';
import { testReadModels } from './read-models.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** An event as a test gives it: one member of the feature's union, without the schema version. */
export type GivenEvent<E extends DomainEvent> = E extends DomainEvent ? Omit<E, 'schemaVersion'> : never;

/** Given events → then rows: one projection (or a few) on a database of the test's own, no platform. */
export interface ProjectionHarness {
  readonly clock: FakeClock;
  readonly db: TestDatabase;
  /** Appends the events to the stream (recorded at the clock's time) and applies everything stored. */
  given<E extends DomainEvent>(streamId: string, events: readonly GivenEvent<E>[], metadata?: Partial<EventMetadata>): Promise<void>;
  /** The rows of one of a projection's tables in its live generation, in the order given (SQL). */
  rows<T = Record<string, unknown>>(projection: string, table: string, orderBy?: string): Promise<T[]>;
  /** Runs the time-driven rules (timers) at the clock's now, as the platform's ticker does; move the clock first. */
  tick(): Promise<void>;
  close(): Promise<void>;
}

export async function projectionHarness(
  label: string,
  projections: Projection[],
  /** `upcasters`: how the store reads events of older schema versions (the platform's chain, say). */
  options: { now?: string; schoolId?: string | null; trustId?: string | null; upcasters?: UpcasterChain } = {},
): Promise<ProjectionHarness> {
  const clock = new FakeClock(options.now ?? '2026-03-02T09:00:00Z');
  const db = await createTestDatabase(label);
  await PostgresEventStore.migrate(db.pool);
  await migrateReadModels(db.url);
  const store = new PostgresEventStore({ pool: db.pool, now: () => clock.now(), upcasters: options.upcasters });
  const host = await testReadModels(db.url, projections, { clock, store });
  return {
    clock,
    db,
    async given(streamId, events, metadata = {}) {
      await store.appendToStream(
        streamId,
        events.map((e) => ({
          eventId: randomUUID(),
          type: e.type,
          schemaVersion: 1,
          data: e.data,
          metadata: {
            actorId: randomUUID(),
            schoolId: options.schoolId === undefined ? 'oakfield' : options.schoolId,
            trustId: options.trustId === undefined ? 'demo-trust' : options.trustId,
            correlationId: randomUUID(),
            causationId: null,
            occurredAt: clock.now().toISOString(),
            ...metadata,
          },
        })),
        { expectedVersion: 'any' },
      );
      await host.readModels.drainAll();
    },
    async rows<T>(projection: string, table: string, orderBy = '1') {
      const schema = host.readModels.runner(projection).liveSchema;
      const { rows } = await db.pool.query(`SELECT * FROM "${schema}"."${table}" ORDER BY ${orderBy}`);
      return rows as T[];
    },
    async tick() {
      await host.readModels.drainAll();
      await host.readModels.tickAll();
    },
    async close() {
      await host.close();
      await db.drop();
    },
  };
}

/**
 * A harness of its own for every test of the file (made before each, closed after each): call it at
 * the top of the file; the returned harness always stands for the current test's.
 */
export function projectionHarnessPerTest(
  label: string,
  projections: Projection[],
  options: Parameters<typeof projectionHarness>[2] = {},
): ProjectionHarness {
  let current: ProjectionHarness | undefined;
  beforeEach(async () => {
    current = await projectionHarness(label, projections, options);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const live = (): ProjectionHarness => {
    if (!current) throw new Error(`The ${label} harness exists only while a test runs`);
    return current;
  };
  return {
    get clock() {
      return live().clock;
    },
    get db() {
      return live().db;
    },
    given: (streamId, events, metadata) => live().given(streamId, events, metadata),
    rows: (projection, table, orderBy) => live().rows(projection, table, orderBy),
    tick: () => live().tick(),
    close: () => live().close(),
  };
}
