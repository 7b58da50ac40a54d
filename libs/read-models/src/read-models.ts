import {
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type pg from 'pg';
import { Subject, type Observable } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import { type Clock, CLOCK, notFound, PG_POOL } from '#lib/core';
import { EVENT_STORE, type EventStore } from '#lib/event-store';
import { inGeneration } from './generations.js';
import type { Projection, ProjectionStatus, ReadModelChange, ReadScope } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';
import { ReadModelRegistration } from './read-model-tables.js';

export const PROJECTIONS = Symbol('PROJECTIONS');
export const READ_MODEL_OPTIONS = Symbol('READ_MODEL_OPTIONS');
/** The read side's TypeORM DataSource, initialised; ReadModels destroys it at shutdown, after its runners stop. */
export const READ_MODEL_DATA_SOURCE = Symbol('READ_MODEL_DATA_SOURCE');

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

/** The read side: runs every projection, answers queries against live generations, replays history. */
@Injectable()
export class ReadModels implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModels');
  private readonly runners = new Map<string, ProjectionRunner>();
  private readonly changes$ = new Subject<ReadModelChange>();
  private ticker: NodeJS.Timeout | null = null;
  private listener: pg.PoolClient | null = null;

  constructor(
    @Inject(PROJECTIONS) projections: Projection[],
    @Inject(READ_MODEL_OPTIONS) private readonly options: ReadModelOptions,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(READ_MODEL_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
  ) {
    for (const p of projections) {
      this.runners.set(
        p.name,
        new ProjectionRunner(p, {
          dataSource,
          store,
          clock,
          onChange: (c) => this.announce(c),
          onError: (err, name) => this.logger.error({ err, projection: name }, 'projection batch failed; retrying'),
        }),
      );
    }
  }

  get changes(): Observable<ReadModelChange> {
    return this.changes$.asObservable();
  }

  names(): string[] {
    return [...this.runners.keys()];
  }

  private announce(change: ReadModelChange): void {
    this.changes$.next(change);
    if (this.options.changes === 'publish') {
      // NOTIFY payloads are limited to 8,000 bytes: a change too large is announced locally only.
      const payload = JSON.stringify(change);
      if (payload.length < 7900) void this.pool.query('SELECT pg_notify($1, $2)', [READ_MODEL_CHANNEL, payload]).catch(() => undefined);
    }
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
    for (const r of this.runners.values()) await r.init();
    if (this.options.follow) for (const r of this.runners.values()) r.start();
    if (this.options.tickMs > 0) {
      this.ticker = setInterval(() => void this.tickAll().catch((err) => this.logger.error({ err }, 'tick failed')), this.options.tickMs);
      this.ticker.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    if (this.listener) {
      await this.listener.query(`UNLISTEN ${READ_MODEL_CHANNEL}`).catch(() => undefined);
      this.listener.release();
      this.listener = null;
    }
    // Work in flight finishes (its transaction commits or rolls back) before the pool closes.
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    this.changes$.complete();
    await this.dataSource.destroy();
  }

  runner(name: string): ProjectionRunner {
    const r = this.runners.get(name);
    if (!r) throw notFound(`projection ${name}`);
    return r;
  }

  /**
   * A read-only query against the projection's live generation (tables unqualified), as the reader
   * role: PostgreSQL shows it only the rows of `scope`, whatever the query asks for.
   */
  async read<T>(name: string, scope: ReadScope, query: (db: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.runner(name);
    // A process that only reads follows the generation the projector made live.
    const live = this.options.readOnly
      ? async (db: EntityManager) => {
          const registered = await db.findOneBy(ReadModelRegistration, { name });
          if (!registered) throw new ServiceUnavailableException(`The ${name} read model is not built yet`);
          return registered.liveSchema;
        }
      : runner.liveSchema;
    return inGeneration(this.dataSource, live, query, scope);
  }

  /** Every school's rows, read-only: for the platform's own jobs (the retention job), never for a request. */
  async readForPlatformJob<T>(name: string, query: (db: EntityManager) => Promise<T>): Promise<T> {
    return inGeneration(this.dataSource, this.runner(name).liveSchema, query, 'platform-job');
  }

  /** Brings every projection up to the last stored event (tests; read-your-writes where it matters). */
  async drainAll(): Promise<void> {
    for (const r of this.runners.values()) await r.drain();
  }

  async tickAll(): Promise<void> {
    for (const r of this.runners.values()) await r.tick();
  }

  async rebuild(name: string): Promise<void> {
    await this.runner(name).rebuild();
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
    return Promise.all([...this.runners.values()].map((r) => r.status()));
  }
}
