import { randomUUID } from 'node:crypto';
import type { EachBatchPayload, Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { systemClock } from '#lib/core';
import { type NewEvent, PostgresEventStore, type RecordedEvent } from '#lib/event-store';
import { migrateReadModels, ProjectionRunner, readModelDataSource } from '#lib/read-models';
import { createTestDatabase, type TestDatabase } from '#lib/testing';
import { eventTallyProjection } from './event-tally.projection.js';
import { ProjectionConsumer } from './projection-consumer.js';
import { topicOf } from './topics.js';

const probe = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'DeliveryProbe',
  schemaVersion: 1,
  data: {},
  metadata: {
    actorId: 'test',
    schoolId: null,
    trustId: null,
    correlationId: randomUUID(),
    causationId: null,
    occurredAt: new Date().toISOString(),
  },
});

describe('the projector consumer and the global checkpoint', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  const noop = () => undefined;

  beforeAll(async () => {
    db = await createTestDatabase('messaging');
    await PostgresEventStore.migrate(db.pool);
    await migrateReadModels(db.url);
    store = new PostgresEventStore({ pool: db.pool });
    dataSource = await readModelDataSource([eventTallyProjection], { databaseUrl: db.url }).initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  async function runnerFor(name: string): Promise<ProjectionRunner> {
    const runner = new ProjectionRunner(
      { ...eventTallyProjection, name },
      { dataSource, store, clock: systemClock, onChange: noop, onError: noop },
    );
    await runner.init();
    return runner;
  }

  async function appended(streamId: string): Promise<RecordedEvent> {
    await store.appendToStream(streamId, [probe()], { expectedVersion: 'any' });
    return (await store.readStream(streamId)).at(-1)!;
  }

  async function tally(runner: ProjectionRunner): Promise<Map<string, number>> {
    const { rows } = await db.pool.query<{ event_id: string; applied: number }>(
      `SELECT event_id, applied FROM "${runner.liveSchema}".event_tally`,
    );
    return new Map(rows.map((r) => [r.event_id, r.applied]));
  }

  function deliver(consumer: ProjectionConsumer, partition: number, offset: number, events: RecordedEvent[]) {
    const payload = {
      batch: {
        topic: topicOf(events[0]!.streamId),
        partition,
        messages: events.map((e, i) => ({
          offset: String(offset + i),
          key: Buffer.from(e.streamId),
          value: Buffer.from(JSON.stringify(e)),
        })),
      },
      resolveOffset: noop,
      heartbeat: async () => undefined,
    } as unknown as EachBatchPayload;
    return (consumer as unknown as { handle(p: EachBatchPayload): Promise<void> }).handle(payload);
  }

  it('applying what Kafka hands over as it arrives would skip an event for good (the hazard)', async () => {
    const naive = await runnerFor('naive_tally');
    const earlier = await appended(`concern-${randomUUID()}`);
    const later = await appended(`views-${randomUUID()}`);
    // Partition B's later event arrives before partition A's earlier one.
    expect(await naive.applyBatch([later])).toBe(1);
    expect(await naive.applyBatch([earlier])).toBe(0);
    expect((await tally(naive)).has(earlier.eventId)).toBe(false);
  });

  it('re-reading the store up to the delivered checkpoint applies both, once each, and commits offsets after', async () => {
    const runner = await runnerFor('consumer_tally');
    await runner.drain();
    const commits: unknown[] = [];
    const consumer = new ProjectionConsumer({
      kafka: {} as Kafka,
      store,
      runners: [runner],
      groupId: 'test',
      sessionTimeoutMs: 3000,
      log: { info: noop, error: noop, debug: noop },
    });
    (consumer as unknown as { consumer: unknown }).consumer = { commitOffsets: async (o: unknown) => void commits.push(o) };

    const earlier = await appended(`concern-${randomUUID()}`);
    const later = await appended(`views-${randomUUID()}`);
    const notYetDelivered = await appended(`probe-${randomUUID()}`);

    await deliver(consumer, 1, 40, [later]);
    let applied = await tally(runner);
    expect(applied.get(earlier.eventId)).toBe(1);
    expect(applied.get(later.eventId)).toBe(1);
    // Bounded by what Kafka delivered: the event after it waits for its own delivery.
    expect(applied.has(notYetDelivered.eventId)).toBe(false);
    expect(commits).toEqual([[{ topic: 'audit.view-events', partition: 1, offset: '41' }]]);

    // The earlier event's own delivery, and a redelivery of the later one, change nothing.
    await deliver(consumer, 0, 7, [earlier]);
    await deliver(consumer, 1, 40, [later]);
    await deliver(consumer, 2, 3, [notYetDelivered]);
    applied = await tally(runner);
    expect([applied.get(earlier.eventId), applied.get(later.eventId), applied.get(notYetDelivered.eventId)]).toEqual([1, 1, 1]);
    expect(commits).toHaveLength(4);
  });
});
