import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import path from 'node:path';
import { compareCheckpoints, FileSealLog, type PostgresEventStore, type Seal, type SealLog } from '#lib/event-store';
import { CLOCK, type Clock } from './clock.js';
import type { PlatformConfig } from './config.js';

/** The PostgreSQL store that seals its history (null with another adapter, or in a process that only reads). */
export const SEALED_STORE = Symbol('SEALED_STORE');
export const SEAL_SCHEDULE = Symbol('SEAL_SCHEDULE');

/** Whether this process seals (null: it only reads seals), and when. 0: never by that measure. */
export type SealSchedule = { everyMinutes: number; everyEvents: number } | null;

/** How often the sealer looks whether a seal is due (by time or by events stored). */
const CHECK_MS = 15_000;
/** A seal covers only transactions older than every one still open on the server: retry a start-up seal held back this long. */
const STARTUP_SEAL_PATIENCE_MS = 60_000;

/** The seal log configured: SEAL_LOG, or a file per database under DATA_DIR; none with `none`. */
export function sealLogOf(config: Pick<PlatformConfig, 'SEAL_LOG' | 'DATA_DIR'>, databaseUrl: string): SealLog | undefined {
  if (config.SEAL_LOG === 'none') return undefined;
  const database = new URL(databaseUrl).pathname.replace(/^\//, '').replace(/[^a-zA-Z0-9_-]/g, '_') || 'postgres';
  return new FileSealLog(config.SEAL_LOG ?? path.join(config.DATA_DIR, `seals-${database}.jsonl`));
}

/**
 * Seals the history (docs/adr/seals.md), where the projections are written (one sealer is enough):
 * - at start-up, so whatever is rewritten after the process started is caught — the seal does not
 *   wait for the first interval;
 * - when the last seal (as recorded in the store, not this process's uptime) is older than the
 *   interval, so restarts never postpone it;
 * - when as many events as SEAL_EVERY_EVENTS were stored since the last seal.
 */
@Injectable()
export class HistorySealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('HistorySealer');
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<unknown> = Promise.resolve();
  private startedAt = 0;
  /** The start-up seal, done (or given up) when this settles. */
  startup: Promise<Seal | null> = Promise.resolve(null);

  constructor(
    @Inject(SEALED_STORE) private readonly store: PostgresEventStore | null,
    @Inject(SEAL_SCHEDULE) private readonly schedule: SealSchedule,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private get everyMinutes(): number {
    return this.schedule?.everyMinutes ?? 0;
  }

  private get everyEvents(): number {
    return this.schedule?.everyEvents ?? 0;
  }

  onApplicationBootstrap(): void {
    if (!this.store || !this.schedule) return;
    this.startedAt = this.clock.now().getTime();
    // In the background: start-up does not wait for a walk over the whole history.
    this.startup = this.serialised(() => this.sealUpToHead(STARTUP_SEAL_PATIENCE_MS)).catch((err: Error) => {
      this.logger.error({ err: { message: err.message } }, 'the start-up seal failed');
      return null;
    });
    if (this.everyMinutes === 0 && this.everyEvents === 0) return;
    this.timer = setInterval(
      () => void this.sealIfDue().catch((err: Error) => this.logger.error({ err: { message: err.message } }, 'sealing the history failed')),
      CHECK_MS,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running.catch(() => undefined);
  }

  /** Seals when due: the last seal older than the interval (or none yet), or enough events since it. */
  async sealIfDue(): Promise<Seal | null> {
    return this.serialised(async () => {
      if (!this.store || !this.schedule || this.stopped) return null;
      const last = await this.store.lastSeal();
      // Due by the last seal's time as the store recorded it; with none yet, by when this process started.
      const since = last ? Date.parse(last.sealedAt) : this.startedAt;
      const byTime = this.everyMinutes > 0 && this.clock.now().getTime() - since >= this.everyMinutes * 60_000;
      const byCount = this.everyEvents > 0 && (await this.store.recordsAfter(last?.upTo.globalPosition ?? '0')) >= this.everyEvents;
      return byTime || byCount ? this.sealNow() : null;
    });
  }

  async sealNow(): Promise<Seal | null> {
    const seal = (await this.store?.seal()) ?? null;
    if (seal) this.logger.log({ upTo: seal.upTo.globalPosition, events: seal.events, root: seal.root }, 'history sealed');
    return seal;
  }

  async seals(): Promise<Seal[]> {
    return (await this.store?.seals()) ?? [];
  }

  /** Seals until a seal covers every event stored now (another transaction still open on the server may hold it back a while). */
  private async sealUpToHead(patienceMs: number): Promise<Seal | null> {
    const head = await this.store!.lastRecord();
    if (head === null) return null;
    const deadline = Date.now() + patienceMs;
    for (;;) {
      await this.sealNow();
      const last = await this.store!.lastSeal();
      if (last && compareCheckpoints(last.upTo, head) >= 0) return last;
      if (this.stopped || Date.now() > deadline) return last;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** One sealing at a time in this process (the store's advisory lock does the same across processes). */
  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.running.catch(() => undefined).then(work);
    this.running = next.catch(() => undefined);
    return next;
  }
}
