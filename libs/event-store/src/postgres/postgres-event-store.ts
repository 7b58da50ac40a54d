import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  ConcurrencyError,
  type AppendResult,
  type Checkpoint,
  type EventStore,
  type ExpectedVersion,
  type HistoryQuery,
  type NewEvent,
  type RecordedEvent,
  type StoredEvent,
  type Subscription,
  type SubscriptionOptions,
  type VerifyResult,
  type VerifyScope,
} from '../event-store.js';
import { eventHash } from '../hashing.js';
import { HISTORY_SEALED, SEAL_STREAM, type Seal, type SealLog } from '../sealing/seals.js';
import { checkSeals, computeSeal, sealedEvent, storedSeals } from './history-seals.js';
import { UpcasterChain } from '../upcasting.js';
import { EVENT_STORE_MIGRATIONS, migrate } from './migrations.js';

export interface PostgresEventStoreOptions {
  pool: pg.Pool;
  upcasters?: UpcasterChain;
  /** The store's own clock for `recordedAt`; replaced in tests. */
  now?: () => Date;
  /** Where seals are also kept outside the database (see `seal`). */
  sealLog?: SealLog;
  /**
   * Connections of their own for `readAll` (the subscriptions and the projections' live path): a
   * burst of commands queues its statements in `pool`, and the read that turns them into alerts
   * must not wait behind them. Unset: `pool`.
   */
  readPool?: pg.Pool;
}

interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: NewEvent['metadata'];
  recorded_at: Date;
  previous_hash: string | null;
  hash: string;
}

const COLUMNS = `global_position::text, transaction_id::text, stream_id, stream_version, event_id::text, type,
  schema_version, data, metadata, recorded_at, previous_hash, hash`;

export const EVENTS_CHANNEL = 'events_appended';

/** An event as the append statement receives it (one element of its JSON parameter). */
interface AppendedRow {
  stream_version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: NewEvent['metadata'];
  previous_hash: string | null;
  hash: string;
}

/**
 * The events of an append ($5: a JSON array of AppendedRow), inserted only if the head moved, in
 * version order (global positions follow it). $1 stream, $2 its new version, $3 its new last hash,
 * $4 recorded at.
 */
const INSERT_EVENTS = `written AS (
    INSERT INTO events (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, previous_hash, hash)
    SELECT $1, (e->>'stream_version')::integer, (e->>'event_id')::uuid, e->>'type', (e->>'schema_version')::integer,
           e->'data', e->'metadata', $4::timestamptz, e->>'previous_hash', e->>'hash'
      FROM jsonb_array_elements($5::jsonb) WITH ORDINALITY AS appended(e, n)
     WHERE EXISTS (SELECT 1 FROM moved)
     ORDER BY appended.n
    RETURNING 1)
  SELECT count(*)::int AS n FROM written`;

/** The head is created only if the stream does not exist yet, and the events go in only if it was: one statement, both or neither. */
const APPEND_TO_NEW_STREAM = `WITH moved AS (
    INSERT INTO streams (stream_id, version, last_hash) VALUES ($1, $2::integer, $3::text) ON CONFLICT (stream_id) DO NOTHING RETURNING 1),
  ${INSERT_EVENTS}`;

/** The head moves only if it is still at the version the writer knows ($6). */
const APPEND_TO_STREAM = `WITH moved AS (
    UPDATE streams SET version = $2::integer, last_hash = $3::text WHERE stream_id = $1 AND version = $6::integer RETURNING 1),
  ${INSERT_EVENTS}`;

const UNIQUE_VIOLATION = '23505';
const HEAD_CACHE = 10_000;

export class PostgresEventStore implements EventStore {
  readonly name = 'postgres';
  private readonly pool: pg.Pool;
  private readonly readPool: pg.Pool;
  private readonly upcasters: UpcasterChain;
  private readonly now: () => Date;
  private readonly sealLog: SealLog | undefined;
  private readonly localSubscribers = new Set<() => void>();
  private notifying = false;
  private notifyAgain = false;
  private readonly instanceId = randomUUID();
  /**
   * Each stream's head as this process last wrote or read it: an append on a head it knows is one
   * statement (the head moves only if it is still there; if not, the full path reads it afresh).
   */
  private readonly heads = new Map<string, { version: number; hash: string }>();

  constructor(options: PostgresEventStoreOptions) {
    this.pool = options.pool;
    this.readPool = options.readPool ?? options.pool;
    this.upcasters = options.upcasters ?? new UpcasterChain();
    this.now = options.now ?? (() => new Date());
    this.sealLog = options.sealLog;
  }

  static async migrate(pool: pg.Pool): Promise<number[]> {
    return migrate(pool, EVENT_STORE_MIGRATIONS);
  }

  async appendToStream(streamId: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    // A writer that lost a race (the same event id, or the stream moved between our read and our
    // write) tries again on fresh facts: it then sees the stored event (a no-op), a version that no
    // longer matches (a conflict), or, with `any`, simply appends after the other writer.
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.tryAppend(streamId, events, options.expectedVersion);
        if (result !== 'moved') return result;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
      if (attempt >= 5) throw new ConcurrencyError(streamId, options.expectedVersion, 'no_stream');
    }
  }

  /**
   * One round trip when this process knows the stream's head (it wrote or read the stream last, or
   * the stream is new): the write itself, which moves the head only if it is still there. Otherwise,
   * or when that fails, two: read the head (and which of the events are already stored), then write.
   * 'moved': another writer got there in between.
   */
  private async tryAppend(streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult | 'moved'> {
    const known = this.heads.get(streamId);
    if (expected === 'no_stream' && !known) {
      const fast = await this.write(streamId, events, 'no_stream', null, expected, true).catch((err: unknown) => {
        if (isUniqueViolation(err)) return 'unsure' as const;
        throw err;
      });
      if (fast !== 'unsure') return fast;
    } else if (known && (expected === 'any' || expected === known.version)) {
      const fast = await this.write(streamId, events, known.version, known.hash, expected, true).catch((err: unknown) => {
        if (isUniqueViolation(err)) return 'unsure' as const;
        throw err;
      });
      if (fast !== 'unsure') return fast;
    }
    // The head was not where this process thought (or an event may be stored already): read it.
    this.heads.delete(streamId);
    const { rows } = await this.pool.query<{ version: number | null; last_hash: string | null; stored: string[] }>({
      name: 'event-store-head',
      text: `SELECT s.version, s.last_hash, ARRAY(SELECT event_id::text FROM events WHERE event_id = ANY($2::uuid[])) AS stored
               FROM (SELECT 1) AS one LEFT JOIN streams s ON s.stream_id = $1`,
      values: [streamId, events.map((e) => e.eventId)],
    });
    const head = rows[0]!;
    const actual: number | 'no_stream' = head.version ?? 'no_stream';
    const already = new Set(head.stored);
    const fresh = events.filter((e) => !already.has(e.eventId));
    // Every event is already stored: repeating an append is a no-op, whatever the expected version.
    if (fresh.length === 0) return { nextExpectedVersion: actual === 'no_stream' ? -1 : actual, written: 0 };
    if (!matches(expected, actual)) throw new ConcurrencyError(streamId, expected, actual);
    const written = await this.write(streamId, fresh, actual, head.last_hash, expected, false);
    return written === 'unsure' ? 'moved' : written;
  }

  /**
   * One statement that moves the head only if it is still where we read it and, in the same
   * statement, inserts the events. 'unsure': the head had moved, on a head this process only
   * remembered (the caller reads it and tries again); 'moved': on a head it had just read.
   */
  private async write(
    streamId: string,
    fresh: NewEvent[],
    actual: number | 'no_stream',
    lastHash: string | null,
    expected: ExpectedVersion,
    remembered: boolean,
  ): Promise<AppendResult | 'moved' | 'unsure'> {
    let version = actual === 'no_stream' ? -1 : actual;
    let previousHash: string | null = lastHash;
    const recordedAt = this.now().toISOString();
    const rows: AppendedRow[] = [];
    for (const e of fresh) {
      version += 1;
      const hash = eventHash(
        {
          streamId,
          streamVersion: version,
          eventId: e.eventId,
          type: e.type,
          schemaVersion: e.schemaVersion,
          data: e.data,
          metadata: e.metadata,
          recordedAt,
        },
        previousHash,
      );
      rows.push({
        stream_version: version,
        event_id: e.eventId,
        type: e.type,
        schema_version: e.schemaVersion,
        data: e.data,
        metadata: e.metadata,
        previous_hash: previousHash,
        hash,
      });
      previousHash = hash;
    }
    // The events go as one JSON document, so the statement's text is the same for any number of
    // events and is prepared once per connection.
    const events = JSON.stringify(rows);
    const written = await this.pool.query<{ n: number }>(
      actual === 'no_stream'
        ? { name: 'event-store-append-new', text: APPEND_TO_NEW_STREAM, values: [streamId, version, previousHash, recordedAt, events] }
        : { name: 'event-store-append', text: APPEND_TO_STREAM, values: [streamId, version, previousHash, recordedAt, events, actual] },
    );
    if (written.rows[0]!.n === 0) {
      if (remembered) return 'unsure';
      if (expected === 'any') return 'moved';
      const { rows: now } = await this.pool.query<{ version: number }>('SELECT version FROM streams WHERE stream_id = $1', [streamId]);
      throw new ConcurrencyError(streamId, expected, now[0]?.version ?? 'no_stream');
    }
    this.remember(streamId, version, previousHash!);
    this.announceAppend();
    return { nextExpectedVersion: version, written: fresh.length };
  }

  private remember(streamId: string, version: number, hash: string): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, { version, hash });
    if (this.heads.size > HEAD_CACHE) this.heads.delete(this.heads.keys().next().value!);
  }

  /**
   * Wakes subscribers: those in this process at once, those in others through NOTIFY. The NOTIFY is
   * sent after the commit (inside the append's transaction it would make every commit queue behind
   * PostgreSQL's notify lock), one at a time: appends committed while one is on its way are announced
   * by one more after it, so busy writers send far fewer NOTIFYs than appends and hold no connection
   * waiting to send them.
   */
  private announceAppend(): void {
    for (const wake of this.localSubscribers) wake();
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    setImmediate(() => this.sendNotify());
  }

  private sendNotify(): void {
    this.notifyAgain = false;
    // Signed with this store's id: its own subscribers were woken at once and ignore the echo.
    // Committed without waiting for its WAL to reach the disk: a wake-up lost in a crash costs a
    // poll, where a synchronous commit would cost a disk flush per append beside the append's own.
    this.pool
      .query({
        name: 'event-store-notify',
        text: `SELECT set_config('synchronous_commit', 'off', true), pg_notify('${EVENTS_CHANNEL}', $1)`,
        values: [this.instanceId],
      })
      .catch(() => undefined)
      .finally(() => {
        if (this.notifyAgain) this.sendNotify();
        else this.notifying = false;
      });
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(`SELECT ${COLUMNS} FROM events WHERE stream_id = $1 ORDER BY stream_version`, [
      streamId,
    ]);
    const last = rows[rows.length - 1];
    // A command loads its stream before it appends: the append then knows the head.
    if (last) this.remember(streamId, last.stream_version, last.hash);
    return rows.map((r) => this.toRecorded(r));
  }

  async readAll(from: Checkpoint | null, batchSize: number): Promise<RecordedEvent[]> {
    // Only rows of transactions older than every transaction still running: a row committed later can never appear before them.
    const { rows } = await this.readPool.query<EventRow>(
      `SELECT ${COLUMNS} FROM events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY events.transaction_id, events.global_position
        LIMIT $3`,
      [from?.transactionId ?? '0', from?.globalPosition ?? '0', batchSize],
    );
    return rows.map((r) => this.toRecorded(r));
  }

  async readHistory(query: HistoryQuery): Promise<StoredEvent[]> {
    const trustWide = 'trustId' in query.scope;
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM events
        WHERE events.global_position > $1::bigint
          AND (CASE WHEN $3 THEN metadata->>'trustId' ELSE metadata->>'schoolId' END) = $4
          AND ($5::text IS NULL OR stream_id = $5)
          AND ($6::text IS NULL OR metadata->>'actorId' = $6)
          AND ($7::date IS NULL OR (recorded_at AT TIME ZONE 'Europe/London')::date >= $7::date)
          AND ($8::date IS NULL OR (recorded_at AT TIME ZONE 'Europe/London')::date <= $8::date)
        ORDER BY events.global_position
        LIMIT $2`,
      [
        query.after,
        query.limit,
        trustWide,
        'trustId' in query.scope ? query.scope.trustId : query.scope.schoolId,
        query.streamId ?? null,
        query.actorId ?? null,
        query.recordedFrom ?? null,
        query.recordedTo ?? null,
      ],
    );
    // As written: the history shows what was stored, not what today's code reads it as.
    return rows.map((r) => ({
      eventId: r.event_id,
      type: r.type,
      schemaVersion: r.schema_version,
      data: r.data,
      metadata: r.metadata,
      streamId: r.stream_id,
      streamVersion: r.stream_version,
      globalPosition: r.global_position,
      checkpoint: { transactionId: r.transaction_id, globalPosition: r.global_position },
      recordedAt: r.recorded_at.toISOString(),
      hash: r.hash,
      previousHash: r.previous_hash,
    }));
  }

  async countAfter(from: Checkpoint | null, limit: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      from
        ? `SELECT count(*)::int AS n FROM (SELECT 1 FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) LIMIT $3) after`
        : 'SELECT count(*)::int AS n FROM (SELECT 1 FROM events LIMIT $1) after',
      from ? [from.transactionId, from.globalPosition, limit] : [limit],
    );
    return rows[0]!.n;
  }

  async headCheckpoint(): Promise<Checkpoint | null> {
    const { rows } = await this.pool.query<{ t: string; g: string }>(
      'SELECT transaction_id::text AS t, global_position::text AS g FROM events ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1',
    );
    return rows[0] ? { transactionId: rows[0].t, globalPosition: rows[0].g } : null;
  }

  subscribe(from: Checkpoint | null, handler: (batch: RecordedEvent[]) => Promise<void>, options: SubscriptionOptions = {}): Subscription {
    return new PollingSubscription(this, this.pool, from, handler, options, this.localSubscribers, this.instanceId);
  }

  /**
   * Seals the history stored so far that can no longer change: its Merkle root, appended as a
   * `HistorySealed` event and written to the seal log outside the database. Null when there is
   * nothing new to seal (or another process is sealing).
   */
  async seal(): Promise<Seal | null> {
    const previous = (await this.lastSeal())?.upTo ?? null;
    const seal = await computeSeal(this.pool, previous, this.now());
    if (seal === null) return null;
    await this.appendToStream(SEAL_STREAM, [sealedEvent(seal)], { expectedVersion: 'any' });
    await this.sealLog?.append(seal);
    return seal;
  }

  /** The latest seal recorded in the store, or null. */
  async lastSeal(): Promise<Seal | null> {
    const { rows } = await this.pool.query<{ data: Seal }>(
      `SELECT data FROM events WHERE stream_id = $1 AND type = $2 ORDER BY stream_version DESC LIMIT 1`,
      [SEAL_STREAM, HISTORY_SEALED],
    );
    return rows[0]?.data ?? null;
  }

  /** The last event stored that is not itself a seal (what a seal must reach to cover everything), or null. */
  async lastRecord(): Promise<Checkpoint | null> {
    const { rows } = await this.pool.query<{ t: string; g: string }>(
      `SELECT transaction_id::text AS t, global_position::text AS g FROM events WHERE stream_id <> $1
        ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
      [SEAL_STREAM],
    );
    return rows[0] ? { transactionId: rows[0].t, globalPosition: rows[0].g } : null;
  }

  /** How many events other than seals were stored after a position. */
  async recordsAfter(globalPosition: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM events WHERE global_position > $1::bigint AND stream_id <> $2',
      [globalPosition, SEAL_STREAM],
    );
    return rows[0]!.n;
  }

  /** The seals recorded in the store, oldest first. */
  seals(): Promise<Seal[]> {
    return storedSeals(this.pool);
  }

  /**
   * Checks every stream's hash chain and every seal (those in the store and those in the seal log);
   * a broken history is reported at the earliest position either check found.
   * `db`: a connection of the caller's (e.g. inside a transaction of its own); the pool otherwise.
   */
  async verify(scope?: VerifyScope, db: pg.Pool | pg.PoolClient = this.pool): Promise<VerifyResult> {
    const chains = await this.verifyChains(db, scope);
    const seals = [
      ...(await storedSeals(db)).map((seal) => ({ seal, kept: 'in the store' as const })),
      ...((await this.sealLog?.read()) ?? []).map((seal) => ({ seal, kept: 'outside the store' as const })),
    ];
    const sealed = await checkSeals(db, seals);
    const sealsChecked = seals.length;
    if (sealed && (chains.ok || BigInt(sealed.firstBrokenPosition!) < BigInt(chains.firstBrokenPosition!))) {
      return { ...sealed, checkedEvents: chains.checkedEvents, sealsChecked };
    }
    return { ...chains, sealsChecked };
  }

  /** Every chain, or (scoped) the chains of a trust's or its schools' records: the seals still cover the whole history. */
  private async verifyChains(db: pg.Pool | pg.PoolClient, scope?: VerifyScope): Promise<VerifyResult> {
    const heads = new Map<string, { version: number; hash: string }>();
    let checked = 0;
    let after = '0';
    const batch = 5000;
    for (;;) {
      const { rows } = await db.query<EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE events.global_position > $1::bigint
            AND ($3::text IS NULL OR events.metadata->>'trustId' = $3) AND ($4::text[] IS NULL OR events.metadata->>'schoolId' = ANY($4))
          ORDER BY events.global_position LIMIT $2`,
        [after, batch, scope?.trustId ?? null, scope?.schoolIds ?? null],
      );
      for (const r of rows) {
        checked += 1;
        const head = heads.get(r.stream_id);
        const expectedVersion = head ? head.version + 1 : 0;
        const expectedPrevious = head?.hash ?? null;
        if (r.stream_version !== expectedVersion) {
          return broken(checked, r.global_position, `stream ${r.stream_id}: version ${r.stream_version} where ${expectedVersion} was due`);
        }
        if (r.previous_hash !== expectedPrevious) {
          return broken(checked, r.global_position, `stream ${r.stream_id}: chain broken before version ${r.stream_version}`);
        }
        const hash = eventHash(
          {
            streamId: r.stream_id,
            streamVersion: r.stream_version,
            eventId: r.event_id,
            type: r.type,
            schemaVersion: r.schema_version,
            data: r.data,
            metadata: r.metadata,
            recordedAt: r.recorded_at.toISOString(),
          },
          r.previous_hash,
        );
        if (hash !== r.hash)
          return broken(
            checked,
            r.global_position,
            `stream ${r.stream_id}: content of version ${r.stream_version} does not match its hash`,
          );
        heads.set(r.stream_id, { version: r.stream_version, hash: r.hash });
      }
      if (rows.length < batch) break;
      after = rows[rows.length - 1]!.global_position;
    }
    // The per-stream chain cannot see its own tail removed; the streams table records where each chain ended.
    const { rows: streams } = await db.query<{ stream_id: string; version: number; last_hash: string }>(
      'SELECT stream_id, version, last_hash FROM streams',
    );
    for (const s of streams) {
      const head = heads.get(s.stream_id);
      // Scoped: another trust's streams are not this walk's to judge (the seals judge the whole history).
      if (scope && !head) continue;
      if (!head || head.version !== s.version || head.hash !== s.last_hash) {
        const { rows: last } = await db.query<{ p: string | null }>(
          'SELECT max(global_position)::text AS p FROM events WHERE stream_id = $1',
          [s.stream_id],
        );
        return broken(
          checked,
          last[0]?.p ?? '0',
          `stream ${s.stream_id}: ends at version ${head?.version ?? 'none'} where ${s.version} was recorded`,
        );
      }
    }
    return { ok: true, checkedEvents: checked };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private toRecorded(r: EventRow): RecordedEvent {
    const { schemaVersion, data } = this.upcasters.apply(r.type, r.schema_version, r.data);
    return {
      eventId: r.event_id,
      type: r.type,
      schemaVersion,
      data,
      metadata: r.metadata,
      streamId: r.stream_id,
      streamVersion: r.stream_version,
      globalPosition: r.global_position,
      checkpoint: { transactionId: r.transaction_id, globalPosition: r.global_position },
      recordedAt: r.recorded_at.toISOString(),
    };
  }
}

function matches(expected: ExpectedVersion, actual: number | 'no_stream'): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 'no_stream';
  return actual === expected;
}

function broken(checkedEvents: number, position: string, reason: string): VerifyResult {
  return { ok: false, checkedEvents, firstBrokenPosition: position, reason };
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === UNIQUE_VIOLATION;
}

/** Follows `readAll`; wakes on NOTIFY from appends and otherwise polls every `idleMs`. */
class PollingSubscription implements Subscription {
  private stopped = false;
  private pending = false;
  private wake: (() => void) | null = null;
  private listener: pg.PoolClient | null = null;
  private readonly done: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly pool: pg.Pool,
    private checkpoint: Checkpoint | null,
    private readonly handler: (batch: RecordedEvent[]) => Promise<void>,
    private readonly options: SubscriptionOptions,
    private readonly local: Set<() => void>,
    private readonly instanceId: string,
  ) {
    local.add(this.onAppend);
    this.done = this.run();
  }

  private readonly onAppend = () => {
    this.pending = true;
    this.wake?.();
  };

  private async listen(): Promise<void> {
    try {
      this.listener = await this.pool.connect();
      this.listener.on('notification', (n) => {
        // An append of this process woke it already.
        if (n.payload !== this.instanceId) this.onAppend();
      });
      await this.listener.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch {
      // Polling alone still delivers every event; the listener only cuts latency.
      this.listener?.release();
      this.listener = null;
    }
  }

  private async run(): Promise<void> {
    await this.listen();
    const batchSize = this.options.batchSize ?? 500;
    const idleMs = this.options.idleMs ?? 250;
    // After a wake-up that found nothing, the new event is hidden behind a transaction still open
    // (gap safety): look again soon, backing off, rather than sleeping the whole idle period.
    let retryMs = 0;
    while (!this.stopped) {
      let wait = idleMs;
      try {
        const woken = this.pending;
        this.pending = false;
        const batch = await this.store.readAll(this.checkpoint, batchSize);
        if (batch.length > 0) {
          retryMs = 0;
          await this.handler(batch);
          this.checkpoint = batch[batch.length - 1]!.checkpoint;
          if (batch.length === batchSize) continue;
        } else if (woken || retryMs > 0) {
          // Fourfold: an older transaction may hold the read back a while (a statement per look).
          retryMs = retryMs === 0 ? 4 : retryMs * 4;
          if (retryMs < idleMs) wait = retryMs;
          else retryMs = 0;
        }
      } catch (err) {
        // The same batch is tried again from the same checkpoint: nothing is skipped.
        this.options.onError?.(err);
        wait = Math.max(idleMs, 1000);
      }
      if (this.stopped || this.pending) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.local.delete(this.onAppend);
    this.wake?.();
    await this.done.catch(() => undefined);
    if (this.listener) {
      await this.listener.query(`UNLISTEN ${EVENTS_CHANNEL}`).catch(() => undefined);
      this.listener.release();
      this.listener = null;
    }
  }
}
