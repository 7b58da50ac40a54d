import { PassThrough } from 'node:stream';
import {
  ANY,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendToStreamOptions,
  type EventData,
  type Filter,
  type KurrentDBClient,
  type Position,
  type ReadPosition,
} from '@kurrent/kurrentdb-client';
import { newEvent } from '../event-store.contract.js';
import { ConcurrencyError, type RecordedEvent } from '../event-store.js';
import { storedMetadataOf, toEventDataBatch, type KurrentRecord } from './mapping.js';
import { asStored } from './test-records.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';

/** Just enough of a KurrentDB server in memory to drive the adapter's own logic; the real server is covered by the contract suite. */
class FakeKurrentDb {
  readonly log: KurrentRecord[] = [];
  private next = 100n;
  private readonly live = new Set<{ out: PassThrough; filter?: Filter }>();
  /** Called before an append is applied, to let a test slip in a concurrent writer. */
  beforeAppend: (() => void) | null = null;

  async *readStream(streamId: string) {
    const events = this.log.filter((r) => r.streamId === streamId);
    if (events.length === 0) throw new StreamNotFoundError(undefined, streamId);
    for (const event of events) yield { event };
  }

  async appendToStream(streamId: string, events: EventData[], options: AppendToStreamOptions) {
    const hook = this.beforeAppend;
    this.beforeAppend = null;
    hook?.();
    const current = this.log.filter((r) => r.streamId === streamId).length - 1;
    const state = options.streamState ?? ANY;
    const ok = state === ANY || (state === NO_STREAM ? current === -1 : BigInt(current) === state);
    if (!ok) {
      throw new WrongExpectedVersionError(undefined, {
        streamName: streamId,
        expected: state,
        current: current === -1 ? NO_STREAM : BigInt(current),
      });
    }
    events.forEach((e, i) => this.write(asStored(streamId, current + 1 + i, e, this.bump())));
    return { success: true, nextExpectedRevision: BigInt(current + events.length) };
  }

  /** A record the server itself writes, filtered out of the adapter's reads. */
  systemEvent(): void {
    this.write({
      ...this.log[0]!,
      streamId: '$stats',
      type: '$statsCollected',
      revision: 0n,
      position: { commit: this.bump(), prepare: this.next },
    });
  }

  async *readAll(options: { fromPosition?: ReadPosition; maxCount?: number | bigint; filter?: Filter } = {}) {
    let count = 0n;
    for (const event of this.after(options.fromPosition ?? START, true, options.filter)) {
      if (options.maxCount !== undefined && count >= BigInt(options.maxCount)) return;
      count += 1n;
      yield { event };
    }
  }

  /** Where each subscription started. */
  readonly subscribedFrom: ReadPosition[] = [];

  dropConnections(): void {
    for (const { out } of this.live) out.emit('error', new Error('connection reset'));
    this.live.clear();
  }

  subscribeToAll(options: { fromPosition: ReadPosition; filter?: Filter }) {
    this.subscribedFrom.push(options.fromPosition);
    const out = Object.assign(new PassThrough({ objectMode: true }), {
      unsubscribe: async () => {
        this.live.delete(sub);
        out.end();
      },
    });
    const sub = { out, filter: options.filter };
    for (const event of this.after(options.fromPosition, false, options.filter)) out.write({ event });
    this.live.add(sub);
    return out;
  }

  private write(record: KurrentRecord): void {
    this.log.push(record);
    for (const { out, filter } of this.live) {
      if (matches(filter, record)) out.write({ event: record });
      else void filter?.checkpointReached?.(out as never, record.position!);
    }
  }

  private after(from: ReadPosition, inclusive: boolean, filter?: Filter): KurrentRecord[] {
    const start = from === START ? -1n : (from as Position).prepare;
    return this.log.filter((r) => (inclusive ? r.position!.prepare >= start : r.position!.prepare > start) && matches(filter, r));
  }

  private bump(): bigint {
    this.next += 100n;
    return this.next;
  }
}

function matches(filter: Filter | undefined, record: KurrentRecord): boolean {
  return !filter || !('regex' in filter) || new RegExp(filter.regex).test(record.type);
}

function setup() {
  const server = new FakeKurrentDb();
  const store = new KurrentDbEventStore({ client: server as unknown as KurrentDBClient });
  return { server, store };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

describe('KurrentDbEventStore over a fake server', () => {
  it('writes only the events whose ids the stream does not hold yet', async () => {
    const { server, store } = setup();
    const [a, b] = [newEvent(), newEvent()];
    expect(await store.appendToStream('concern-1', [a!], { expectedVersion: 'no_stream' })).toEqual({ nextExpectedVersion: 0, written: 1 });
    expect(await store.appendToStream('concern-1', [a!], { expectedVersion: 'no_stream' })).toEqual({ nextExpectedVersion: 0, written: 0 });
    expect(await store.appendToStream('concern-1', [a!, b!], { expectedVersion: 0 })).toEqual({ nextExpectedVersion: 1, written: 1 });
    expect(server.log.map((r) => r.id)).toEqual([a!.eventId, b!.eventId]);
  });

  it('refuses a stale expected version before writing, and maps a lost race to ConcurrencyError', async () => {
    const { server, store } = setup();
    await store.appendToStream('concern-1', [newEvent()], { expectedVersion: 'no_stream' });
    await expect(store.appendToStream('concern-1', [newEvent()], { expectedVersion: 3 })).rejects.toMatchObject({ expected: 3, actual: 0 });
    server.beforeAppend = () => void server.appendToStream('concern-1', [racer()], { streamState: 0n });
    const lost = store.appendToStream('concern-1', [newEvent()], { expectedVersion: 0 });
    await expect(lost).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(lost).rejects.toMatchObject({ expected: 0, actual: 1 });
  });

  it('retries an append with any after losing a race, keeping the hash chain intact', async () => {
    const { server, store } = setup();
    await store.appendToStream('concern-1', [newEvent()], { expectedVersion: 'no_stream' });
    let raced = false;
    server.beforeAppend = () => {
      raced = true;
      const head = { version: 0, hash: storedMetadataOf(server.log[0]!).hash };
      void server.appendToStream('concern-1', toEventDataBatch('concern-1', head, [newEvent('Racer')]), { streamState: 0n });
    };
    await store.appendToStream('concern-1', [newEvent('Late')], { expectedVersion: 'any' });
    expect(raced).toBe(true);
    expect((await store.readStream('concern-1')).map((e) => e.type)).toEqual(['ConcernRaised', 'Racer', 'Late']);
    expect(await store.verify()).toEqual({ ok: true, checkedEvents: 3 });
  });

  it('reads an unknown stream as empty', async () => {
    expect(await setup().store.readStream('nope')).toEqual([]);
  });

  it('reads $all after a checkpoint, exclusive, in batches, without system events', async () => {
    const { server, store } = setup();
    await store.appendToStream('a', [newEvent('A1'), newEvent('A2')], { expectedVersion: 'no_stream' });
    server.systemEvent();
    await store.appendToStream('b', [newEvent('B1'), newEvent('B2')], { expectedVersion: 'no_stream' });
    const page1 = await store.readAll(null, 3);
    const page2 = await store.readAll(page1.at(-1)!.checkpoint, 3);
    expect(page1.map((e) => e.type)).toEqual(['A1', 'A2', 'B1']);
    expect(page2.map((e) => e.type)).toEqual(['B2']);
    expect(await store.readAll(page2.at(-1)!.checkpoint, 3)).toEqual([]);
  });

  it('reads a school’s history across $all batches, once each, with the hash chain from the metadata', async () => {
    const { server, store } = setup();
    const at = (schoolId: string, n: number) => {
      const e = newEvent('Noted', { n });
      return { ...e, metadata: { ...e.metadata, schoolId } };
    };
    // 1,200 events, every third another school's: the walk crosses two batch boundaries of $all.
    const events = Array.from({ length: 1200 }, (_, n) => at(n % 3 === 0 ? 'elsewhere' : 'oakfield', n));
    await store.appendToStream('a', events, { expectedVersion: 'no_stream' });
    server.systemEvent();
    const scope = { schoolId: 'oakfield' };
    const first = await store.readHistory({ after: '0', limit: 700, scope });
    const rest = await store.readHistory({ after: first.at(-1)!.globalPosition, limit: 700, scope });
    const ns = [...first, ...rest].map((e) => (e.data as { n: number }).n);
    expect(first).toHaveLength(700);
    expect(ns).toEqual(events.flatMap((e, n) => (e.metadata.schoolId === 'oakfield' ? [n] : [])));
    expect(first[0]!.previousHash).toBe(storedMetadataOf(server.log[0]!).hash);
    expect(first[0]!.hash).toBe(storedMetadataOf(server.log[1]!).hash);
    expect(first[0]!.metadata).toEqual(events[1]!.metadata);
    expect(await store.readHistory({ after: rest.at(-1)!.globalPosition, limit: 700, scope })).toEqual([]);
  });

  it('hands a subscription every event once, in order, in batches, and retries a failed batch', async () => {
    const { store } = setup();
    await store.appendToStream('a', [newEvent('E1'), newEvent('E2'), newEvent('E3')], { expectedVersion: 'no_stream' });
    const start = (await store.readAll(null, 1))[0]!.checkpoint;
    const batches: string[][] = [];
    const errors: unknown[] = [];
    let failOnce = true;
    const sub = store.subscribe(
      start,
      async (batch: RecordedEvent[]) => {
        if (failOnce) {
          failOnce = false;
          throw new Error('handler down');
        }
        batches.push(batch.map((e) => e.type));
      },
      { batchSize: 2, idleMs: 1, onError: (err) => errors.push(err) },
    );
    await until(() => batches.length > 0);
    await store.appendToStream('a', [newEvent('E4')], { expectedVersion: 2 });
    await until(() => batches.flat().length === 3);
    await sub.stop();
    expect(batches.flat()).toEqual(['E2', 'E3', 'E4']);
    expect(batches.every((b) => b.length <= 2)).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it('resumes after a dropped connection from the last server checkpoint, past filtered-out system events', async () => {
    const { server, store } = setup();
    const seen: string[] = [];
    const errors: unknown[] = [];
    const sub = store.subscribe(null, async (batch) => void seen.push(...batch.map((e) => e.type)), {
      idleMs: 1,
      onError: (err) => errors.push(err),
    });
    await store.appendToStream('a', [newEvent('E1')], { expectedVersion: 'no_stream' });
    await until(() => seen.length === 1);
    server.systemEvent();
    const systemPosition = server.log.at(-1)!.position!;
    await new Promise((r) => setTimeout(r, 20));
    server.dropConnections();
    await until(() => server.subscribedFrom.length === 2);
    await store.appendToStream('a', [newEvent('E2')], { expectedVersion: 0 });
    await until(() => seen.length === 2);
    await sub.stop();
    expect(seen).toEqual(['E1', 'E2']);
    expect(errors).toEqual([new Error('connection reset')]);
    expect(server.subscribedFrom).toEqual([START, systemPosition]);
  });
});

/** Another writer's event; its content does not matter to a conflict. */
function racer(): EventData {
  return { id: newEvent().eventId, contentType: 'application/json', type: 'Racer', data: {}, metadata: {} };
}
