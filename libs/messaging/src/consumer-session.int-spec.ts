import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { type NewEvent, PostgresEventStore, type RecordedEvent } from '#lib/event-store';
import { migrateReadModels, type ReadModels } from '#lib/read-models';
import { Broker, createTestDatabase, type TestDatabase, testReadModels, until } from '#lib/testing';
import { eventTallyProjection } from './event-tally.projection.js';
import { loadKafkaConfig } from './messaging-config.js';
import { ProjectionConsumer } from './projection-consumer.js';
import { kafkaClient } from './projector.module.js';
import { toMessage } from './relay.js';
import { ALL_TOPICS, ensureTopics, topicOf } from './topics.js';

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

/**
 * The consumer against a real broker when one batch outlasts the group session, as it does on a
 * loaded database: the coordinator drops the member and refuses its offset commit. The consumer must
 * rejoin and go on consuming (kafkajs gives up for good on a refused commit it was asked to make).
 */
describe('the projector consumer when a batch outlasts its group session', () => {
  const sessionTimeoutMs = 3000;
  let db: TestDatabase;
  let broker: Broker;
  let kafka: Kafka;
  let store: PostgresEventStore;
  let host: { readModels: ReadModels; close(): Promise<void> };
  let consumer: ProjectionConsumer | null = null;
  const lines: { message: string; fields: Record<string, unknown> }[] = [];
  const log = {
    info: (fields: Record<string, unknown>, message: string) => void lines.push({ message, fields }),
    error: (fields: Record<string, unknown>, message: string) => void lines.push({ message, fields }),
    debug: (fields: Record<string, unknown>, message: string) => void lines.push({ message, fields }),
  };

  beforeAll(async () => {
    [db, broker] = await Promise.all([createTestDatabase('consumer_session'), Broker.start()]);
    await PostgresEventStore.migrate(db.pool);
    await migrateReadModels(db.url);
    store = new PostgresEventStore({ pool: db.pool });
    host = await testReadModels(db.url, [eventTallyProjection], { store });
    // The projector's own client settings (retries), its log lines kept.
    kafka = kafkaClient(loadKafkaConfig({ KAFKA_BROKERS: broker.brokers }), 'consumer-session', log);
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, { partitions: 3, replicationFactor: 1 });
    await admin.disconnect();
  }, 180_000);

  afterAll(async () => {
    await consumer?.stop();
    await host?.close();
    await broker?.destroy();
    await db?.drop();
  }, 60_000);

  async function appended(): Promise<RecordedEvent> {
    const streamId = `probe-${randomUUID()}`;
    await store.appendToStream(streamId, [probe()], { expectedVersion: 'no_stream' });
    return (await store.readStream(streamId))[0]!;
  }

  async function publish(events: RecordedEvent[]): Promise<void> {
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({ topic: topicOf(events[0]!.streamId), acks: -1, messages: events.map(toMessage) });
    await producer.disconnect();
  }

  async function tally(): Promise<Map<string, number>> {
    const schema = host.readModels.runner(eventTallyProjection.name).liveSchema;
    const { rows } = await db.pool.query<{ event_id: string; applied: number }>(`SELECT event_id, applied FROM "${schema}".event_tally`);
    return new Map(rows.map((r) => [r.event_id, r.applied]));
  }

  /** Committed offsets of the group against the topics' ends, over every partition. */
  async function lagOf(groupId: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      let lag = 0;
      const committed = await admin.fetchOffsets({ groupId, topics: [...ALL_TOPICS] });
      for (const { topic, partitions } of committed) {
        const ends = await admin.fetchTopicOffsets(topic);
        for (const p of partitions) {
          const end = Number(ends.find((e) => e.partition === p.partition)!.high);
          lag += end - Math.max(0, Number(p.offset));
        }
      }
      return lag;
    } finally {
      await admin.disconnect();
    }
  }

  async function members(groupId: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([groupId]);
      return groups[0]!.members.length;
    } finally {
      await admin.disconnect();
    }
  }

  it('rejoins after its commit is refused and applies what comes next, each event once', async () => {
    const groupId = `projector-${randomUUID()}`;
    // Already applied: their delivery finds the checkpoint past them and goes straight to the commit.
    const earlier = [await appended(), await appended()];
    await host.readModels.drainAll();
    await publish(earlier);

    // The checkpoint read before the commit waits on a lock (as on a loaded server) until the group has
    // dropped the member: the commit that follows is refused.
    const schema = host.readModels.runner(eventTallyProjection.name).liveSchema;
    const readModels: Pick<ReadModels, 'earliestCheckpoint' | 'applyBatch'> = {
      earliestCheckpoint: async () => {
        await db.pool.query(`SELECT count(*) FROM "${schema}".projection_checkpoint`);
        return host.readModels.earliestCheckpoint();
      },
      applyBatch: (events) => host.readModels.applyBatch(events),
    };
    const locker = await db.pool.connect();
    await locker.query('BEGIN');
    await locker.query(`LOCK TABLE "${schema}".projection_checkpoint IN ACCESS EXCLUSIVE MODE`);
    consumer = new ProjectionConsumer({ kafka, store, readModels, groupId, sessionTimeoutMs, log });
    try {
      await consumer.start();
      await until('a delivery in the handler', async () => lines.some((l) => l.message === 'received'), 60_000, 50);
      await until('the coordinator to drop the silent member', async () => (await members(groupId)) === 0, 60_000, 200);
    } finally {
      await locker.query('COMMIT');
      locker.release();
    }

    const later = await appended();
    await publish([later]);
    const applied = await until(
      'the event published after the refused commit to be applied',
      async () => {
        const t = await tally();
        return t.has(later.eventId) ? t : undefined;
      },
      90_000,
      200,
    );
    expect([...earlier, later].map((e) => applied.get(e.eventId))).toEqual([1, 1, 1]);
    await until('every offset committed', async () => (await lagOf(groupId)) === 0, 60_000, 200);
  }, 300_000);
});
