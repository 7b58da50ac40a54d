import {
  BACKWARDS,
  END,
  KurrentDBClient,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type Position,
} from '@kurrent/kurrentdb-client';
import {
  ConcurrencyError,
  compareCheckpoints,
  type AppendResult,
  type Checkpoint,
  type EventStore,
  type ExpectedVersion,
  type HistoryQuery,
  type NewEvent,
  type RecordedEvent,
  type StoredEvent,
  type Subscription,
  type SubscriptionOptions,
  type VerifyResult,
} from '../event-store.js';
import { inHistory } from '../history.js';
import { UpcasterChain } from '../upcasting.js';
import {
  collectStream,
  fromKurrentRecord,
  storedMetadataOf,
  toCheckpoint,
  toEventDataBatch,
  toPortError,
  toReadPosition,
  toStreamState,
  type KurrentRecord,
} from './mapping.js';
import { StoreWalk, VERIFY_EVENT_TYPES } from './verification.js';

export interface KurrentDbEventStoreOptions {
  client: KurrentDBClient;
  upcasters?: UpcasterChain;
}

/** Events read from $all at a time while a history read looks for matches. */
const HISTORY_BATCH = 500;

/** Appends that lose a race re-read the stream and try again; with `any` they may keep losing under heavy contention. */
const MAX_APPEND_ATTEMPTS = 5;

/**
 * The event store on KurrentDB (or EventStoreDB 22.6+). The database should hold only this
 * platform's streams: reads over $all map every non-system event onto the port's envelope.
 */
export class KurrentDbEventStore implements EventStore {
  readonly name = 'kurrentdb';
  private readonly client: KurrentDBClient;
  private readonly upcasters: UpcasterChain;
  private readonly subscriptions = new Set<CatchUpSubscription>();

  constructor(options: KurrentDbEventStoreOptions) {
    this.client = options.client;
    this.upcasters = options.upcasters ?? new UpcasterChain();
  }

  /**
   * Each attempt reads the stream first, for two reasons. KurrentDB's own idempotency only covers a
   * retry with the same expected version, while the port makes any re-append of a stored event id a
   * no-op, so ids already in the stream are dropped here. And the hash chain needs the stream's last
   * hash. The append then states the exact revision it read, so nothing can slip in between; a lost
   * race re-reads. The cost is one stream read per append, fine for the platform's short streams.
   * Unlike PostgreSQL's unique index, ids are only checked within the stream; `verify()` reports an id
   * stored in two streams.
   */
  async appendToStream(streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    const expected = options.expectedVersion;
    for (let attempt = 1; ; attempt += 1) {
      const stored = eventsOf(await collectStream(this.client.readStream(streamId)));
      const ids = new Set(stored.map((e) => e.id));
      const fresh = events.filter((e) => !ids.has(e.eventId));
      const last = stored.at(-1);
      const actual = last ? Number(last.revision) : 'no_stream';
      if (fresh.length === 0) return { nextExpectedVersion: actual === 'no_stream' ? -1 : actual, written: 0 };
      if (!matches(expected, actual)) throw new ConcurrencyError(streamId, expected, actual);

      const head = last ? { version: Number(last.revision), hash: storedMetadataOf(last).hash } : null;
      try {
        const result = await this.client.appendToStream(streamId, toEventDataBatch(streamId, head, fresh), {
          streamState: toStreamState(actual),
        });
        return { nextExpectedVersion: Number(result.nextExpectedRevision), written: fresh.length };
      } catch (err) {
        if (err instanceof WrongExpectedVersionError && attempt < MAX_APPEND_ATTEMPTS) continue;
        throw toPortError(err, streamId, expected);
      }
    }
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    return eventsOf(await collectStream(this.client.readStream(streamId))).map((e) => this.toRecorded(e));
  }

  /** $all only shows committed events, in commit order, so nothing can appear behind a returned event later. */
  async readAll(from: Checkpoint | null, batchSize: number): Promise<RecordedEvent[]> {
    // KurrentDB starts a read at `fromPosition` inclusive, the port after it: read one more and drop it.
    const read = this.client.readAll({
      fromPosition: toReadPosition(from),
      maxCount: from ? batchSize + 1 : batchSize,
      filter: excludeSystemEvents(),
    });
    return eventsOf(await collectStream(read))
      .map((e) => this.toRecorded(e))
      .filter((e) => !from || compareCheckpoints(e.checkpoint, from) > 0)
      .slice(0, batchSize);
  }

  /**
   * $all has no index on metadata: walk it forward from `after` and keep the matches. A history page
   * goes on from the last event of the page before, whose position (commit = prepare for an event
   * not written in an explicit transaction, as this adapter writes them all) is a valid $all position.
   */
  async readHistory(query: HistoryQuery): Promise<StoredEvent[]> {
    const found: StoredEvent[] = [];
    let from: Checkpoint | null = query.after === '0' ? null : { transactionId: query.after, globalPosition: query.after };
    while (found.length < query.limit) {
      const read = eventsOf(
        await collectStream(
          this.client.readAll({ fromPosition: toReadPosition(from), maxCount: HISTORY_BATCH, filter: excludeSystemEvents() }),
        ),
      );
      for (const record of read) {
        const event = fromKurrentRecord(record);
        // A read starts at its position inclusive: the event there was looked at already.
        if (from && compareCheckpoints(event.checkpoint, from) <= 0) continue;
        if (BigInt(event.globalPosition) <= BigInt(query.after)) continue;
        const { previousHash, hash } = storedMetadataOf(record);
        const stored = { ...event, previousHash, hash };
        if (inHistory(stored, query)) found.push(stored);
        if (found.length === query.limit) break;
      }
      if (read.length < HISTORY_BATCH) break;
      from = fromKurrentRecord(read[read.length - 1]!).checkpoint;
    }
    return found;
  }

  async countAfter(from: Checkpoint | null, limit: number): Promise<number> {
    // $all has no count: walk forward from the checkpoint, as far as the limit.
    let counted = 0;
    for await (const resolved of this.client.readAll({
      fromPosition: toReadPosition(from),
      maxCount: from ? limit + 1 : limit,
      filter: excludeSystemEvents(),
    })) {
      if (!resolved.event) continue;
      if (from && compareCheckpoints(fromKurrentRecord(resolved.event).checkpoint, from) <= 0) continue;
      counted++;
    }
    return Math.min(counted, limit);
  }

  async headCheckpoint(): Promise<Checkpoint | null> {
    const last = eventsOf(
      await collectStream(this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, filter: excludeSystemEvents() })),
    );
    return last[0] ? this.toRecorded(last[0]).checkpoint : null;
  }

  subscribe(from: Checkpoint | null, handler: (batch: RecordedEvent[]) => Promise<void>, options: SubscriptionOptions = {}): Subscription {
    const subscription = new CatchUpSubscription(
      this.client,
      (e) => this.toRecorded(e),
      from,
      handler,
      options,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** See README.md: what KurrentDB guarantees by itself, and what this walk of $all adds. */
  async verify(): Promise<VerifyResult> {
    const walk = new StoreWalk();
    for await (const resolved of this.client.readAll({ filter: eventTypeFilter({ regex: VERIFY_EVENT_TYPES }) })) {
      if (!resolved.event) continue;
      const broken = walk.visit(resolved.event);
      if (broken) return broken;
    }
    return walk.result();
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }

  private toRecorded(record: KurrentRecord): RecordedEvent {
    const event = fromKurrentRecord(record);
    return { ...event, ...this.upcasters.apply(event.type, event.schemaVersion, event.data) };
  }
}

/** Link events resolve to nothing without `resolveLinkTos`; the platform writes none, so they are skipped. */
function eventsOf<E>(resolved: { event?: E }[]): E[] {
  return resolved.flatMap((r) => (r.event ? [r.event] : []));
}

function matches(expected: ExpectedVersion, actual: number | 'no_stream'): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 'no_stream';
  return actual === expected;
}

/** A queued event, or a server checkpoint: the resume position once the events queued before it are handled. */
type Entry = { event: RecordedEvent } | { checkpoint: Checkpoint };

/**
 * Follows a catch-up subscription to $all and hands its events to the handler in batches, in order.
 * Keeps the position it would resume from if the connection drops: the last handled event, or a
 * later server checkpoint (sent even while every event passing by is a filtered-out system event).
 */
class CatchUpSubscription implements Subscription {
  private stopped = false;
  private live: AllStreamSubscription | null = null;
  private failure: unknown = null;
  private readonly queue: Entry[] = [];
  /** Set while waiting for the server: wakes on the next event, checkpoint or failure. */
  private wake: (() => void) | null = null;
  /** Set while backing off after a failure: only stop() cuts it short. */
  private interrupt: (() => void) | null = null;
  private readonly done: Promise<void>;
  private readonly batchSize: number;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly toRecorded: (record: KurrentRecord) => RecordedEvent,
    private checkpoint: Checkpoint | null,
    private readonly handler: (batch: RecordedEvent[]) => Promise<void>,
    private readonly options: SubscriptionOptions,
    private readonly onStopped: () => void,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.done = this.run();
  }

  private open(): void {
    const live = this.client.subscribeToAll({
      fromPosition: toReadPosition(this.checkpoint),
      filter: excludeSystemEvents({ checkpointReached: (sub, position) => this.onCheckpoint(sub, position) }),
    });
    live.on('data', (resolved: AllStreamResolvedEvent) => {
      // After a failure the queue must not run on past the event that was lost.
      if (!resolved.event || this.failure !== null) return;
      try {
        this.queue.push({ event: this.toRecorded(resolved.event) });
      } catch (err) {
        this.fail(err);
        return;
      }
      // Bounded memory: a paused stream pushes back on the server until the handler catches up.
      if (this.queue.length >= 2 * this.batchSize) live.pause();
      this.signal();
    });
    live.on('error', (err) => this.fail(err));
    live.on('end', () => this.fail(new Error('the subscription to $all ended')));
    this.live = live;
  }

  private onCheckpoint(sub: AllStreamSubscription, position: Position): void {
    // The client calls this before the events it buffered have been emitted; only an empty buffer
    // means every event before `position` is already in the queue.
    if (sub !== this.live || sub.readableLength > 0) return;
    this.queue.push({ checkpoint: toCheckpoint(position) });
    this.signal();
  }

  private fail(err: unknown): void {
    this.failure ??= err;
    this.signal();
  }

  private async run(): Promise<void> {
    const backoffMs = Math.max(this.options.idleMs ?? 250, 1000);
    while (!this.stopped) {
      if (!this.live) this.open();
      const batch = this.takeBatch();
      if (batch.length > 0) {
        try {
          await this.handler(batch);
          this.queue.splice(0, batch.length);
          this.checkpoint = batch[batch.length - 1]!.checkpoint;
          if (this.queue.length < this.batchSize) this.live?.resume();
        } catch (err) {
          // The same batch is handed over again: nothing is skipped.
          this.options.onError?.(err);
          await this.pause(backoffMs);
        }
      } else if (this.failure !== null) {
        // Start over from the resume position; events queued but not handled arrive again.
        this.options.onError?.(this.failure);
        await this.closeLive();
        this.queue.length = 0;
        this.failure = null;
        await this.pause(backoffMs);
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
      }
    }
  }

  /** The events at the head of the queue, up to the next checkpoint entry; checkpoint entries already at the head become the resume position. */
  private takeBatch(): RecordedEvent[] {
    for (let head = this.queue[0]; head; head = this.queue[0]) {
      if ('checkpoint' in head) this.checkpoint = head.checkpoint;
      // A resumed subscription may repeat the event at its start position.
      else if (!this.checkpoint || compareCheckpoints(head.event.checkpoint, this.checkpoint) > 0) break;
      this.queue.shift();
    }
    const batch: RecordedEvent[] = [];
    for (const entry of this.queue) {
      if (!('event' in entry) || batch.length === this.batchSize) break;
      batch.push(entry.event);
    }
    return batch;
  }

  /** Waits `ms`, or less if the subscription is stopped meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.interrupt = null;
        resolve();
      }, ms);
      this.interrupt = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private signal(): void {
    this.wake?.();
  }

  private async closeLive(): Promise<void> {
    const live = this.live;
    this.live = null;
    if (!live) return;
    live.removeAllListeners();
    // Late errors of a cancelled stream are of no interest.
    live.on('error', () => undefined);
    await live.unsubscribe().catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.signal();
    this.interrupt?.();
    await this.done.catch(() => undefined);
    await this.closeLive();
    this.onStopped();
  }
}

export function kurrentDbEventStoreFromUrl(url: string, options: { upcasters?: UpcasterChain } = {}): KurrentDbEventStore {
  return new KurrentDbEventStore({ client: KurrentDBClient.connectionString(url), ...options });
}
