import {
  Inject,
  Injectable,
  Logger,
  Optional,
  ServiceUnavailableException,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type pg from 'pg';
import { Subject, type Observable } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import { type Clock, CLOCK, notFound, PG_POOL } from '#lib/core';
import { type Checkpoint, compareCheckpoints, EVENT_STORE, type EventStore, type RecordedEvent, type Subscription } from '#lib/event-store';
import { inGeneration, readAs, readCheckpoint, ReadModelNotBuilt } from './generations.js';
import { BatchWriter, type Generation } from './batch-writer.js';
import type { Projection, ProjectionStatus, ReadModelChange, ReadScope } from './projection.js';
import { earliest, ProjectionRunner, REBUILD_CHUNK } from './projection-runner.js';
import { ReadModelRegistration } from './read-model-tables.js';

export const PROJECTIONS = Symbol('PROJECTIONS');
export const READ_MODEL_OPTIONS = Symbol('READ_MODEL_OPTIONS');
/** The read side's TypeORM DataSource, initialised; ReadModels destroys it at shutdown, after its runners stop. */
export const READ_MODEL_DATA_SOURCE = Symbol('READ_MODEL_DATA_SOURCE');
/** The readers' DataSource (connections acting as the reader role), initialised; destroyed with the other. */
export const READER_DATA_SOURCE = Symbol('READER_DATA_SOURCE');
/**
 * The projections' own connections for their batches and announcements, so a burst of commands
 * queued in the process's pool does not hold the alerts back; ReadModels ends it at shutdown.
 */
export const READ_MODEL_POOL = Symbol('READ_MODEL_POOL');

export interface ReadModelOptions {
  /** Follow the store in the background (false in a deployable that feeds projections from Kafka). */
  follow: boolean;
  /** How often time-driven rules run, in ms (0: only when asked). */
  tickMs: number;
  /**
   * Where changes are announced: `local` (this process only), `publish` (also to other processes,
   * through PostgreSQL NOTIFY after commit: the projector), `listen` (taken from other processes: the
   * gateway's alert stream).
   */
  changes?: 'local' | 'publish' | 'listen';
  /** A process that only reads (gateway, command services): never builds a generation, follows swaps. */
  readOnly?: boolean;
}

/** The PostgreSQL channel read-model changes cross processes on. */
export const READ_MODEL_CHANNEL = 'read_model_changes';

/** Live batches start this small, so the first alert of a burst is written (and announced) without waiting for the rest. */
const FIRST_SUB_BATCH = 8;
const LIVE_BATCH = 500;
const IDLE_POLL_MS = 2000;

/**
 * The read side: keeps every projection's live generation up to date from one read of the store
 * (one subscription per process, fanned out to every projection it holds the lock of), answers
 * queries against live generations, rebuilds and replays history.
 */
@Injectable()
export class ReadModels implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModels');
  private readonly runners = new Map<string, ProjectionRunner>();
  private readonly changes$ = new Subject<ReadModelChange>();
  private readonly writer: BatchWriter;
  private ticker: NodeJS.Timeout | null = null;
  private listener: pg.PoolClient | null = null;
  /** Holds the advisory lock of every projection this process runs (one process per projection). */
  private lockClient: pg.PoolClient | null = null;
  private readonly owned = new Set<ProjectionRunner>();
  /** The combinations of projections found readable together (see assertTablesApart). */
  private readonly readTogether = new Set<string>();
  private lockRetry: NodeJS.Timeout | null = null;
  /** The lock attempt in flight (shutdown waits for it, so no subscription starts after it). */
  private locking: Promise<void> = Promise.resolve();
  private subscription: Subscription | null = null;
  private stopped = false;
  /** Serialises everything that writes live generations within the process. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The NOTIFY statements in flight, one after another: listeners hear changes in commit order. */
  private notifying: Promise<unknown> = Promise.resolve();
  /** Where batches are written and announced (the process's pool when none of its own was given). */
  private readonly writes: pg.Pool;

  constructor(
    @Inject(PROJECTIONS) projections: Projection[],
    @Inject(READ_MODEL_OPTIONS) private readonly options: ReadModelOptions,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(READER_DATA_SOURCE) private readonly readers: DataSource | null = null,
    @Optional() @Inject(READ_MODEL_POOL) private readonly ownPool: pg.Pool | null = null,
  ) {
    this.writes = ownPool ?? pool;
    this.writer = new BatchWriter(this.writes, (c) => this.announce(c));
    for (const p of projections) {
      this.runners.set(p.name, new ProjectionRunner(p, { dataSource, writer: this.writer, store, clock }));
    }
  }

  get changes(): Observable<ReadModelChange> {
    return this.changes$.asObservable();
  }

  /** Statements the batches of this process sent and the time in them, and in folding (for the benchmark). */
  batchStats(): BatchWriter['stats'] {
    return { ...this.writer.stats };
  }

  /** Whether this process only reads (it writes no projection; effects of the read models run where they are written). */
  get readOnly(): boolean {
    return this.options.readOnly ?? false;
  }

  names(): string[] {
    return [...this.runners.keys()];
  }

  /** The changes of one committed batch: to this process at once, to others in one NOTIFY statement. */
  private announce(changes: ReadModelChange[]): void {
    for (const c of changes) this.changes$.next(c);
    if (this.options.changes !== 'publish') return;
    // NOTIFY payloads are limited to 8,000 bytes: a change too large is announced locally only.
    const payloads = changes.map((c) => JSON.stringify(c)).filter((p) => p.length < 7900);
    if (payloads.length === 0) return;
    this.notifying = this.notifying
      .then(() =>
        this.writes.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS x(p, i) ORDER BY i', [
          READ_MODEL_CHANNEL,
          payloads,
        ]),
      )
      .catch(() => undefined);
  }

  private async listenForChanges(): Promise<void> {
    const client = await this.pool.connect();
    this.listener = client;
    client.on('notification', (n) => {
      if (n.channel !== READ_MODEL_CHANNEL || !n.payload) return;
      try {
        this.changes$.next(JSON.parse(n.payload) as ReadModelChange);
      } catch {
        // not ours
      }
    });
    await client.query(`LISTEN ${READ_MODEL_CHANNEL}`);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.changes === 'listen') await this.listenForChanges();
    // A reader uses whatever generation the projector made live; it never builds one itself.
    if (this.options.readOnly) return;
    const stale: ProjectionRunner[] = [];
    for (const r of this.runners.values()) if (await r.init()) stale.push(r);
    if (stale.length > 0) await this.rebuildTogether(stale);
    if (this.options.follow) this.locking = this.takeLocks();
    if (this.options.tickMs > 0) {
      this.ticker = setInterval(() => void this.tickAll().catch((err) => this.logger.error({ err }, 'tick failed')), this.options.tickMs);
      this.ticker.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.ticker) clearInterval(this.ticker);
    if (this.lockRetry) clearTimeout(this.lockRetry);
    await this.locking;
    if (this.listener) {
      await this.listener.query(`UNLISTEN ${READ_MODEL_CHANNEL}`).catch(() => undefined);
      this.listener.release();
      this.listener = null;
    }
    await this.subscription?.stop();
    this.subscription = null;
    // Work in flight finishes (its statement commits or not) before the pools close.
    await this.queue.catch(() => undefined);
    if (this.lockClient) {
      await this.lockClient.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      this.lockClient.release();
      this.lockClient = null;
    }
    this.changes$.complete();
    await this.notifying;
    await this.ownPool?.end();
    await this.readers?.destroy();
    await this.dataSource.destroy();
  }

  /**
   * Takes the lock of every projection no other process runs, and follows the store for those it
   * holds; tries again for the others every 2 s (taking over when their process goes away).
   */
  private async takeLocks(): Promise<void> {
    if (this.stopped) return;
    try {
      this.lockClient ??= await this.pool.connect();
      const missing = [...this.runners.values()].filter((r) => !this.owned.has(r));
      const { rows } = await this.lockClient.query<{ ok: boolean[] }>(
        'SELECT array_agg(pg_try_advisory_lock(hashtext(n)) ORDER BY i) AS ok FROM unnest($1::text[]) WITH ORDINALITY AS x(n, i)',
        [missing.map((r) => `projection:${r.projection.name}`)],
      );
      const taken = missing.filter((_, i) => rows[0]!.ok?.[i]);
      for (const r of taken) this.owned.add(r);
      if (taken.length > 0) await this.follow();
      if (this.owned.size < this.runners.size && !this.stopped) this.lockRetry = setTimeout(() => (this.locking = this.takeLocks()), 2000);
    } catch (err) {
      this.logger.error({ err }, 'taking projection locks failed; retrying');
      if (!this.stopped) this.lockRetry = setTimeout(() => (this.locking = this.takeLocks()), 2000);
    }
  }

  /** (Re)starts the one subscription from the earliest checkpoint of the generations this process runs. */
  private async follow(): Promise<void> {
    const generations = [...this.owned].map((r) => r.live);
    await this.writer.refresh(generations);
    const from = earliest(generations);
    await this.subscription?.stop();
    if (this.stopped) return;
    this.subscription = this.store.subscribe(from, (batch) => this.serial(() => this.applyLive(batch)).then(() => undefined), {
      batchSize: LIVE_BATCH,
      // Appends wake it (in this process at once, in others by NOTIFY): polling is only the safety net.
      idleMs: IDLE_POLL_MS,
      onError: (err) => this.logger.error({ err }, 'projection batch failed; retrying'),
    });
  }

  /** A live batch in growing sub-batches: each is written, and its changes announced, before the next. */
  private async applyLive(batch: RecordedEvent[], generations = [...this.owned].map((r) => r.live)): Promise<number> {
    let applied = 0;
    let size = FIRST_SUB_BATCH;
    for (let at = 0; at < batch.length; at += size, size = Math.min(size * 2, LIVE_BATCH)) {
      applied += await this.writer.apply(generations, batch.slice(at, at + size), { replaying: false, now: this.clock.now() });
    }
    return applied;
  }

  runner(name: string): ProjectionRunner {
    const r = this.runners.get(name);
    if (!r) throw notFound(`projection ${name}`);
    return r;
  }

  /**
   * A read-only query against the projection's live generation (tables unqualified), as the reader
   * role: PostgreSQL shows it only the rows of `scope`, whatever the query asks for. Given several
   * projections (whose tables must have names of their own), one query reads all their live
   * generations, with one setup.
   */
  async read<T>(names: string | readonly string[], scope: ReadScope, query: (db: EntityManager) => Promise<T>): Promise<T> {
    const projections = typeof names === 'string' ? [names] : names;
    const runners = projections.map((n) => this.runner(n));
    if (runners.length > 1) this.assertTablesApart(runners);
    if (!this.readers)
      return inGeneration(
        this.dataSource,
        this.options.readOnly ? await Promise.all(projections.map((n) => this.registered(n))) : runners.map((r) => r.liveSchema),
        query,
        scope,
      );
    // A process that only reads follows the generations the projector made live.
    const generation = this.options.readOnly ? { registered: projections } : { schemas: runners.map((r) => r.liveSchema) };
    try {
      return await readAs(this.readers, generation, query, scope);
    } catch (err) {
      if (err instanceof ReadModelNotBuilt) throw new ServiceUnavailableException(err.message);
      throw err;
    }
  }

  private async registered(name: string): Promise<string> {
    const registered = await this.dataSource.manager.findOneBy(ReadModelRegistration, { name });
    if (!registered) throw new ServiceUnavailableException(`The ${name} read model is not built yet`);
    return registered.liveSchema;
  }

  /** Projections read together resolve unqualified table names in one search path: no name may be two tables. */
  private assertTablesApart(runners: ProjectionRunner[]): void {
    const key = runners.map((r) => r.projection.name).join('\n');
    if (this.readTogether.has(key)) return;
    const owner = new Map<string, string>();
    for (const { projection } of runners) {
      for (const entity of projection.entities) {
        const table = this.dataSource.getMetadata(entity).tableName;
        const other = owner.get(table);
        if (other !== undefined && other !== projection.name)
          throw new Error(`${other} and ${projection.name} both have a table ${table}: they cannot be read together`);
        owner.set(table, projection.name);
      }
    }
    this.readTogether.add(key);
  }

  /** Every school's rows, read-only: for the platform's own jobs (the retention job), never for a request. */
  async readForPlatformJob<T>(name: string, query: (db: EntityManager) => Promise<T>): Promise<T> {
    return inGeneration(this.dataSource, this.runner(name).liveSchema, query, 'platform-job');
  }

  /** The earliest checkpoint of the live generations (what a deliverer must read from). */
  async earliestCheckpoint(): Promise<Checkpoint | null> {
    const generations = [...this.runners.values()].map((r) => r.live);
    await this.writer.refresh(generations);
    return earliest(generations);
  }

  /**
   * Applies delivered events (store order) to every live generation, exactly once (the Kafka
   * consumer's path). Returns how many were new, summed over the projections.
   */
  applyBatch(events: RecordedEvent[]): Promise<number> {
    return this.serial(() =>
      this.applyLive(
        events,
        [...this.runners.values()].map((r) => r.live),
      ),
    );
  }

  /**
   * Applies everything committed before the call to every projection (read-your-writes for tests
   * and before a swap). Waits while an unrelated open transaction holds the gap-safe read back.
   */
  async drainAll(timeoutMs = 30_000, batchSize = LIVE_BATCH): Promise<void> {
    const head = await this.store.headCheckpoint();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const from = await this.earliestCheckpoint();
      if (!head || (from && compareCheckpoints(from, head) >= 0)) return;
      const batch = await this.store.readAll(from, batchSize);
      if (batch.length > 0) {
        await this.applyBatch(batch);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`projections not caught up with the store after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * Waits until one projection's live generation has applied everything committed before the call:
   * for a request that must see every earlier write before it decides (an import matching its rows
   * to the records already there). Another process may be the one applying; this only watches.
   */
  async caughtUp(name: string, timeoutMs = 30_000): Promise<void> {
    const head = await this.store.headCheckpoint();
    if (!head) return;
    // A process that only reads watches the generation the projector made live.
    const schema = this.options.readOnly ? await this.registered(name) : this.runner(name).liveSchema;
    const deadline = Date.now() + timeoutMs;
    for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
      const at = await readCheckpoint(this.dataSource, schema);
      if (at && compareCheckpoints(at, head) >= 0) return;
      if (Date.now() > deadline) throw new ServiceUnavailableException(`The ${name} read model has not caught up with the store`);
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  /** Runs the time-driven rules of every projection at the clock's now. */
  async tickAll(): Promise<void> {
    await this.serial(() =>
      this.writer.tick(
        [...this.runners.values()].map((r) => r.live),
        this.clock.now(),
      ),
    );
  }

  /** Rebuilds projections from position 0 into fresh generations, from one read, then swaps them in. */
  async rebuild(...names: string[]): Promise<void> {
    await this.rebuildTogether(names.map((n) => this.runner(n)));
  }

  private async rebuildTogether(runners: ProjectionRunner[]): Promise<void> {
    const fresh: { runner: ProjectionRunner; generation: Generation; number: number }[] = [];
    for (const r of runners) fresh.push({ runner: r, ...(await r.freshGeneration()) });
    const generations: Generation[] = fresh.map((f) => f.generation);
    const fill = async () => {
      // Each generation folds and writes the chunks in order on a chain of its own, so one
      // generation's statements run in PostgreSQL while another's chunk is folded, and the next
      // chunk is read meanwhile. At most two chunks are in memory at once.
      const chains = generations.map(() => Promise.resolve());
      let previous: Promise<unknown> = Promise.resolve();
      // Failures are observed where they are awaited; marked handled at once, as they may come first.
      const handled = <T>(p: Promise<T>) => (p.catch(() => undefined), p);
      let next = handled(this.store.readAll(earliest(generations), REBUILD_CHUNK));
      for (;;) {
        const batch = await next;
        if (batch.length === 0) break;
        next = handled(this.store.readAll(batch[batch.length - 1]!.checkpoint, REBUILD_CHUNK));
        const now = this.clock.now();
        generations.forEach((g, i) => {
          chains[i] = chains[i]!.then(async () => void (await this.writer.apply([g], batch, { replaying: true, now })));
        });
        await previous;
        previous = handled(Promise.all(chains));
      }
      await previous;
    };
    // Most of the history is applied while the old generations keep serving; the tail, under the queue.
    await fill();
    await this.serial(async () => {
      await fill();
      await this.writer.tick(generations, this.clock.now(), true);
      // Each fresh generation is now at least where the subscription is: it follows on unchanged.
      for (const f of fresh) await f.runner.swapIn(f.generation, f.number);
    });
  }

  async replay<T>(
    name: string,
    asOf: Date,
    scope: ReadScope,
    query: (db: EntityManager) => Promise<T>,
    options: { upToPosition?: bigint } = {},
  ): Promise<T> {
    return this.runner(name).replay(asOf, scope, query, options);
  }

  async status(): Promise<ProjectionStatus[]> {
    return Promise.all([...this.runners.values()].map((r) => r.status(this.owned.has(r))));
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
