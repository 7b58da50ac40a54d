import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { compareCheckpoints, type Checkpoint, type EventStore, type RecordedEvent, type Subscription } from '#lib/event-store';
import type { Clock } from '#lib/core';
import {
  createGeneration,
  dropGeneration,
  inGeneration,
  lockCheckpoint,
  readCheckpoint,
  schemaName,
  skipPast,
  writeCheckpoint,
  type Reader,
} from './generations.js';
import type { ApplyContext, Projection, ProjectionStatus, ReadModelChange } from './projection.js';
import { ReadModelRegistration } from './read-model-tables.js';

export interface RunnerDeps {
  /** The read side's TypeORM connection (see readModelDataSource). */
  dataSource: DataSource;
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
  private lockClient: QueryRunner | null = null;
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
    const { dataSource } = this.deps;
    const registered = await dataSource.manager.findOneBy(ReadModelRegistration, { name: this.projection.name });
    if (registered && registered.version === this.projection.version) {
      this.schema = registered.liveSchema;
      return;
    }
    if (registered) {
      this.schema = registered.liveSchema;
      await this.rebuild();
      return;
    }
    const schema = schemaName(this.projection.name, 1);
    // Processes starting together build generation 1 once: the first to take the lock registers it.
    await dataSource.transaction(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`read-model-registry:${this.projection.name}`]);
      const again = await db.findOneBy(ReadModelRegistration, { name: this.projection.name });
      if (again) {
        this.schema = again.liveSchema;
        return;
      }
      await dropGeneration(dataSource, schema);
      await createGeneration(dataSource, schema, this.projection);
      await db.insert(ReadModelRegistration, {
        name: this.projection.name,
        liveSchema: schema,
        version: this.projection.version,
        generation: 1,
      });
      this.schema = schema;
    });
  }

  /** Follows the store in the background while this process holds the projection's lock. */
  start(): void {
    this.stopped = false;
    void this.tryTakeLock();
  }

  private async tryTakeLock(): Promise<void> {
    if (this.stopped) return;
    try {
      const client = this.deps.dataSource.createQueryRunner();
      await client.connect();
      const rows: { ok: boolean }[] = await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
        `projection:${this.projection.name}`,
      ]);
      if (!rows[0]!.ok || this.stopped) {
        if (rows[0]!.ok) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`projection:${this.projection.name}`]);
        await client.release();
        // Another process runs this projection; take over if it goes away.
        this.lockRetry = setTimeout(() => void this.tryTakeLock(), 2000);
        return;
      }
      this.lockClient = client;
      const from = await readCheckpoint(this.deps.dataSource, this.schema);
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
      await this.lockClient.release();
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
      const from = await readCheckpoint(this.deps.dataSource, this.schema);
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
    const types = this.projection.eventTypes;
    const ticks = this.projection.tick !== undefined && !replaying;
    if (types && !ticks && !batch.some((e) => types.includes(e.type))) return skipPast(this.deps.dataSource, schema, batch);
    let applied = 0;
    await this.inTransaction(schema, replaying, now, async (db, ctx) => {
      const stored = await lockCheckpoint(db);
      const fresh = stored ? batch.filter((e) => compareCheckpoints(e.checkpoint, stored) > 0) : batch;
      if (fresh.length === 0) return;
      const relevant = types ? fresh.filter((e) => types.includes(e.type)) : fresh;
      if (relevant.length > 0) await this.projection.apply(db, relevant, ctx);
      if (this.projection.tick && !replaying) await this.projection.tick(db, ctx);
      await writeCheckpoint(db, fresh[fresh.length - 1]!.checkpoint);
      applied = fresh.length;
    });
    return applied;
  }

  private async inTransaction(
    schema: string,
    replaying: boolean,
    now: Date,
    fn: (db: EntityManager, ctx: ApplyContext) => Promise<void>,
  ): Promise<void> {
    const changes: ReadModelChange[] = [];
    const ctx: ApplyContext = { now, replaying, emit: (c) => void (replaying ? undefined : changes.push(c)) };
    await inGeneration(this.deps.dataSource, schema, (db) => fn(db, ctx));
    // Announced only once committed: a listener never sees a change that could still roll back.
    for (const c of changes) this.deps.onChange(c);
  }

  /** Rebuilds from position 0 into a fresh generation, then swaps it in and drops the old one. */
  async rebuild(): Promise<void> {
    const { dataSource } = this.deps;
    const registered = await dataSource.manager.findOneBy(ReadModelRegistration, { name: this.projection.name });
    const generation = (registered?.generation ?? 0) + 1;
    const fresh = schemaName(this.projection.name, generation);
    await dropGeneration(dataSource, fresh);
    await createGeneration(dataSource, fresh, this.projection);
    const fill = async () => {
      for (;;) {
        const from = await readCheckpoint(dataSource, fresh);
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
      await dataSource.manager.upsert(
        ReadModelRegistration,
        { name: this.projection.name, liveSchema: fresh, version: this.projection.version, generation, swappedAt: () => 'now()' },
        ['name'],
      );
      this.schema = fresh;
      if (old && old !== fresh) await dropGeneration(dataSource, old);
      if (this.subscription) {
        // The subscription follows from the new generation's checkpoint.
        await this.subscription.stop();
        const from = await readCheckpoint(dataSource, fresh);
        this.subscription = this.deps.store.subscribe(from, (batch) => this.serial(() => this.applyBatch(batch)).then(() => undefined), {
          batchSize: this.deps.batchSize ?? 500,
          onError: (err) => this.deps.onError(err, this.projection.name),
        });
      }
    });
  }

  /**
   * Builds the projection as it stood at `asOf` into a scratch schema (never the live one), hands it to
   * `read` (as a reader of `scope`), and drops it. Events count if they were recorded by then; time
   * rules run at `asOf`.
   */
  async replay<T>(asOf: Date, scope: Reader, read: (db: EntityManager) => Promise<T>, options: { upToPosition?: bigint } = {}): Promise<T> {
    const { dataSource } = this.deps;
    const scratch = schemaName(this.projection.name, `replay_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`);
    await createGeneration(dataSource, scratch, this.projection);
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
      return await inGeneration(dataSource, scratch, read, scope);
    } finally {
      await dropGeneration(dataSource, scratch);
    }
  }

  /** How far the live generation has applied the store. */
  async checkpoint(): Promise<Checkpoint | null> {
    return readCheckpoint(this.deps.dataSource, this.schema);
  }

  async status(): Promise<ProjectionStatus> {
    const checkpoint = await readCheckpoint(this.deps.dataSource, this.schema);
    const rows: { n: string }[] = await this.deps.dataSource.query(
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
