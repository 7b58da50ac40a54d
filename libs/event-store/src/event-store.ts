/**
 * The event-store port. Every adapter (PostgreSQL, KurrentDB) implements it and passes the one
 * contract suite in `event-store.contract.ts`.
 */

/** `any` skips the check, `no_stream` requires the stream not to exist, a number is the exact version of the stream's last event (versions start at 0). */
export type ExpectedVersion = 'any' | 'no_stream' | number;

export interface EventMetadata {
  actorId: string;
  schoolId: string | null;
  trustId: string | null;
  correlationId: string;
  causationId: string | null;
  /** When it happened, as the user said (ISO-8601). */
  occurredAt: string;
}

export interface NewEvent<T extends string = string, D = unknown> {
  eventId: string;
  type: T;
  schemaVersion: number;
  data: D;
  metadata: EventMetadata;
}

/**
 * A position in the global order. For PostgreSQL it is the writing transaction's xid8 and the
 * row's global position; other adapters map their own positions onto the same two numbers.
 * Both are decimal strings because they may exceed 2^53.
 */
export interface Checkpoint {
  transactionId: string;
  globalPosition: string;
}

export interface RecordedEvent<T extends string = string, D = unknown> extends NewEvent<T, D> {
  streamId: string;
  streamVersion: number;
  globalPosition: string;
  checkpoint: Checkpoint;
  /** When the store wrote it (ISO-8601). */
  recordedAt: string;
}

/** An event exactly as the store wrote it (no upcasting, ciphertext as stored), with its place in its stream's hash chain. */
export interface StoredEvent extends RecordedEvent {
  hash: string;
  previousHash: string | null;
}

/** Which stored events a history read returns (see `EventStore.readHistory`). */
export interface HistoryQuery {
  /** Exclusive: events after this global position ('0': from the beginning). */
  after: string;
  limit: number;
  /** A trust's events, or a school's (by the events' metadata). */
  scope: { trustId: string } | { schoolId: string };
  streamId?: string;
  /** Only events by this person (metadata.actorId). */
  actorId?: string;
  /** Only events recorded on or after / on or before these dates (YYYY-MM-DD, Europe/London). */
  recordedFrom?: string;
  recordedTo?: string;
}

export interface AppendResult {
  /** The version of the stream's last event after the append. */
  nextExpectedVersion: number;
  /** Events actually written (events whose id was already stored are skipped). */
  written: number;
}

export interface VerifyResult {
  ok: boolean;
  checkedEvents: number;
  /** Seals of the history checked against it (where the store keeps them). */
  sealsChecked?: number;
  firstBrokenPosition?: string;
  reason?: string;
}

export interface SubscriptionOptions {
  batchSize?: number;
  /** How long to wait before polling again when nothing new was found. */
  idleMs?: number;
  /** Called when reading or handling a batch failed; the subscription retries the same batch. */
  onError?: (err: unknown) => void;
}

export interface Subscription {
  /** Stops polling; resolves once the handler in flight (if any) returned. */
  stop(): Promise<void>;
}

export interface EventStore {
  readonly name: string;
  appendToStream(streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult>;
  /** The stream's events in version order (empty when it does not exist). */
  readStream(streamId: string): Promise<RecordedEvent[]>;
  /**
   * Events after `from` (exclusive; null = from the beginning) in global order, at most
   * `batchSize`. Never returns an event while an earlier-committing one may still appear.
   */
  readAll(from: Checkpoint | null, batchSize: number): Promise<RecordedEvent[]>;
  /**
   * The stored history in global-position order, as written (no upcasting), with each event's hash
   * and previous hash: at most `limit` events matching the query, after `after`.
   */
  readHistory(query: HistoryQuery): Promise<StoredEvent[]>;
  /** Follows `readAll` from a checkpoint and hands each batch to `handler` in order. */
  subscribe(from: Checkpoint | null, handler: (batch: RecordedEvent[]) => Promise<void>, options?: SubscriptionOptions): Subscription;
  /**
   * How many events lie after `from` (null: all), counting to `limit` at most: how far a reader lags
   * needs no exact count of a long backlog, and an adapter may have to walk the events to count them.
   */
  countAfter(from: Checkpoint | null, limit: number): Promise<number>;
  /** The checkpoint of the last event committed so far (null: none), for readers that must catch up to "now". */
  headCheckpoint(): Promise<Checkpoint | null>;
  /** Walks the store and checks each stream's hash chain (within `scope` where the adapter can narrow it). */
  verify(scope?: VerifyScope): Promise<VerifyResult>;
  close(): Promise<void>;
}

/** Whose records a verification walks: a trust's, or some of its schools' (by the events' metadata). */
export interface VerifyScope {
  trustId: string;
  schoolIds?: string[];
}

export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, found ${String(actual)}`);
  }
}

export const EVENT_STORE = Symbol('EVENT_STORE');

export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  return compareDecimal(a.transactionId, b.transactionId) || compareDecimal(a.globalPosition, b.globalPosition);
}

/** Compares two non-negative decimal integers written without leading zeros (no BigInt: this runs per event). */
function compareDecimal(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
