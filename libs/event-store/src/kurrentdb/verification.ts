import type { VerifyResult } from '../event-store.js';
import { ForeignEventError, chainHash, fromKurrentRecord, storedMetadataOf, type KurrentRecord } from './mapping.js';

/**
 * The event types `verify()` reads from $all: the platform's own (never starting with `$`), stream
 * metadata changes and tombstones — the two ways KurrentDB lets a client make events disappear.
 * Evaluated by the server as a .NET regular expression.
 */
export const VERIFY_EVENT_TYPES = '^(?:[^$].*|\\$metadata|\\$streamDeleted)$';

/** Stream metadata keys under which KurrentDB hides events on read and removes them at the next scavenge. */
const REMOVING_METADATA = ['$tb', '$maxCount', '$maxAge'] as const;

/**
 * Checks $all, fed in log order, the way `verify()` walks it: each stream's revisions run 0, 1, 2…
 * without gaps, every event id occurs once, each event's hash chain links to the previous event of its
 * stream and matches its content, and no platform stream was deleted or given a truncating metadata.
 */
export class StoreWalk {
  private readonly heads = new Map<string, { version: number; hash: string }>();
  private readonly seenIds = new Map<string, string>();
  private checked = 0;

  /** The verdict if `record` breaks the history, otherwise null. */
  visit(record: KurrentRecord): VerifyResult | null {
    if (record.type === '$streamDeleted') return this.broken(record, `stream ${record.streamId} was deleted (tombstoned)`);
    if (record.type === '$metadata') return this.visitMetadata(record);

    this.checked += 1;
    let event;
    let stored;
    try {
      event = fromKurrentRecord(record);
      stored = storedMetadataOf(record);
    } catch (err) {
      if (err instanceof ForeignEventError) return this.broken(record, err.message);
      throw err;
    }
    const head = this.heads.get(event.streamId);
    const due = head ? head.version + 1 : 0;
    if (event.streamVersion !== due)
      return this.broken(record, `stream ${event.streamId}: version ${event.streamVersion} where ${due} was due`);
    const earlier = this.seenIds.get(event.eventId);
    if (earlier !== undefined)
      return this.broken(record, `event id ${event.eventId} occurs twice (${earlier} and ${event.streamId}@${event.streamVersion})`);
    if (stored.previousHash !== (head?.hash ?? null))
      return this.broken(record, `stream ${event.streamId}: chain broken before version ${event.streamVersion}`);
    if (chainHash(event.streamId, event.streamVersion, event, stored.previousHash) !== stored.hash) {
      return this.broken(record, `stream ${event.streamId}: content of version ${event.streamVersion} does not match its hash`);
    }
    this.heads.set(event.streamId, { version: event.streamVersion, hash: stored.hash });
    this.seenIds.set(event.eventId, `${event.streamId}@${event.streamVersion}`);
    return null;
  }

  result(): VerifyResult {
    return { ok: true, checkedEvents: this.checked };
  }

  private visitMetadata(record: KurrentRecord): VerifyResult | null {
    // Metadata of stream X lives in stream $$X; the server manages metadata of its own `$` streams.
    const target = record.streamId.slice(2);
    if (!record.streamId.startsWith('$$') || target.startsWith('$')) return null;
    const data = record.data as Record<string, unknown> | null;
    const keys = REMOVING_METADATA.filter((k) => typeof data === 'object' && data !== null && data[k] !== undefined);
    if (keys.length === 0) return null;
    return this.broken(record, `stream ${target}: metadata ${keys.join(', ')} lets its events be removed (deleted or truncated)`);
  }

  private broken(record: KurrentRecord, reason: string): VerifyResult {
    return { ok: false, checkedEvents: this.checked, firstBrokenPosition: record.position?.prepare.toString() ?? 'unknown', reason };
  }
}
