import { randomUUID } from 'node:crypto';
import type { EachBatchPayload, Kafka } from 'kafkajs';
import { type NewEvent, PostgresEventStore, type RecordedEvent } from '#lib/event-store';
import { migrateReadModels, type ReadModels } from '#lib/read-models';
import { createTestDatabase, type TestDatabase, testReadModels } from '#lib/testing';
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
  const noop = () => undefined;
  const hosts: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('messaging');
    await PostgresEventStore.migrate(db.pool);
    await migrateReadModels(db.url);
    store = new PostgresEventStore({ pool: db.pool });
  });

  afterAll(async () => {
    for (const h of hosts) await h.close();
    await db.drop();
  });

  /** The runtime with one tally projection of this name. */
  async function runnerFor(name: string): Promise<ReadModels> {
    const h = await testReadModels(db.url, [{ ...eventTallyProjection, name }], { store });
    hosts.push(h);
    return h.readModels;
  }

  async function appended(streamId: string): Promise<RecordedEvent> {
    await store.appendToStream(streamId, [probe()], { expectedVersion: 'any' });
    return (await store.readStream(streamId)).at(-1)!;
  }

  async function tally(readModels: ReadModels): Promise<Map<string, number>> {
    const schema = readModels.runner(readModels.names()[0]!).liveSchema;
    const { rows } = await db.pool.query<{ event_id: string; applied: number }>(`SELECT event_id, applied FROM "${schema}".event_tally`);
    return new Map(rows.map((r) => [r.event_id, r.applied]));
  }

  const commits: unknown[] = [];

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
      commitOffsetsIfNecessary: async (offsets: unknown) => void commits.push(offsets),
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
    await runner.drainAll();
    const consumer = new ProjectionConsumer({
      kafka: {} as Kafka,
      store,
      readModels: runner,
      groupId: 'test',
      sessionTimeoutMs: 3000,
      log: { info: noop, error: noop, debug: noop },
    });

    const earlier = await appended(`concern-${randomUUID()}`);
    const later = await appended(`views-${randomUUID()}`);
    const notYetDelivered = await appended(`probe-${randomUUID()}`);

    await deliver(consumer, 1, 40, [later]);
    let applied = await tally(runner);
    expect(applied.get(earlier.eventId)).toBe(1);
    expect(applied.get(later.eventId)).toBe(1);
    // Bounded by what Kafka delivered: the event after it waits for its own delivery.
    expect(applied.has(notYetDelivered.eventId)).toBe(false);
    expect(commits).toEqual([{ topics: [{ topic: 'audit.view-events', partitions: [{ partition: 1, offset: '41' }] }] }]);

    // The earlier event's own delivery, and a redelivery of the later one, change nothing.
    await deliver(consumer, 0, 7, [earlier]);
    await deliver(consumer, 1, 40, [later]);
    await deliver(consumer, 2, 3, [notYetDelivered]);
    applied = await tally(runner);
    expect([applied.get(earlier.eventId), applied.get(later.eventId), applied.get(notYetDelivered.eventId)]).toEqual([1, 1, 1]);
    expect(commits).toHaveLength(4);
  });
});
