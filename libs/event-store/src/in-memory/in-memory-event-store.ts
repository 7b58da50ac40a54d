import {
  ConcurrencyError,
  compareCheckpoints,
  type AppendResult,
  type Checkpoint,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
  type Subscription,
  type SubscriptionOptions,
  type VerifyResult,
} from '../event-store.js';

/** A fast in-process store for unit tests of handlers and projections. It passes the contract suite too. */
export class InMemoryEventStore implements EventStore {
  readonly name = 'in-memory';
  private readonly events: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
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
      const recorded: RecordedEvent = {
        ...structuredClone(e),
        streamId,
        streamVersion: stream.length,
        globalPosition: position,
        checkpoint: { transactionId: position, globalPosition: position },
        recordedAt,
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
    return structuredClone(this.streams.get(streamId) ?? []);
  }

  async readAll(from: Checkpoint | null, batchSize: number): Promise<RecordedEvent[]> {
    const after = from ? this.events.filter((e) => compareCheckpoints(e.checkpoint, from) > 0) : this.events;
    return structuredClone(after.slice(0, batchSize));
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
