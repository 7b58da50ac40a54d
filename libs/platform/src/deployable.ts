import type { NestExpressApplication } from '@nestjs/platform-express';
import type pg from 'pg';
import { ConfigError, loadConfig, type PlatformConfig } from '#lib/core';
import { createPool, kurrentDbEventStoreFromUrl } from '#lib/event-store';
import { seedDemoTrust } from './demo-seed.js';
import { eventUpcasters } from './upcasters.js';
import { createPlatformApp, type CreatePlatformOptions } from './platform.js';

type DeployableShape = NonNullable<CreatePlatformOptions['shape']>;

export interface DeployableSpec {
  /** Named in logs. */
  name: string;
  /** A function when it depends on settings of its own (read, and validated, at start-up). */
  shape: DeployableShape | (() => DeployableShape);
  rateLimits?: boolean;
  /** Validates the deployable's own settings; a ConfigError stops start-up with its message. */
  checkConfig?(): void;
  /** Schemas of its own, migrated before the app starts (the platform's are migrated by createPlatformApp). */
  migrate?(pool: pg.Pool): Promise<void>;
  /** Express middleware that must run before the routes (the gateway's command forwarding). */
  beforeRoutes?(app: NestExpressApplication, config: PlatformConfig): void;
  /** Seeds the demo trust when DEMO_SEED=true (the gateway only: one writer of the seed). */
  seeds?: boolean;
  /** After the app listens: background work that needs the read models initialised. */
  started?(app: NestExpressApplication): Promise<void>;
}

function say(level: 'info' | 'fatal', name: string, msg: string): void {
  process.stderr.write(`${JSON.stringify({ level, service: name, msg })}\n`);
}

/**
 * Starts one of the distributed deployables: the platform's own composition (createPlatformApp)
 * with the deployable's shape. They share one PostgreSQL and verify the same tokens, so both are
 * required here (the embedded default and its development secret are for the one-process platform).
 */
export async function runDeployable(spec: DeployableSpec): Promise<void> {
  let config: PlatformConfig;
  let shape: DeployableShape;
  try {
    config = loadConfig();
    if (!config.DATABASE_URL) throw new ConfigError('Invalid configuration: DATABASE_URL: required by the distributed deployables');
    if (!config.JWT_SECRET) throw new ConfigError('Invalid configuration: JWT_SECRET: required by the distributed deployables');
    spec.checkConfig?.();
    shape = typeof spec.shape === 'function' ? spec.shape() : spec.shape;
  } catch (err) {
    if (err instanceof ConfigError) {
      say('fatal', spec.name, err.message);
      process.exit(1);
    }
    throw err;
  }
  const databaseUrl = config.DATABASE_URL;
  try {
    if (spec.migrate) {
      const pool = createPool(databaseUrl, 2);
      try {
        await spec.migrate(pool);
      } finally {
        await pool.end();
      }
    }
    const app = await createPlatformApp({
      config,
      databaseUrl,
      jwtSecret: config.JWT_SECRET,
      // EVENT_STORE=kurrentdb: events in KurrentDB; read models, accounts and the relay's checkpoint in PostgreSQL.
      eventStore:
        config.EVENT_STORE === 'kurrentdb' ? kurrentDbEventStoreFromUrl(config.KURRENTDB_URL!, { upcasters: eventUpcasters() }) : undefined,
      shape,
      rateLimits: spec.rateLimits,
    });
    spec.beforeRoutes?.(app, config);
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      say('info', spec.name, `${signal}: stopping`);
      // Out within 5 s (a process manager's grace period): long-lived requests are cut after a second.
      const server = app.getHttpServer() as import('node:http').Server;
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 1_000).unref();
      setTimeout(() => process.exit(0), 4_500).unref();
      await app.close().catch(() => undefined);
      process.exit(0);
    };
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
    if (spec.seeds && config.DEMO_SEED) {
      const made = await seedDemoTrust(app, config.DEMO_PASSWORD);
      if (made.length > 0) say('info', spec.name, `demo trust seeded: ${made.map((a) => a.email).join(', ')}`);
    }
    await app.listen(config.PORT);
    await spec.started?.(app);
    say('info', spec.name, `${spec.name} listening on http://localhost:${config.PORT}`);
  } catch (err) {
    say('fatal', spec.name, `start-up failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  }
}
