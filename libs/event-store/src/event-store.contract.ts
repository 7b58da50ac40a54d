import { randomUUID } from 'node:crypto';
import { ConcurrencyError, type EventStore, type NewEvent, type RecordedEvent } from './event-store.js';

export interface AdapterUnderTest {
  name: string;
  /** A store over a fresh, empty database. */
  create(): Promise<EventStore>;
  dispose?(): Promise<void>;
}

export function newEvent(type = 'ConcernRaised', data: unknown = { n: 1 }): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data,
    metadata: {
      actorId: randomUUID(),
      schoolId: 'oakfield',
      trustId: 'demo-trust',
      correlationId: randomUUID(),
      causationId: null,
      occurredAt: '2026-03-01T09:15:00.000Z',
    },
  };
}

/**
 * Gap-safe reads hold back while any transaction on the server is still open (PostgreSQL's xmin is
 * server-wide, so another test file's open transaction counts): wait until `count` events are visible.
 */
export async function readAllEventually(
  store: EventStore,
  from: RecordedEvent['checkpoint'] | null,
  count: number,
  batchSize: number,
): Promise<RecordedEvent[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const read = await store.readAll(from, batchSize);
    if (read.length >= Math.min(count, batchSize) || Date.now() > deadline) return read;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The behaviour every adapter of the port must show. Called inside `describe.each` over the adapters. */
export function eventStoreContract(adapter: AdapterUnderTest): void {
  let store: EventStore;
  beforeAll(async () => {
    store = await adapter.create();
  });
  afterAll(async () => {
    await store?.close();
    await adapter.dispose?.();
  });

  const stream = () => `concern-${randomUUID()}`;

  it('appends to a new stream and reads it back in order with the full envelope', async () => {
    const id = stream();
    const events = [
      newEvent('ConcernRaised', { summary: 'bruise on arm', nested: { b: 2, a: [1, 'x'] } }),
      newEvent('ConcernAcknowledged'),
    ];
    const result = await store.appendToStream(id, events, { expectedVersion: 'no_stream' });
    expect(result).toEqual({ nextExpectedVersion: 1, written: 2 });
    const read = await store.readStream(id);
    expect(read.map((e) => e.streamVersion)).toEqual([0, 1]);
    expect(read.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    expect(read[0]!.data).toEqual({ summary: 'bruise on arm', nested: { b: 2, a: [1, 'x'] } });
    expect(read[0]!.metadata).toEqual(events[0]!.metadata);
    expect(read[0]!.schemaVersion).toBe(1);
    expect(read[0]!.streamId).toBe(id);
    expect(Number.isNaN(Date.parse(read[0]!.recordedAt))).toBe(false);
    expect(BigInt(read[1]!.globalPosition)).toBeGreaterThan(BigInt(read[0]!.globalPosition));
  });

  it('reads an unknown stream as empty', async () => {
    expect(await store.readStream(stream())).toEqual([]);
  });

  it('honours an exact expected version and refuses a stale one with ConcurrencyError', async () => {
    const id = stream();
    await store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' });
    await expect(store.appendToStream(id, [newEvent()], { expectedVersion: 0 })).resolves.toMatchObject({ nextExpectedVersion: 1 });
    await expect(store.appendToStream(id, [newEvent()], { expectedVersion: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.appendToStream(id, [newEvent()], { expectedVersion: 5 })).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream(id)).length).toBe(2);
  });

  it('refuses no_stream on an existing stream and an exact version on a missing one', async () => {
    const id = stream();
    await store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' });
    await expect(store.appendToStream(id, [newEvent()], { expectedVersion: 'no_stream' })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.appendToStream(stream(), [newEvent()], { expectedVersion: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('appends with any, whatever the version', async () => {
    const id = stream();
    await store.appendToStream(id, [newEvent()], { expectedVersion: 'any' });
    await store.appendToStream(id, [newEvent(), newEvent()], { expectedVersion: 'any' });
    expect((await store.readStream(id)).map((e) => e.streamVersion)).toEqual([0, 1, 2]);
  });

  it('treats re-appending an already stored event id as a no-op', async () => {
    const id = stream();
    const e = newEvent();
    await store.appendToStream(id, [e], { expectedVersion: 'no_stream' });
    const again = await store.appendToStream(id, [e], { expectedVersion: 'no_stream' });
    expect(again.written).toBe(0);
    expect(await store.readStream(id)).toHaveLength(1);
  });

  it('reads all events in global order from a checkpoint, in batches', async () => {
    const from = await store.headCheckpoint();
    const a = stream();
    const b = stream();
    await store.appendToStream(a, [newEvent('A1'), newEvent('A2')], { expectedVersion: 'no_stream' });
    await store.appendToStream(b, [newEvent('B1')], { expectedVersion: 'no_stream' });
    await store.appendToStream(a, [newEvent('A3')], { expectedVersion: 1 });
    const page1 = await readAllEventually(store, from, 4, 3);
    const page2 = await readAllEventually(store, page1[page1.length - 1]!.checkpoint, 1, 3);
    expect([...page1, ...page2].map((e) => e.type)).toEqual(['A1', 'A2', 'B1', 'A3']);
  });

  it('counts the events after a checkpoint, to a limit', async () => {
    const from = await store.headCheckpoint();
    const id = stream();
    await store.appendToStream(id, [newEvent('C1'), newEvent('C2'), newEvent('C3')], { expectedVersion: 'no_stream' });
    const [, , last] = await store.readStream(id);
    expect(await store.countAfter(from, 10)).toBe(3);
    expect(await store.countAfter(from, 2)).toBe(2);
    expect(await store.countAfter(last!.checkpoint, 10)).toBe(0);
    expect(await store.countAfter(null, 1_000_000)).toBeGreaterThanOrEqual(3);
  });

  it('hands every event to a subscription exactly once, in order, including those appended after it started', async () => {
    const from = await store.headCheckpoint();
    const seen: string[] = [];
    const id = stream();
    await store.appendToStream(id, [newEvent('S1')], { expectedVersion: 'no_stream' });
    const sub = store.subscribe(
      from,
      async (batch) => {
        seen.push(...batch.map((e) => e.type));
      },
      { idleMs: 20 },
    );
    await store.appendToStream(id, [newEvent('S2'), newEvent('S3')], { expectedVersion: 0 });
    const deadline = Date.now() + 20_000;
    while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await sub.stop();
    expect(seen).toEqual(['S1', 'S2', 'S3']);
  });

  it('knows the checkpoint of the last committed event', async () => {
    const id = stream();
    await store.appendToStream(id, [newEvent(), newEvent()], { expectedVersion: 'no_stream' });
    const [, last] = await store.readStream(id);
    expect(await store.headCheckpoint()).toEqual(last!.checkpoint);
  });

  it('verifies an untouched history', async () => {
    const result = await store.verify();
    expect(result.ok).toBe(true);
    expect(result.checkedEvents).toBeGreaterThan(0);
  });
}
