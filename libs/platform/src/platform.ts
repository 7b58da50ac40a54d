import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { applyRateLimits, applySecurityHeaders, type Clock, configureHttp, type PlatformConfig, serveWebApp } from '#lib/core';
import type { EventStore } from '#lib/event-store';
import { PlatformModule, type PlatformOptions } from './app.module.js';
import { migrateAll } from './migrations.js';

export interface CreatePlatformOptions {
  config: PlatformConfig;
  databaseUrl: string;
  clock?: Clock;
  /** Required: main.ts resolves it from config (or a development secret under DATA_DIR). */
  jwtSecret: string;
  tickMs?: number;
  /** Another adapter of the event-store port (EVENT_STORE=kurrentdb); read models stay in PostgreSQL. */
  eventStore?: EventStore;
  /** How a deployable differs from the all-in-one platform (see PlatformOptions). */
  shape?: Pick<PlatformOptions, 'follow' | 'bus' | 'projections' | 'imports' | 'tickMs' | 'readModels'>;
  /** Per-client write limits (default true); off in command services, which the gateway already limits. */
  rateLimits?: boolean;
}

/** Migrates the database and builds the platform app (used by main.ts and by the HTTP tests). */
export async function createPlatformApp(options: CreatePlatformOptions): Promise<NestExpressApplication> {
  await migrateAll(options.databaseUrl);
  const app = await NestFactory.create<NestExpressApplication>(
    PlatformModule.forRoot({
      config: options.config,
      databaseUrl: options.databaseUrl,
      clock: options.clock,
      jwtSecret: options.jwtSecret,
      tickMs: options.tickMs,
      eventStore: options.eventStore,
      ...options.shape,
    }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.set('trust proxy', trustProxy(options.config.TRUST_PROXY));
  applySecurityHeaders(app);
  if (options.rateLimits ?? true) applyRateLimits(app, options.config);
  configureHttp(app);
  serveWebApp(app);
  return app;
}

/** TRUST_PROXY as Express takes it. */
function trustProxy(value: string): boolean | number | string {
  if (value === 'false' || value === 'true') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}
