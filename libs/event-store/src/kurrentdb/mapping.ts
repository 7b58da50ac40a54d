/**
 * Pure translations between the event-store port and the KurrentDB client's types. The adapter
 * only moves data through these, so every rule here is unit-tested without a server.
 */
import {
  ANY,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type CurrentStreamState,
  type EventData,
  type JSONType,
  type Position,
  type ReadPosition,
  type StreamState,
} from '@kurrent/kurrentdb-client';
import {
  ConcurrencyError,
  type Checkpoint,
  type EventMetadata,
  type ExpectedVersion,
  type NewEvent,
  type RecordedEvent,
} from '../event-store.js';
import { eventHash } from '../hashing.js';

export function toStreamState(expected: ExpectedVersion): StreamState {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  return BigInt(expected);
}

export function fromStreamState(state: CurrentStreamState): number | 'no_stream';
export function fromStreamState(state: StreamState): ExpectedVersion;
export function fromStreamState(state: StreamState): ExpectedVersion {
  if (state === ANY) return 'any';
  if (state === NO_STREAM) return 'no_stream';
  return Number(state);
}

/** KurrentDB orders $all by (commit, prepare), which is exactly how `compareCheckpoints` orders (transactionId, globalPosition). */
export function toCheckpoint(position: Position): Checkpoint {
  return { transactionId: position.commit.toString(), globalPosition: position.prepare.toString() };
}

export function fromCheckpoint(checkpoint: Checkpoint): Position {
  return { commit: BigInt(checkpoint.transactionId), prepare: BigInt(checkpoint.globalPosition) };
}

export function toReadPosition(from: Checkpoint | null): ReadPosition {
  return from ? fromCheckpoint(from) : START;
}

/** A lost optimistic-concurrency race becomes the port's ConcurrencyError; anything else passes through unchanged. */
export function toPortError(err: unknown, streamId: string, expected: ExpectedVersion): unknown {
  if (err instanceof WrongExpectedVersionError) return new ConcurrencyError(streamId, expected, fromStreamState(err.actualState));
  return err;
}

/** Drains a stream read; KurrentDB reports a stream that was never written as an error, the port as an empty stream. */
export async function collectStream<T>(read: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  try {
    for await (const item of read) out.push(item);
  } catch (err) {
    if (err instanceof StreamNotFoundError) return [];
    throw err;
  }
  return out;
}

/** What we keep in a KurrentDB event's metadata: the port's metadata plus what the event record has no field for. */
export interface StoredMetadata extends EventMetadata {
  schemaVersion: number;
  previousHash: string | null;
  hash: string;
}

/** The fields of a KurrentDB recorded event the mapping reads (satisfied by the client's RecordedEvent types). */
export interface KurrentRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  position?: Position;
}

/**
 * The chained hash of an event. KurrentDB assigns `created` only when it writes the event, after the
 * hash must be known, so the hash covers everything but that timestamp (the chunk checksums cover it).
 */
export function chainHash(streamId: string, streamVersion: number, event: NewEvent, previousHash: string | null): string {
  return eventHash(
    {
      streamId,
      streamVersion,
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
      recordedAt: '',
    },
    previousHash,
  );
}

/** The KurrentDB event for a port event: the event id, type and data as they are, the rest in the metadata. */
export function toEventData(event: NewEvent, chain: { previousHash: string | null; hash: string }): EventData {
  const metadata: StoredMetadata = { ...event.metadata, schemaVersion: event.schemaVersion, ...chain };
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data as JSONType, metadata: { ...metadata } });
}

/** Port events for a stream whose last event is `head` (null when the stream does not exist), each chained to the one before. */
export function toEventDataBatch(streamId: string, head: { version: number; hash: string } | null, events: NewEvent[]): EventData[] {
  let version = head?.version ?? -1;
  let previousHash = head?.hash ?? null;
  return events.map((e) => {
    version += 1;
    const hash = chainHash(streamId, version, e, previousHash);
    const data = toEventData(e, { previousHash, hash });
    previousHash = hash;
    return data;
  });
}

export class ForeignEventError extends Error {
  override readonly name = 'ForeignEventError';
  constructor(record: Pick<KurrentRecord, 'streamId' | 'revision' | 'id'>, why: string) {
    super(`event ${record.id} (${record.streamId}@${record.revision}) was not written by this adapter: ${why}`);
  }
}

export function storedMetadataOf(record: KurrentRecord): StoredMetadata {
  const m = record.metadata as Partial<StoredMetadata> | null | undefined;
  if (!record.isJson) throw new ForeignEventError(record, 'data is not JSON');
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new ForeignEventError(record, 'metadata is not a JSON object');
  if (typeof m.schemaVersion !== 'number') throw new ForeignEventError(record, 'metadata has no schemaVersion');
  if (typeof m.hash !== 'string') throw new ForeignEventError(record, 'metadata has no hash');
  return m as StoredMetadata;
}

/** A KurrentDB event as the port's envelope, exactly as stored (upcasting is the adapter's job). */
export function fromKurrentRecord(record: KurrentRecord): RecordedEvent {
  if (!record.position)
    throw new ForeignEventError(record, 'the server returned no position (KurrentDB/EventStoreDB 22.6 or later is required)');
  const { schemaVersion, previousHash: _previousHash, hash: _hash, ...metadata } = storedMetadataOf(record);
  const checkpoint = toCheckpoint(record.position);
  return {
    eventId: record.id,
    type: record.type,
    schemaVersion,
    data: record.data,
    metadata,
    streamId: record.streamId,
    streamVersion: Number(record.revision),
    globalPosition: checkpoint.globalPosition,
    checkpoint,
    recordedAt: record.created.toISOString(),
  };
}
