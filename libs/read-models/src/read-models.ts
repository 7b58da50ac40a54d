import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import { Subject, type Observable } from 'rxjs';
import { CLOCK, type Clock } from '../../core/src/clock.js';
import { PG_POOL } from '../../core/src/database.module.js';
import { notFound } from '../../core/src/problem-details.js';
import { EVENT_STORE, type EventStore } from '../../event-store/src/event-store.js';
import type { Projection, ProjectionStatus, ReadModelChange } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';
import { quoteIdent } from './schemas.js';

export const PROJECTIONS = Symbol('PROJECTIONS');
export const READ_MODEL_OPTIONS = Symbol('READ_MODEL_OPTIONS');

export interface ReadModelOptions {
  /** Follow the store in the background (false in a deployable that feeds projections from Kafka). */
  follow: boolean;
  /** How often time-driven rules run, in ms (0: only when asked). */
  tickMs: number;
}

/** The read side: runs every projection, answers queries against live generations, replays history. */
@Injectable()
export class ReadModels implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModels');
  private readonly runners = new Map<string, ProjectionRunner>();
  private readonly changes$ = new Subject<ReadModelChange>();
  private ticker: NodeJS.Timeout | null = null;

  constructor(
    @Inject(PROJECTIONS) projections: Projection[],
    @Inject(READ_MODEL_OPTIONS) private readonly options: ReadModelOptions,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
  ) {
    for (const p of projections) {
      this.runners.set(
        p.name,
        new ProjectionRunner(p, {
          pool,
          store,
          clock,
          onChange: (c) => this.changes$.next(c),
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

  async onApplicationBootstrap(): Promise<void> {
    for (const r of this.runners.values()) await r.init();
    if (this.options.follow) for (const r of this.runners.values()) r.start();
    if (this.options.tickMs > 0) {
      this.ticker = setInterval(() => void this.tickAll().catch((err) => this.logger.error({ err }, 'tick failed')), this.options.tickMs);
      this.ticker.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    // Work in flight finishes (its transaction commits or rolls back) before the pool closes.
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    this.changes$.complete();
  }

  runner(name: string): ProjectionRunner {
    const r = this.runners.get(name);
    if (!r) throw notFound(`projection ${name}`);
    return r;
  }

  /** A read-only query against the projection's live generation (tables unqualified). */
  async read<T>(name: string, query: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(`SET LOCAL search_path TO ${quoteIdent(this.runner(name).liveSchema)}`);
      const result = await query(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
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

  async replay<T>(name: string, asOf: Date, query: (db: pg.PoolClient) => Promise<T>, options: { upToPosition?: bigint } = {}): Promise<T> {
    return this.runner(name).replay(asOf, query, options);
  }

  async status(): Promise<ProjectionStatus[]> {
    return Promise.all([...this.runners.values()].map((r) => r.status()));
  }
}
