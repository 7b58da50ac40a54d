import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { type Clock, CoreModule, loggingModule, type PlatformConfig, PlatformConfigModule, sealLogOf } from '#lib/core';
import { DatabaseModule } from './database.module.js';
import { BUS_NAME, HealthController } from './health.controller.js';
import type { EventStore } from '#lib/event-store';
import { AuthModule } from '#lib/auth';
import { AlertSubjectNamesModule } from './alert-subject-names.js';
import { FEATURE_MODULES } from './features.js';
import { type Projection, type ReadModelOptions, ReadModelsModule } from '#lib/read-models';
import { PROJECTIONS_LIST } from './projections.js';

export interface PlatformOptions {
  config: PlatformConfig;
  databaseUrl: string;
  clock?: Clock;
  eventStore?: EventStore;
  jwtSecret: string;
  /** How often time-driven rules run; 0 in tests, which tick the fake clock themselves. */
  tickMs?: number;
  /** Follow the store in this process (default true); false where Kafka feeds the projections or nothing writes them. */
  follow?: boolean;
  /** What /api/health names as the bus (default `in-process`). */
  bus?: string;
  /** Default PROJECTIONS_LIST. */
  projections?: Projection[];
  /** How read-model changes cross processes, and whether this process only reads (see ReadModelOptions). */
  readModels?: Pick<ReadModelOptions, 'changes' | 'readOnly'>;
  /** Modules a deployable adds (the projector's consumer and relay). */
  imports?: ModuleMetadata['imports'];
}

/** The all-in-one process: every feature module, an in-process bus, one database. */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        loggingModule(options.config),
        PlatformConfigModule.forRoot(options.config),
        DatabaseModule.forRoot({
          databaseUrl: options.databaseUrl,
          clock: options.clock,
          eventStore: options.eventStore,
          role: options.config.DATABASE_APP_ROLE,
          sealLog: sealLogOf(options.config, options.databaseUrl),
          // Sealed where the projections are written (the platform, the projector), not in every process.
          sealSchedule: options.readModels?.readOnly
            ? undefined
            : { everyMinutes: options.config.SEAL_INTERVAL_MINUTES, everyEvents: options.config.SEAL_EVERY_EVENTS },
        }),
        AuthModule.forRoot({ jwtSecret: options.jwtSecret, accessTokenTtl: options.config.ACCESS_TOKEN_TTL }),
        CoreModule,
        ReadModelsModule.forRoot(options.projections ?? PROJECTIONS_LIST, {
          follow: options.follow ?? true,
          tickMs: options.tickMs ?? 5000,
          ...options.readModels,
        }),
        AlertSubjectNamesModule,
        ...FEATURE_MODULES,
        ...(options.imports ?? []),
      ],
      controllers: [HealthController],
      providers: [{ provide: BUS_NAME, useValue: options.bus ?? 'in-process' }],
    };
  }
}
