import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type pg from 'pg';
import type { Checkpoint, EventStore, RecordedEvent, Subscription } from '#lib/event-store';
import { ensureTopics, topicOf, type TopicLayout } from './topics.js';

export interface MessagingLog {
  info(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface RelayDeps {
  pool: pg.Pool;
  store: EventStore;
  kafka: Kafka;
  layout: TopicLayout;
  log: MessagingLog;
  batchSize?: number;
}

const RELAY_LOCK = 'outbox-relay';

/** What Kafka receives: the whole recorded event, checkpoint included, keyed by its stream. */
export function toMessage(e: RecordedEvent): Message {
  return {
    key: e.streamId,
    value: JSON.stringify(e),
    headers: { 'event-id': e.eventId, 'event-type': e.type },
  };
}

export async function readRelayCheckpoint(db: pg.Pool | pg.PoolClient): Promise<Checkpoint | null> {
  const { rows } = await db.query<{ t: string | null; g: string | null }>(
    'SELECT transaction_id AS t, global_position AS g FROM relay_checkpoint WHERE id = 1',
  );
  const r = rows[0];
  return r?.t && r.g ? { transactionId: r.t, globalPosition: r.g } : null;
}

/**
 * The outbox relay: follows the event store gap-safe and in order, publishes each batch with an
 * idempotent producer (acks from all in-sync replicas), and only then advances its checkpoint. A
 * crash between the two re-publishes that batch (Kafka is at-least-once; consumers skip what their
 * checkpoint covers). Only the process holding the advisory lock publishes.
 */
export class OutboxRelay {
  private lockClient: pg.PoolClient | null = null;
  private producer: Producer | null = null;
  private subscription: Subscription | null = null;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;
  private published = 0;

  constructor(private readonly deps: RelayDeps) {}

  get holdsLock(): boolean {
    return this.lockClient !== null;
  }

  start(): void {
    this.stopped = false;
    void this.tryTakeLock();
  }

  private later(): void {
    if (!this.stopped) this.retry = setTimeout(() => void this.tryTakeLock(), 2000);
  }

  private async tryTakeLock(): Promise<void> {
    if (this.stopped) return;
    let client: pg.PoolClient | null = null;
    try {
      client = await this.deps.pool.connect();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [RELAY_LOCK]);
      if (!rows[0]!.ok) {
        // Another relay publishes; take over when it goes away.
        client.release();
        this.later();
        return;
      }
      this.lockClient = client;
      // Losing the lock's connection means another relay may take over: stop publishing, then try again.
      client.on('error', this.onLockError);
      const admin = this.deps.kafka.admin();
      await admin.connect();
      try {
        const created = await ensureTopics(admin, this.deps.layout);
        if (created.length > 0) this.deps.log.info({ topics: created }, 'topics created');
      } finally {
        await admin.disconnect();
      }
      // The Java client's partitioner (murmur2 of the key): any consumer computes the same partition for a stream.
      this.producer = this.deps.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await this.producer.connect();
      const from = await readRelayCheckpoint(client);
      this.deps.log.info({ from }, 'relay publishing');
      this.subscription = this.deps.store.subscribe(from, (batch) => this.publish(batch), {
        batchSize: this.deps.batchSize ?? 500,
        idleMs: 200,
        onError: (err) => this.deps.log.error({ err }, 'relay batch not acknowledged; publishing it again'),
      });
    } catch (err) {
      this.deps.log.error({ err }, 'relay could not start; retrying');
      if (this.lockClient) await this.release();
      else client?.release(true);
      this.later();
    }
  }

  private async publish(batch: RecordedEvent[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const e of batch) {
      const topic = topicOf(e.streamId);
      const list = byTopic.get(topic) ?? [];
      list.push(toMessage(e));
      byTopic.set(topic, list);
    }
    await this.producer!.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    const last = batch[batch.length - 1]!.checkpoint;
    // On the lock's own connection: if the lock is gone, so is this update.
    await this.lockClient!.query(
      'UPDATE relay_checkpoint SET transaction_id = $1, global_position = $2, published = published + $3, updated_at = now() WHERE id = 1',
      [last.transactionId, last.globalPosition, batch.length],
    );
    this.published += batch.length;
  }

  private readonly onLockError = (): void => {
    if (this.stopped || !this.lockClient) return;
    this.deps.log.error({}, 'relay lost its lock connection; stopping and trying again');
    void this.release().then(() => this.later());
  };

  /** Idempotent: what is running is taken out of the fields before anything is awaited. */
  private async release(): Promise<void> {
    const { subscription, producer, lockClient } = this;
    this.subscription = null;
    this.producer = null;
    this.lockClient = null;
    await subscription?.stop();
    await producer?.disconnect().catch(() => undefined);
    if (lockClient) {
      lockClient.removeListener('error', this.onLockError);
      await lockClient.query('SELECT pg_advisory_unlock(hashtext($1))', [RELAY_LOCK]).catch(() => undefined);
      // A dedicated connection: closed rather than returned to the pool.
      lockClient.release(true);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.release();
    this.deps.log.info({ published: this.published }, 'relay stopped');
  }
}
