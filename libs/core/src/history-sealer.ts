import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import path from 'node:path';
import { FileSealLog, type PostgresEventStore, type Seal, type SealLog } from '#lib/event-store';
import type { PlatformConfig } from './config.js';

/** The PostgreSQL store that seals its history (null with another adapter). */
export const SEALED_STORE = Symbol('SEALED_STORE');
export const SEAL_EVERY_MINUTES = Symbol('SEAL_EVERY_MINUTES');

/** The seal log configured: SEAL_LOG, or a file per database under DATA_DIR; none with `none`. */
export function sealLogOf(config: Pick<PlatformConfig, 'SEAL_LOG' | 'DATA_DIR'>, databaseUrl: string): SealLog | undefined {
  if (config.SEAL_LOG === 'none') return undefined;
  const database = new URL(databaseUrl).pathname.replace(/^\//, '').replace(/[^a-zA-Z0-9_-]/g, '_') || 'postgres';
  return new FileSealLog(config.SEAL_LOG ?? path.join(config.DATA_DIR, `seals-${database}.jsonl`));
}

/** Seals the history on a timer (only where the projections are written: one sealer is enough). */
@Injectable()
export class HistorySealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('HistorySealer');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(SEALED_STORE) private readonly store: PostgresEventStore | null,
    @Inject(SEAL_EVERY_MINUTES) private readonly everyMinutes: number,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.store || this.everyMinutes === 0) return;
    this.timer = setInterval(
      () => void this.sealNow().catch((err: Error) => this.logger.error({ err: { message: err.message } }, 'sealing the history failed')),
      this.everyMinutes * 60_000,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sealNow(): Promise<Seal | null> {
    const seal = (await this.store?.seal()) ?? null;
    if (seal) this.logger.log({ upTo: seal.upTo.globalPosition, events: seal.events, root: seal.root }, 'history sealed');
    return seal;
  }

  async seals(): Promise<Seal[]> {
    return (await this.store?.seals()) ?? [];
  }
}
