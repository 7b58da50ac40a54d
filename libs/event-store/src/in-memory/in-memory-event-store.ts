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
import { eventHash } from '../hashing.js';
import { inHistory } from '../history.js';

/** A fast in-process store for unit tests of handlers and projections. It passes the contract suite too. */
export class InMemoryEventStore implements EventStore {
  readonly name = 'in-memory';
  private readonly events: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly ids = new Set<string>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async appendToStream(streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    const actual = stream.length === 0 ? 'no_stream' : stream.length - 1;
    const fresh = events.filter((e) => !this.ids.has(e.eventId));
    if (fresh.length === 0) return { nextExpectedVersion: stream.length - 1, written: 0 };
    const expected = options.expectedVersion;
    const ok = expected === 'any' || (expected === 'no_stream' ? actual === 'no_stream' : actual === expected);
    if (!ok) throw new ConcurrencyError(streamId, expected, actual);
    const recordedAt = this.now().toISOString();
    for (const e of fresh) {
      const position = String(this.events.length + 1);
      const previousHash = stream.at(-1)?.hash ?? null;
      const content = { ...structuredClone(e), streamId, streamVersion: stream.length, recordedAt };
      const recorded: StoredEvent = {
        ...content,
        globalPosition: position,
        checkpoint: { transactionId: position, globalPosition: position },
        previousHash,
        hash: eventHash(content, previousHash),
      };
      stream.push(recorded);
      this.events.push(recorded);
      this.ids.add(e.eventId);
    }
    this.streams.set(streamId, stream);
    for (const l of this.listeners) l();
    return { nextExpectedVersion: stream.length - 1, written: fresh.length };
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    return (this.streams.get(streamId) ?? []).map(recordedOf);
  }

  async readAll(from: Checkpoint | null, batchSize: number): Promise<RecordedEvent[]> {
    const after = from ? this.events.filter((e) => compareCheckpoints(e.checkpoint, from) > 0) : this.events;
    return after.slice(0, batchSize).map(recordedOf);
  }

  async readHistory(query: HistoryQuery): Promise<StoredEvent[]> {
    const after = BigInt(query.after);
    const found: StoredEvent[] = [];
    for (const e of this.events) {
      if (found.length === query.limit) break;
      if (BigInt(e.globalPosition) > after && inHistory(e, query)) found.push(structuredClone(e));
    }
    return found;
  }

  async countAfter(from: Checkpoint | null, limit: number): Promise<number> {
    return Math.min(limit, from ? this.events.filter((e) => compareCheckpoints(e.checkpoint, from) > 0).length : this.events.length);
  }

  async headCheckpoint(): Promise<Checkpoint | null> {
    return this.events.at(-1)?.checkpoint ?? null;
  }

  subscribe(from: Checkpoint | null, handler: (batch: RecordedEvent[]) => Promise<void>, options: SubscriptionOptions = {}): Subscription {
    let stopped = false;
    let checkpoint = from;
    let wake: (() => void) | null = null;
    const listener = () => wake?.();
    this.listeners.add(listener);
    const run = async () => {
      while (!stopped) {
        const batch = await this.readAll(checkpoint, options.batchSize ?? 500);
        if (batch.length > 0) {
          await handler(batch);
          checkpoint = batch[batch.length - 1]!.checkpoint;
          continue;
        }
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, options.idleMs ?? 50);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    };
    const done = run();
    return {
      stop: async () => {
        stopped = true;
        wake?.();
        this.listeners.delete(listener);
        await done;
      },
    };
  }

  async verify(): Promise<VerifyResult> {
    return { ok: true, checkedEvents: this.events.length };
  }

  async close(): Promise<void> {}
}

/** The port's envelope of a stored event (the hash chain is the history's business). */
function recordedOf({ hash: _hash, previousHash: _previousHash, ...event }: StoredEvent): RecordedEvent {
  return structuredClone(event);
}
