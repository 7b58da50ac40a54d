import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { compareCheckpoints, type Checkpoint, type EventStore, type RecordedEvent } from '#lib/event-store';
import type { ReadModels } from '#lib/read-models';
import type { MessagingLog } from './relay.js';
import { ALL_TOPICS } from './topics.js';

export interface ConsumerDeps {
  kafka: Kafka;
  store: EventStore;
  /** Every projection of the process, applied together from one read of the store. */
  readModels: Pick<ReadModels, 'earliestCheckpoint' | 'applyBatch'>;
  groupId: string;
  sessionTimeoutMs: number;
  log: MessagingLog & { debug(fields: Record<string, unknown>, message: string): void };
  /** How long a delivered event may stay invisible to the gap-safe read before the batch is retried. */
  catchUpTimeoutMs?: number;
}

/** One delivered batch, as logged: enough to count redeliveries by (topic, partition, offset). */
export interface DeliveryReport {
  topic: string;
  partition: number;
  firstOffset: string;
  lastOffset: string;
  messages: number;
  /** Events applied to read models because of this batch (all projections); in the `committed` line. */
  applied?: number;
}

/** The highest checkpoint among the delivered events: how far the store must be applied. */
export function highestCheckpoint(events: Pick<RecordedEvent, 'checkpoint'>[]): Checkpoint | null {
  let top: Checkpoint | null = null;
  for (const e of events) if (!top || compareCheckpoints(e.checkpoint, top) > 0) top = e.checkpoint;
  return top;
}

/**
 * The projector's Kafka consumer. Kafka orders events per partition (per stream), but a projection's
 * checkpoint is global: applying a later event from one partition before an earlier one from another
 * would make the checkpoint skip the earlier one for good. So a delivered batch only says how far to
 * go: the consumer re-reads the store gap-safe, in global order, up to the highest delivered
 * checkpoint, applies that to every projection at once (each projection's checkpoint moving with its
 * rows), and commits the offsets after. Redeliveries, and events already applied on another partition's account, find the
 * checkpoint past them and cost one read.
 */
export class ProjectionConsumer {
  private consumer: Consumer | null = null;

  constructor(private readonly deps: ConsumerDeps) {}

  async start(): Promise<void> {
    const consumer = this.deps.kafka.consumer({
      groupId: this.deps.groupId,
      sessionTimeout: this.deps.sessionTimeoutMs,
      heartbeatInterval: Math.max(300, Math.floor(this.deps.sessionTimeoutMs / 5)),
      rebalanceTimeout: Math.max(this.deps.sessionTimeoutMs, 10_000),
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 200,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...ALL_TOPICS], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.handle(payload),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = null;
  }

  private async handle({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0) return;
    const last = batch.messages[batch.messages.length - 1]!;
    const report: DeliveryReport = {
      topic: batch.topic,
      partition: batch.partition,
      firstOffset: batch.messages[0]!.offset,
      lastOffset: last.offset,
      messages: batch.messages.length,
    };
    // Logged on receipt, so a batch handed over again after a crash or a lost commit counts as a redelivery.
    this.deps.log.debug({ delivery: report }, 'received');
    const events = batch.messages.map((m) => JSON.parse(m.value!.toString('utf8')) as RecordedEvent);
    const target = highestCheckpoint(events)!;
    const applied = await this.catchUp(target, heartbeat);
    // Committed only now: every read model's transaction for these events has committed. Through the
    // batch's own commit, not the consumer's: a commit the group refuses (it is rebalancing, or dropped
    // this member after a batch outlasted the session) then fails with the coordinator's own error, on
    // which kafkajs rejoins and hands the batch over again. The consumer's commitOffsets wraps that
    // error as not retriable, and kafkajs stops consuming for good (the projector stalls, healthy).
    const offset = (BigInt(last.offset) + 1n).toString();
    await commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset }] }] });
    resolveOffset(last.offset);
    this.deps.log.debug({ delivery: { ...report, applied } }, 'committed');
  }

  /**
   * Applies the store's events, in global order, until every projection's checkpoint reaches
   * `target`: one read per batch, every projection written from it (in one statement).
   */
  private async catchUp(target: Checkpoint, heartbeat: () => Promise<void>): Promise<number> {
    const deadline = Date.now() + (this.deps.catchUpTimeoutMs ?? 30_000);
    let applied = 0;
    for (;;) {
      const from = await this.deps.readModels.earliestCheckpoint();
      if (from && compareCheckpoints(from, target) >= 0) return applied;
      const read = await this.deps.store.readAll(from, 500);
      const upTo = read.filter((e) => compareCheckpoints(e.checkpoint, target) <= 0);
      if (read.length > 0 && upTo.length === 0) return applied;
      if (upTo.length > 0) {
        applied += await this.deps.readModels.applyBatch(upTo);
      } else {
        // An older transaction is still open: the gap-safe read holds back until it ends.
        if (Date.now() > deadline) throw new Error('delivered event not readable from the store in time');
        await new Promise((r) => setTimeout(r, 20));
      }
      await heartbeat();
    }
  }
}
