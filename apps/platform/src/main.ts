import { ConfigError, loadConfig, type PlatformConfig } from '#lib/core';
import { type EmbeddedDatabase, ensureDatabase, kurrentDbEventStoreFromUrl, startEmbeddedPostgres, withDatabase } from '#lib/event-store';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createPlatformApp, eventUpcasters, seedDemoTrust } from '#lib/platform';

function fail(message: string): never {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: message })}\n`);
  process.exit(1);
}

/** Without JWT_SECRET (development only), a random secret kept beside the data, so sign-ins survive a restart. */
async function developmentSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'jwt-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(48).toString('base64url');
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}

/** What the app gets to finish its work in; embedded PostgreSQL's fast shutdown takes the rest of the 5 s. */
const DRAIN_MS = 3_500;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * HTTP stops taking requests and idle keep-alive connections close at once; requests in flight get
 * a second; long-lived ones (the alert stream) are closed then. Then modules drain (projections
 * finish their batch) and the pools close.
 */
async function drain(app: NestExpressApplication): Promise<void> {
  const server = app.getHttpServer() as import('node:http').Server;
  server.closeIdleConnections();
  const closeAll = setTimeout(() => server.closeAllConnections(), 1_000);
  closeAll.unref();
  await app.close().catch(() => undefined);
  clearTimeout(closeAll);
}

async function main(): Promise<void> {
  let config: PlatformConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    // The embedded default: one machine, one school, nothing to install.
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.DATA_DIR, 'pg'), port: config.EMBEDDED_PG_PORT });
    await ensureDatabase(embedded.url, 'safeguarding');
    databaseUrl = withDatabase(embedded.url, 'safeguarding');
  }

  let stopping = false;
  const stopEmbedded = async () => {
    await embedded?.stop().catch(() => undefined);
  };
  try {
    // EVENT_STORE=kurrentdb: the events live in KurrentDB; PostgreSQL keeps read models and sign-in data.
    const eventStore =
      config.EVENT_STORE === 'kurrentdb' ? kurrentDbEventStoreFromUrl(config.KURRENTDB_URL!, { upcasters: eventUpcasters() }) : undefined;
    const app = await createPlatformApp({
      config,
      databaseUrl,
      eventStore,
      jwtSecret: config.JWT_SECRET ?? (await developmentSecret(config.DATA_DIR)),
    });
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`${JSON.stringify({ level: 'info', msg: `${signal}: stopping` })}\n`);
      // Out within 5 s whatever holds on: a process manager kills what outlives its grace period, and
      // embedded PostgreSQL must have been stopped by then (an orphan would keep its port).
      const drained = drain(app);
      const gaveUp = await Promise.race([drained.then(() => false), delay(DRAIN_MS).then(() => true)]);
      if (gaveUp) process.stderr.write(`${JSON.stringify({ level: 'warn', msg: `not drained in ${DRAIN_MS} ms: stopping anyway` })}\n`);
      await stopEmbedded();
      process.exit(0);
    };
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
    const seed = config.DEMO_SEED ?? !config.DATABASE_URL;
    if (seed) {
      const made = await seedDemoTrust(app, config.DEMO_PASSWORD);
      if (made.length > 0) {
        const list = made
          .map((a) => `  ${a.email.padEnd(26)} ${a.roles.join(', ').padEnd(14)} ${a.totpSecret ? `TOTP secret ${a.totpSecret}` : ''}`)
          .join('\n');
        process.stderr.write(
          `Demo trust seeded. Accounts (password: ${config.DEMO_PASSWORD === 'demo-password-1' ? 'demo-password-1' : 'from DEMO_PASSWORD'}):\n${list}\n`,
        );
      }
    }
    await app.listen(config.PORT);
    process.stderr.write(
      `${JSON.stringify({ level: 'info', msg: `platform listening on http://localhost:${config.PORT} (store: ${config.EVENT_STORE}${embedded ? ', embedded PostgreSQL' : ''})` })}\n`,
    );
  } catch (err) {
    await stopEmbedded();
    fail(`start-up failed: ${(err as Error).message}`);
  }
}

main().catch((err: unknown) => fail(`start-up failed: ${err instanceof Error ? err.message : String(err)}`));
