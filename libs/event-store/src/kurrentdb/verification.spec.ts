import { newEvent } from '../event-store.contract.js';
import { toEventDataBatch, type KurrentRecord } from './mapping.js';
import { asStored } from './test-records.js';
import { StoreWalk, VERIFY_EVENT_TYPES } from './verification.js';

/** Two streams written the way the adapter writes them, interleaved in $all. */
function history(): KurrentRecord[] {
  const a = toEventDataBatch('concern-a', null, [newEvent('A1'), newEvent('A2'), newEvent('A3')]);
  const b = toEventDataBatch('concern-b', null, [newEvent('B1'), newEvent('B2')]);
  return [
    asStored('concern-a', 0, a[0]!, 100n),
    asStored('concern-b', 0, b[0]!, 200n),
    asStored('concern-a', 1, a[1]!, 300n),
    asStored('concern-a', 2, a[2]!, 400n),
    asStored('concern-b', 1, b[1]!, 500n),
  ];
}

function walk(records: KurrentRecord[]) {
  const w = new StoreWalk();
  for (const r of records) {
    const broken = w.visit(r);
    if (broken) return broken;
  }
  return w.result();
}

function metadataEvent(streamId: string, data: unknown, position: bigint): KurrentRecord {
  return {
    streamId,
    id: 'm',
    revision: 0n,
    type: '$metadata',
    created: new Date(),
    isJson: true,
    data,
    metadata: undefined,
    position: { commit: position, prepare: position },
  };
}

describe('verify walk over $all', () => {
  it('passes an untouched history and counts its events', () => {
    expect(walk(history())).toEqual({ ok: true, checkedEvents: 5 });
  });

  it('reports a missing event as a gap in the stream revisions', () => {
    const records = history().filter((r) => !(r.streamId === 'concern-a' && r.revision === 1n));
    expect(walk(records)).toMatchObject({ ok: false, firstBrokenPosition: '400', reason: 'stream concern-a: version 2 where 1 was due' });
  });

  it('reports a stream whose start was truncated away', () => {
    const records = history().filter((r) => !(r.streamId === 'concern-b' && r.revision === 0n));
    expect(walk(records)).toMatchObject({ ok: false, reason: 'stream concern-b: version 1 where 0 was due' });
  });

  it('reports changed data or metadata as a hash mismatch', () => {
    const changedData = history();
    changedData[2] = { ...changedData[2]!, data: { n: 999 } };
    expect(walk(changedData)).toMatchObject({
      ok: false,
      firstBrokenPosition: '300',
      reason: 'stream concern-a: content of version 1 does not match its hash',
    });

    const changedActor = history();
    changedActor[1] = { ...changedActor[1]!, metadata: { ...(changedActor[1]!.metadata as object), actorId: 'someone-else' } };
    expect(walk(changedActor)).toMatchObject({ ok: false, reason: 'stream concern-b: content of version 0 does not match its hash' });
  });

  it('reports an event re-linked to another chain', () => {
    const records = history();
    records[3] = { ...records[3]!, metadata: { ...(records[3]!.metadata as object), previousHash: 'forged' } };
    expect(walk(records)).toMatchObject({ ok: false, reason: 'stream concern-a: chain broken before version 2' });
  });

  it('reports an event id stored in two streams', () => {
    const records = history();
    const [copy] = toEventDataBatch('concern-c', null, [{ ...newEvent(), eventId: records[0]!.id }]);
    records.push(asStored('concern-c', 0, copy!, 600n));
    expect(walk(records)).toMatchObject({ ok: false, firstBrokenPosition: '600', reason: expect.stringContaining('occurs twice') });
  });

  it('reports an event not written by the adapter', () => {
    const records = history();
    records.push({ ...records[0]!, streamId: 'other', id: 'x', metadata: { hello: 'world' } });
    expect(walk(records)).toMatchObject({ ok: false, reason: expect.stringContaining('not written by this adapter') });
  });

  it('reports a tombstoned platform stream', () => {
    const tombstone: KurrentRecord = { ...metadataEvent('concern-a', {}, 700n), type: '$streamDeleted', revision: 2n ** 63n - 1n };
    expect(walk([...history(), tombstone])).toMatchObject({
      ok: false,
      firstBrokenPosition: '700',
      reason: 'stream concern-a was deleted (tombstoned)',
    });
  });

  it('reports metadata that deletes or truncates a platform stream, and ignores harmless or server-owned metadata', () => {
    expect(walk([...history(), metadataEvent('$$concern-a', { $tb: 3 }, 700n)])).toMatchObject({
      ok: false,
      reason: 'stream concern-a: metadata $tb lets its events be removed (deleted or truncated)',
    });
    expect(walk([...history(), metadataEvent('$$concern-b', { $maxAge: 60, $maxCount: 1 }, 700n)])).toMatchObject({
      reason: 'stream concern-b: metadata $maxCount, $maxAge lets its events be removed (deleted or truncated)',
    });
    expect(walk([...history(), metadataEvent('$$concern-a', { $acl: { $r: '$admins' } }, 700n)])).toMatchObject({ ok: true });
    expect(walk([...history(), metadataEvent('$$$stats-127.0.0.1:2113', { $maxAge: 86400 }, 700n)])).toMatchObject({ ok: true });
  });

  it("reads exactly the platform's events, stream metadata and tombstones", () => {
    const re = new RegExp(VERIFY_EVENT_TYPES);
    for (const type of ['ConcernRaised', 'A1', '$metadata', '$streamDeleted']) expect(re.test(type)).toBe(true);
    for (const type of ['$>', '$statsCollected', '$metadataX', '$UserCreated', '']) expect(re.test(type)).toBe(false);
  });
});
