import type pg from 'pg';
import type {
  AppendResult,
  Checkpoint,
  EventStore,
  ExpectedVersion,
  HistoryQuery,
  NewEvent,
  RecordedEvent,
  StoredEvent,
  Subscription,
  SubscriptionOptions,
  VerifyResult,
  VerifyScope,
} from '#lib/event-store';
import { ERASED, isSealed, openField, sealField, UNREADABLE, type SealedField } from './field-cipher.js';
import type { PersonalDataTable } from '#lib/kernel';
import { mapPath, pathsOf } from './personal-data.js';
import type { SubjectKeys } from './subject-keys.js';

const STREAM_SUBJECT_CACHE = 10_000;

/**
 * Crypto-shredding at the event-store boundary: a decorator around any adapter. Appends encrypt the
 * personal fields of known event types under their subject's data key; every read decrypts them,
 * and shows "[erased]" once the subject's key was erased ("[unreadable]" when a ciphertext fails
 * authentication or its key is missing). The inner store hashes what it stores, so the hash chain
 * covers the ciphertext and still verifies after an erasure.
 */
export class EncryptingEventStore implements EventStore {
  private readonly streamSubjects = new Map<string, string>();

  constructor(
    readonly inner: EventStore,
    private readonly keys: SubjectKeys,
    private readonly pool: pg.Pool,
    /** Where each event type holds personal data: the features' rules (see `personalDataTable`). */
    private readonly personalData: PersonalDataTable,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  async appendToStream(streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    const sealed: NewEvent[] = [];
    for (const e of events) sealed.push(await this.seal(streamId, e));
    return this.inner.appendToStream(streamId, sealed, options);
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    return this.open(await this.inner.readStream(streamId));
  }

  async readAll(from: Checkpoint | null, batchSize: number): Promise<RecordedEvent[]> {
    return this.open(await this.inner.readAll(from, batchSize));
  }

  /** The history as stored: its personal data stays sealed (an auditor checks hashes over ciphertext). */
  readHistory(query: HistoryQuery): Promise<StoredEvent[]> {
    return this.inner.readHistory(query);
  }

  subscribe(from: Checkpoint | null, handler: (batch: RecordedEvent[]) => Promise<void>, options?: SubscriptionOptions): Subscription {
    return this.inner.subscribe(from, async (batch) => handler(await this.open(batch)), options);
  }

  countAfter(from: Checkpoint | null, limit: number): Promise<number> {
    return this.inner.countAfter(from, limit);
  }

  headCheckpoint(): Promise<Checkpoint | null> {
    return this.inner.headCheckpoint();
  }

  verify(scope?: VerifyScope): Promise<VerifyResult> {
    return this.inner.verify(scope);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Decrypts events read some other way (e.g. straight from the `events` table). */
  async open<T extends { eventId: string; data: unknown }>(events: T[]): Promise<T[]> {
    const subjects = new Set<string>();
    for (const e of events) walkSealed(e.data, '', (s) => (subjects.add(s.s), s));
    if (subjects.size === 0) return events;
    const keys = await this.keys.lookup(subjects);
    return events.map((e) => {
      const data = walkSealed(e.data, '', (sealed, path) => {
        const key = keys.get(sealed.s);
        if (key === 'erased') return ERASED;
        if (key === undefined || key === 'missing') return UNREADABLE;
        return openField(key, e.eventId, path, sealed) ?? UNREADABLE;
      });
      return data === e.data ? e : { ...e, data };
    });
  }

  private async seal(streamId: string, event: NewEvent): Promise<NewEvent> {
    const rule = this.personalData[event.type];
    if (!rule || typeof event.data !== 'object' || event.data === null) return event;
    const data = event.data as Record<string, unknown>;
    const named = rule.subject?.(data);
    const subject = named ?? (await this.subjectOfStream(streamId));
    if (named !== undefined) await this.recordStreamSubject(streamId, named);
    const key = await this.keys.keyFor(subject);
    let sealed: unknown = data;
    for (const path of pathsOf(rule, data)) {
      sealed = mapPath(sealed, path, (v) => (typeof v === 'string' ? sealField(key, subject, event.eventId, path, v) : v));
    }
    return { ...event, data: sealed };
  }

  /** Written before the stream's first event, so its later events (which name no one) use the same key. */
  private async recordStreamSubject(streamId: string, subjectId: string): Promise<void> {
    if (this.streamSubjects.has(streamId)) return;
    await this.pool.query('INSERT INTO stream_subjects (stream_id, subject_id) VALUES ($1, $2) ON CONFLICT (stream_id) DO NOTHING', [
      streamId,
      subjectId,
    ]);
    this.rememberStream(streamId, subjectId);
  }

  /** Whose key encrypts a stream's personal data (what is kept beside the stream, e.g. attachments, uses the same). */
  subjectOf(streamId: string): Promise<string> {
    return this.subjectOfStream(streamId);
  }

  /** The stream's recorded subject; a stream with none (older than this store) is keyed by its own id. */
  private async subjectOfStream(streamId: string): Promise<string> {
    const cached = this.streamSubjects.get(streamId);
    if (cached) return cached;
    const { rows } = await this.pool.query<{ subject_id: string }>(
      `INSERT INTO stream_subjects (stream_id, subject_id) VALUES ($1, $1)
       ON CONFLICT (stream_id) DO UPDATE SET stream_id = EXCLUDED.stream_id
       RETURNING subject_id`,
      [streamId],
    );
    const subject = rows[0]!.subject_id;
    this.rememberStream(streamId, subject);
    return subject;
  }

  private rememberStream(streamId: string, subjectId: string): void {
    this.streamSubjects.set(streamId, subjectId);
    if (this.streamSubjects.size > STREAM_SUBJECT_CACHE) this.streamSubjects.delete(this.streamSubjects.keys().next().value!);
  }
}

/**
 * Replaces every sealed field found in `value` (copy on write: untouched parts are shared). The path
 * handed to `fn` is written as in the personal-data rules: `bodyMap[].note`, `witnesses[]`.
 */
function walkSealed(value: unknown, path: string, fn: (sealed: SealedField, path: string) => unknown): unknown {
  if (isSealed(value)) return fn(value, path);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const w = walkSealed(v, `${path}[]`, fn);
      changed ||= w !== v;
      return w;
    });
    return changed ? out : value;
  }
  if (typeof value === 'object' && value !== null) {
    let out: Record<string, unknown> | null = null;
    for (const [k, v] of Object.entries(value)) {
      const w = walkSealed(v, path ? `${path}.${k}` : k, fn);
      if (w !== v) (out ??= { ...(value as Record<string, unknown>) })[k] = w;
    }
    return out ?? value;
  }
  return value;
}
