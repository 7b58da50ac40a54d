import { randomUUID } from 'node:crypto';
import { ConcurrencyError, type EventStore, type NewEvent, type RecordedEvent } from './event-store.js';
import { londonDate } from './history.js';

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

  /** Events of a fresh trust with two schools (and one of another trust), so other tests' events never match. */
  async function historyOfATrust() {
    const trustId = `trust-${randomUUID()}`;
    const [north, south] = [`north-${randomUUID()}`, `south-${randomUUID()}`];
    const actorId = randomUUID();
    const at = (schoolId: string, trust = trustId, by?: string): NewEvent => {
      const e = newEvent('ConcernRaised', { school: schoolId });
      return { ...e, metadata: { ...e.metadata, schoolId, trustId: trust, actorId: by ?? e.metadata.actorId } };
    };
    const [a, b, c] = [stream(), stream(), stream()];
    await store.appendToStream(a, [at(north), at(north, trustId, actorId)], { expectedVersion: 'no_stream' });
    await store.appendToStream(c, [at(`elsewhere-${randomUUID()}`, `trust-${randomUUID()}`)], { expectedVersion: 'no_stream' });
    await store.appendToStream(b, [at(south, trustId, actorId)], { expectedVersion: 'no_stream' });
    await store.appendToStream(a, [at(north)], { expectedVersion: 1 });
    const [a0, a1, a2] = await store.readStream(a);
    const [b0] = await store.readStream(b);
    return { trustId, north, south, actorId, a, b, a0: a0!, a1: a1!, a2: a2!, b0: b0! };
  }
  const ids = (events: { eventId: string }[]) => events.map((e) => e.eventId);

  it('reads a trust’s or a school’s stored history in global order, with each event’s hash chain', async () => {
    const h = await historyOfATrust();
    const trust = await store.readHistory({ after: '0', limit: 100, scope: { trustId: h.trustId } });
    expect(ids(trust)).toEqual(ids([h.a0, h.a1, h.b0, h.a2]));
    expect(trust[0]).toMatchObject({ streamId: h.a, streamVersion: 0, data: h.a0.data, metadata: h.a0.metadata, previousHash: null });
    expect(trust[0]!.globalPosition).toBe(h.a0.globalPosition);
    expect(trust[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(trust[1]!.previousHash).toBe(trust[0]!.hash);
    expect(trust[3]!.previousHash).toBe(trust[1]!.hash);
    expect(trust[2]!.previousHash).toBeNull();
    expect(ids(await store.readHistory({ after: '0', limit: 100, scope: { schoolId: h.north } }))).toEqual(ids([h.a0, h.a1, h.a2]));
    expect(ids(await store.readHistory({ after: '0', limit: 100, scope: { schoolId: h.south } }))).toEqual(ids([h.b0]));
  });

  it('narrows the history to a stream, to an actor and to recorded dates (Europe/London)', async () => {
    const h = await historyOfATrust();
    const scope = { trustId: h.trustId };
    expect(ids(await store.readHistory({ after: '0', limit: 100, scope, streamId: h.b }))).toEqual(ids([h.b0]));
    expect(ids(await store.readHistory({ after: '0', limit: 100, scope, actorId: h.actorId }))).toEqual(ids([h.a1, h.b0]));
    expect(ids(await store.readHistory({ after: '0', limit: 100, scope, streamId: h.a, actorId: h.actorId }))).toEqual(ids([h.a1]));
    const day = londonDate(h.a0.recordedAt);
    const shift = (days: number) => new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const on = (recordedFrom?: string, recordedTo?: string) =>
      store.readHistory({ after: '0', limit: 100, scope, streamId: h.a, recordedFrom, recordedTo }).then((r) => r.length);
    expect(await on(day, londonDate(h.a2.recordedAt))).toBe(3);
    expect(await on(shift(-1))).toBe(3);
    expect(await on(undefined, shift(-1))).toBe(0);
    expect(await on(shift(2))).toBe(0);
  });

  it('pages the history after a position (exclusive), at most limit events a page', async () => {
    const h = await historyOfATrust();
    const scope = { trustId: h.trustId };
    const first = await store.readHistory({ after: '0', limit: 2, scope });
    expect(ids(first)).toEqual(ids([h.a0, h.a1]));
    const second = await store.readHistory({ after: first[1]!.globalPosition, limit: 2, scope });
    expect(ids(second)).toEqual(ids([h.b0, h.a2]));
    expect(await store.readHistory({ after: second[1]!.globalPosition, limit: 2, scope })).toEqual([]);
  });

  it('verifies an untouched history', async () => {
    const result = await store.verify();
    expect(result.ok).toBe(true);
    expect(result.checkedEvents).toBeGreaterThan(0);
  });
}
