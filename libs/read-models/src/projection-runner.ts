import type pg from 'pg';
import { compareCheckpoints, type EventStore, type RecordedEvent, type Subscription } from '../../event-store/src/event-store.js';
import type { Clock } from '../../core/src/clock.js';
import type { ApplyContext, Projection, ProjectionStatus, ReadModelChange } from './projection.js';
import { createGeneration, dropGeneration, quoteIdent, readCheckpoint, schemaName } from './schemas.js';

export interface RunnerDeps {
  pool: pg.Pool;
  store: EventStore;
  clock: Clock;
  onChange: (change: ReadModelChange) => void;
  onError: (err: unknown, projection: string) => void;
  batchSize?: number;
}

/**
 * Runs one projection: keeps its live generation up to date, exactly once per event (the checkpoint
 * is written in the transaction that applies the batch, and events at or before it are skipped), and
 * only in one process at a time (a PostgreSQL advisory lock).
 */
export class ProjectionRunner {
  private schema = '';
  private lockClient: pg.PoolClient | null = null;
  private subscription: Subscription | null = null;
  private lockRetry: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Serialises everything that writes this projection within the process. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly projection: Projection,
    private readonly deps: RunnerDeps,
  ) {}

  get liveSchema(): string {
    return this.schema;
  }

  get running(): boolean {
    return this.subscription !== null;
  }

  /** Makes sure a live generation exists and matches the projection's version (rebuilding if not). */
  async init(): Promise<void> {
    const { pool } = this.deps;
    const { rows } = await pool.query<{ live_schema: string; version: number }>(
      'SELECT live_schema, version FROM read_model_registry WHERE name = $1',
      [this.projection.name],
    );
    const registered = rows[0];
    if (registered && registered.version === this.projection.version) {
      this.schema = registered.live_schema;
      return;
    }
    if (!registered) {
      const schema = schemaName(this.projection.name, 1);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`read-model-registry:${this.projection.name}`]);
        const again = await client.query<{ live_schema: string }>('SELECT live_schema FROM read_model_registry WHERE name = $1', [
          this.projection.name,
        ]);
        if (again.rows[0]) {
          this.schema = again.rows[0].live_schema;
        } else {
          await createGeneration(client, schema, this.projection);
          await client.query('INSERT INTO read_model_registry (name, live_schema, version, generation) VALUES ($1, $2, $3, 1)', [
            this.projection.name,
            schema,
            this.projection.version,
          ]);
          this.schema = schema;
        }
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
      return;
    }
    this.schema = registered.live_schema;
    await this.rebuild();
  }

  /** Follows the store in the background while this process holds the projection's lock. */
  start(): void {
    this.stopped = false;
    void this.tryTakeLock();
  }

  private async tryTakeLock(): Promise<void> {
    if (this.stopped) return;
    try {
      const client = await this.deps.pool.connect();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
        `projection:${this.projection.name}`,
      ]);
      if (!rows[0]!.ok || this.stopped) {
        if (rows[0]!.ok) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`projection:${this.projection.name}`]);
        client.release();
        // Another process runs this projection; take over if it goes away.
        this.lockRetry = setTimeout(() => void this.tryTakeLock(), 2000);
        return;
      }
      this.lockClient = client;
      const from = await readCheckpoint(this.deps.pool, this.schema);
      this.subscription = this.deps.store.subscribe(from, (batch) => this.serial(() => this.applyBatch(batch)).then(() => undefined), {
        batchSize: this.deps.batchSize ?? 500,
        onError: (err) => this.deps.onError(err, this.projection.name),
      });
    } catch (err) {
      this.deps.onError(err, this.projection.name);
      this.lockRetry = setTimeout(() => void this.tryTakeLock(), 2000);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.lockRetry) clearTimeout(this.lockRetry);
    await this.subscription?.stop();
    this.subscription = null;
    await this.queue.catch(() => undefined);
    if (this.lockClient) {
      await this.lockClient.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      this.lockClient.release();
      this.lockClient = null;
    }
  }

  /**
   * Applies everything committed before the call (read-your-writes for tests and before a swap). Safe
   * alongside the subscription. Waits while an unrelated open transaction holds the gap-safe read back.
   */
  async drain(timeoutMs = 30_000): Promise<number> {
    const head = await this.deps.store.headCheckpoint();
    const deadline = Date.now() + timeoutMs;
    let applied = 0;
    for (;;) {
      const from = await readCheckpoint(this.deps.pool, this.schema);
      if (!head || (from && compareCheckpoints(from, head) >= 0)) return applied;
      const batch = await this.deps.store.readAll(from, this.deps.batchSize ?? 500);
      if (batch.length > 0) {
        applied += await this.serial(() => this.applyBatch(batch));
        continue;
      }
      if (Date.now() > deadline) throw new Error(`projection ${this.projection.name}: not caught up with the store after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Runs the projection's time-driven rules at the clock's now. */
  async tick(): Promise<void> {
    if (!this.projection.tick) return;
    await this.serial(() => this.inTransaction(this.schema, false, this.deps.clock.now(), (db, ctx) => this.projection.tick!(db, ctx)));
  }

  /**
   * Applies one batch in one transaction with the checkpoint. Events the checkpoint already covers are
   * skipped, so any deliverer (subscription, drain, a Kafka consumer) may hand the same event twice.
   */
  async applyBatch(batch: RecordedEvent[], schema = this.schema, replaying = false, now = this.deps.clock.now()): Promise<number> {
    if (batch.length === 0) return 0;
    let applied = 0;
    await this.inTransaction(schema, replaying, now, async (db, ctx) => {
      const { rows } = await db.query<{ t: string | null; g: string | null }>(
        'SELECT transaction_id::text AS t, global_position::text AS g FROM projection_checkpoint FOR UPDATE',
      );
      const stored = rows[0]?.t ? { transactionId: rows[0].t, globalPosition: rows[0].g! } : null;
      const fresh = stored ? batch.filter((e) => compareCheckpoints(e.checkpoint, stored) > 0) : batch;
      if (fresh.length === 0) return;
      const types = this.projection.eventTypes;
      const relevant = types ? fresh.filter((e) => types.includes(e.type)) : fresh;
      if (relevant.length > 0) await this.projection.apply(db, relevant, ctx);
      if (this.projection.tick && !replaying) await this.projection.tick(db, ctx);
      const last = fresh[fresh.length - 1]!.checkpoint;
      await db.query('UPDATE projection_checkpoint SET transaction_id = $1::xid8, global_position = $2, updated_at = now()', [
        last.transactionId,
        last.globalPosition,
      ]);
      applied = fresh.length;
    });
    return applied;
  }

  private async inTransaction(
    schema: string,
    replaying: boolean,
    now: Date,
    fn: (db: pg.PoolClient, ctx: ApplyContext) => Promise<void>,
  ): Promise<void> {
    const changes: ReadModelChange[] = [];
    const ctx: ApplyContext = { now, replaying, emit: (c) => void (replaying ? undefined : changes.push(c)) };
    const client = await this.deps.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
      await fn(client, ctx);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    // Announced only once committed: a listener never sees a change that could still roll back.
    for (const c of changes) this.deps.onChange(c);
  }

  /** Rebuilds from position 0 into a fresh generation, then swaps it in and drops the old one. */
  async rebuild(): Promise<void> {
    const { pool } = this.deps;
    const { rows } = await pool.query<{ generation: number }>('SELECT generation FROM read_model_registry WHERE name = $1', [
      this.projection.name,
    ]);
    const generation = (rows[0]?.generation ?? 0) + 1;
    const fresh = schemaName(this.projection.name, generation);
    await dropGeneration(pool, fresh);
    const setup = await pool.connect();
    try {
      await createGeneration(setup, fresh, this.projection);
    } finally {
      setup.release();
    }
    const fill = async () => {
      for (;;) {
        const from = await readCheckpoint(pool, fresh);
        const batch = await this.deps.store.readAll(from, this.deps.batchSize ?? 1000);
        if (batch.length === 0) return;
        await this.applyBatch(batch, fresh, true, this.deps.clock.now());
      }
    };
    // Most of the history is applied while the old generation keeps serving; the tail, under the queue.
    await fill();
    await this.serial(async () => {
      await fill();
      await this.inTransaction(fresh, true, this.deps.clock.now(), async (db, ctx) => {
        if (this.projection.tick) await this.projection.tick(db, ctx);
      });
      const old = this.schema;
      await pool.query(
        `INSERT INTO read_model_registry (name, live_schema, version, generation, swapped_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (name) DO UPDATE SET live_schema = $2, version = $3, generation = $4, swapped_at = now()`,
        [this.projection.name, fresh, this.projection.version, generation],
      );
      this.schema = fresh;
      if (old && old !== fresh) await dropGeneration(pool, old);
      if (this.subscription) {
        // The subscription follows from the new generation's checkpoint.
        await this.subscription.stop();
        const from = await readCheckpoint(pool, fresh);
        this.subscription = this.deps.store.subscribe(from, (batch) => this.serial(() => this.applyBatch(batch)).then(() => undefined), {
          batchSize: this.deps.batchSize ?? 500,
          onError: (err) => this.deps.onError(err, this.projection.name),
        });
      }
    });
  }

  /**
   * Builds the projection as it stood at `asOf` into a scratch schema (never the live one), hands it to
   * `read`, and drops it. Events count if they were recorded by then; time rules run at `asOf`.
   */
  async replay<T>(asOf: Date, read: (db: pg.PoolClient) => Promise<T>, options: { upToPosition?: bigint } = {}): Promise<T> {
    const { pool } = this.deps;
    const scratch = schemaName(this.projection.name, `replay_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`);
    const setup = await pool.connect();
    try {
      await createGeneration(setup, scratch, this.projection);
    } finally {
      setup.release();
    }
    try {
      let from = null as RecordedEvent['checkpoint'] | null;
      for (;;) {
        const batch = await this.deps.store.readAll(from, 2000);
        if (batch.length === 0) break;
        from = batch[batch.length - 1]!.checkpoint;
        const included = batch.filter(
          (e) =>
            Date.parse(e.recordedAt) <= asOf.getTime() &&
            (options.upToPosition === undefined || BigInt(e.globalPosition) <= options.upToPosition),
        );
        if (included.length > 0) await this.applyBatch(included, scratch, true, asOf);
      }
      await this.inTransaction(scratch, true, asOf, async (db, ctx) => {
        if (this.projection.tick) await this.projection.tick(db, ctx);
      });
      const client = await pool.connect();
      try {
        await client.query('BEGIN READ ONLY');
        await client.query(`SET LOCAL search_path TO ${quoteIdent(scratch)}`);
        const result = await read(client);
        await client.query('COMMIT');
        return result;
      } finally {
        client.release();
      }
    } finally {
      await dropGeneration(pool, scratch);
    }
  }

  async status(): Promise<ProjectionStatus> {
    const checkpoint = await readCheckpoint(this.deps.pool, this.schema);
    const { rows } = await this.deps.pool.query<{ n: string }>(
      checkpoint
        ? 'SELECT count(*)::text AS n FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)'
        : 'SELECT count(*)::text AS n FROM events',
      checkpoint ? [checkpoint.transactionId, checkpoint.globalPosition] : [],
    );
    return {
      name: this.projection.name,
      schema: this.schema,
      version: this.projection.version,
      checkpoint,
      lagEvents: Number(rows[0]!.n),
      running: this.running,
    };
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
