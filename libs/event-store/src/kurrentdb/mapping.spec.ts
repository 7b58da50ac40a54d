import { ANY, NO_STREAM, START, StreamNotFoundError, UnavailableError, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { newEvent } from '../event-store.contract.js';
import { ConcurrencyError, compareCheckpoints, type ExpectedVersion } from '../event-store.js';
import {
  ForeignEventError,
  chainHash,
  collectStream,
  fromCheckpoint,
  fromKurrentRecord,
  fromStreamState,
  storedMetadataOf,
  toCheckpoint,
  toEventData,
  toEventDataBatch,
  toPortError,
  toReadPosition,
  toStreamState,
} from './mapping.js';
import { asStored } from './test-records.js';

describe('expected version <-> stream state', () => {
  it.each<[ExpectedVersion, unknown]>([
    ['any', ANY],
    ['no_stream', NO_STREAM],
    [0, 0n],
    [41, 41n],
    [2 ** 40, 2n ** 40n],
  ])('maps %p to %p and back', (expected, state) => {
    expect(toStreamState(expected)).toBe(state);
    expect(fromStreamState(toStreamState(expected))).toBe(expected);
  });
});

describe('position <-> checkpoint', () => {
  it('maps commit to transactionId and prepare to globalPosition, as decimal strings beyond 2^53', () => {
    const position = { commit: 2n ** 60n + 7n, prepare: 2n ** 60n + 3n };
    expect(toCheckpoint(position)).toEqual({ transactionId: '1152921504606846983', globalPosition: '1152921504606846979' });
    expect(fromCheckpoint(toCheckpoint(position))).toEqual(position);
  });

  it('keeps the order of $all: commit first, then prepare', () => {
    const positions = [
      { commit: 100n, prepare: 100n },
      { commit: 250n, prepare: 180n },
      { commit: 250n, prepare: 250n },
      { commit: 2n ** 55n, prepare: 1n },
    ];
    for (let i = 0; i + 1 < positions.length; i += 1) {
      expect(compareCheckpoints(toCheckpoint(positions[i]!), toCheckpoint(positions[i + 1]!))).toBe(-1);
    }
  });

  it('reads from the start without a checkpoint and from the position with one', () => {
    expect(toReadPosition(null)).toBe(START);
    expect(toReadPosition({ transactionId: '12', globalPosition: '10' })).toEqual({ commit: 12n, prepare: 10n });
  });
});

describe('client errors -> port errors', () => {
  it('turns a wrong expected version into ConcurrencyError with the actual version', () => {
    const err = toPortError(new WrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current: 3n }), 's', 0);
    expect(err).toBeInstanceOf(ConcurrencyError);
    expect(err).toMatchObject({ streamId: 's', expected: 0, actual: 3 });
  });

  it('reports a missing stream as no_stream and keeps the port-side expected version', () => {
    const err = toPortError(new WrongExpectedVersionError(undefined, { streamName: 's', expected: 4n, current: NO_STREAM }), 's', 'any');
    expect(err).toMatchObject({ expected: 'any', actual: 'no_stream' });
  });

  it('passes any other error through unchanged', () => {
    const other = new UnavailableError();
    expect(toPortError(other, 's', 0)).toBe(other);
  });

  it('reads a stream that does not exist as empty', async () => {
    const missing: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new StreamNotFoundError(undefined, 'concern-x')) }),
    };
    expect(await collectStream(missing)).toEqual([]);
  });

  it('collects an existing stream in order and rethrows other failures', async () => {
    async function* three(): AsyncGenerator<number> {
      yield* [1, 2, 3];
    }
    async function* broken(): AsyncGenerator<number> {
      yield 1;
      throw new UnavailableError();
    }
    expect(await collectStream(three())).toEqual([1, 2, 3]);
    await expect(collectStream(broken())).rejects.toBeInstanceOf(UnavailableError);
  });
});

describe('envelope <-> KurrentDB event', () => {
  it('uses the event id as the KurrentDB id and keeps type and data as they are', () => {
    const e = newEvent('ConcernRaised', { summary: 'bruise on arm' });
    const data = toEventData(e, { previousHash: null, hash: 'h' });
    expect(data).toMatchObject({
      id: e.eventId,
      type: 'ConcernRaised',
      contentType: 'application/json',
      data: { summary: 'bruise on arm' },
    });
    expect(data.metadata).toEqual({ ...e.metadata, schemaVersion: 1, previousHash: null, hash: 'h' });
  });

  it('round-trips every field of the envelope through what the server stores', () => {
    const events = [
      newEvent('ConcernRaised', { summary: 'bruise on arm', nested: { b: 2, a: [1, 'x', null, true] }, text: 'Zoë — “quoted”' }),
      { ...newEvent('ConcernAcknowledged', ['a', 1]), schemaVersion: 3 },
      { ...newEvent('ConcernNoted', 'just text'), metadata: { ...newEvent().metadata, schoolId: null, trustId: null, causationId: 'c-1' } },
    ];
    const written = toEventDataBatch('concern-1', null, events);
    const created = new Date('2026-03-02T10:00:00.123Z');
    const read = written.map((d, i) => fromKurrentRecord(asStored('concern-1', i, d, 1000n + BigInt(i) * 200n, created)));
    read.forEach((r, i) => {
      const { eventId, type, schemaVersion, data, metadata } = r;
      expect({ eventId, type, schemaVersion, data, metadata }).toEqual(events[i]);
      expect(r).toMatchObject({
        streamId: 'concern-1',
        streamVersion: i,
        globalPosition: String(1000 + i * 200),
        checkpoint: { transactionId: String(1000 + i * 200), globalPosition: String(1000 + i * 200) },
        recordedAt: '2026-03-02T10:00:00.123Z',
      });
    });
  });

  it('chains each event to the previous one of its stream, continuing from the stream head', () => {
    const [a, b] = [newEvent(), newEvent()];
    const written = toEventDataBatch('concern-1', { version: 4, hash: 'head' }, [a!, b!]);
    const [ma, mb] = written.map((d) => storedMetadataOf(asStored('concern-1', 0, d, 1n)));
    expect(ma).toMatchObject({ previousHash: 'head', hash: chainHash('concern-1', 5, a!, 'head') });
    expect(mb).toMatchObject({ previousHash: ma!.hash, hash: chainHash('concern-1', 6, b!, ma!.hash) });
  });

  it('hashes the content and position, so any change gives another hash', () => {
    const e = newEvent('ConcernRaised', { n: 1 });
    const base = chainHash('concern-1', 0, e, null);
    expect(chainHash('concern-1', 0, structuredClone(e), null)).toBe(base);
    expect(chainHash('concern-2', 0, e, null)).not.toBe(base);
    expect(chainHash('concern-1', 1, e, null)).not.toBe(base);
    expect(chainHash('concern-1', 0, e, 'prev')).not.toBe(base);
    expect(chainHash('concern-1', 0, { ...e, data: { n: 2 } }, null)).not.toBe(base);
    expect(chainHash('concern-1', 0, { ...e, metadata: { ...e.metadata, actorId: 'someone-else' } }, null)).not.toBe(base);
  });

  it('refuses events this adapter did not write, naming them', () => {
    const [data] = toEventDataBatch('concern-1', null, [newEvent()]);
    const good = asStored('concern-1', 0, data!, 1n);
    expect(() => fromKurrentRecord({ ...good, metadata: undefined })).toThrow(ForeignEventError);
    expect(() => fromKurrentRecord({ ...good, metadata: { actorId: 'a' } })).toThrow(/schemaVersion/);
    expect(() => fromKurrentRecord({ ...good, isJson: false })).toThrow(/not JSON/);
    expect(() => fromKurrentRecord({ ...good, position: undefined })).toThrow(/22\.6/);
  });
});
