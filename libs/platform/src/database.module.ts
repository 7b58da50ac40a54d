import { PERSONAL_DATA } from './personal-data.js';
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import { createPool, EVENT_STORE, type EventStore, PostgresEventStore } from '#lib/event-store';
import { EncryptingEventStore, masterKeyOf, SubjectKeys } from '#lib/privacy';
import {
  CLOCK,
  DATABASE_OPTIONS,
  type DatabaseModuleOptions,
  HistorySealer,
  PG_POOL,
  PLATFORM_CONFIG,
  type PlatformConfig,
  SEAL_SCHEDULE,
  SEALED_STORE,
  systemClock,
} from '#lib/core';
import { eventUpcasters } from './upcasters.js';

/** The store's connections for reading `$all` in order (see PostgresEventStoreOptions.readPool). */
const READ_POOL = Symbol('READ_POOL');

class PoolCloser implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(READ_POOL) private readonly readPool: pg.Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.store.name !== 'postgres') await this.store.close();
    await Promise.all([this.pool.end(), this.readPool.end()]);
  }
}

/**
 * The PostgreSQL pool, the event store and the clock, for every feature module. The store every
 * feature sees encrypts personal data at rest (crypto-shredding, libs/privacy) around the adapter.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    const role = options.role && options.role !== 'none' ? options.role : undefined;
    const pool = createPool(options.databaseUrl, options.poolSize ?? 20, { role });
    // Opened only when read: a process that follows no subscription holds none of them.
    const readPool = createPool(options.databaseUrl, 3, { role });
    const clock = options.clock ?? systemClock;
    const sealing = options.eventStore
      ? null
      : new PostgresEventStore({
          pool,
          readPool,
          now: () => clock.now(),
          sealLog: options.sealLog,
          upcasters: eventUpcasters(),
        });
    const stored = options.eventStore ?? sealing!;
    return {
      module: DatabaseModule,
      providers: [
        { provide: PG_POOL, useValue: pool },
        { provide: READ_POOL, useValue: readPool },
        { provide: DATABASE_OPTIONS, useValue: options },
        {
          provide: SubjectKeys,
          useFactory: async (config?: PlatformConfig) => new SubjectKeys(pool, await masterKeyOf(config ?? { DATA_DIR: './data' })),
          inject: [{ token: PLATFORM_CONFIG, optional: true }],
        },
        {
          provide: EncryptingEventStore,
          useFactory: (keys: SubjectKeys) => new EncryptingEventStore(stored, keys, pool, PERSONAL_DATA),
          inject: [SubjectKeys],
        },
        { provide: EVENT_STORE, useExisting: EncryptingEventStore },
        { provide: CLOCK, useValue: clock },
        { provide: SEALED_STORE, useValue: sealing },
        { provide: SEAL_SCHEDULE, useValue: options.sealSchedule ?? null },
        HistorySealer,
        PoolCloser,
      ],
      exports: [PG_POOL, DATABASE_OPTIONS, EVENT_STORE, CLOCK, SubjectKeys, EncryptingEventStore, HistorySealer],
    };
  }
}
