#!/usr/bin/env node
// The platform as separate processes on one machine: PostgreSQL (DATABASE_URL, or the embedded one
// under DATA_DIR), a single-node Kafka broker (infra/kafka), the projector (relay + consumer), the
// three command services and the gateway. Ctrl-C or SIGTERM stops everything it started.
// Run after a build: `npm run build --silent && node scripts/dev-distributed.mjs`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(import.meta.dirname, '..');
const dist = (p) => path.join(root, 'dist', p);
const env = process.env;
const dataDir = path.resolve(root, env.DATA_DIR ?? 'data');
const gatewayPort = Number(env.PORT ?? 3000);
const basePort = Number(env.DEV_SERVICE_PORT_BASE ?? 3101);
const kafkaScript = path.join(root, 'infra/kafka/kafka.sh');

const say = (msg) => process.stderr.write(`[dev] ${msg}\n`);
const cleanups = [];
const children = new Map();
let stopping = false;

async function developmentSecret() {
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

// Embedded PostgreSQL runs in a process of its own: the package stops the server on its parent's
// SIGINT/SIGTERM, which here would pull the database from under the apps while they shut down.
const EMBEDDED_PG_CHILD = `
const { startEmbeddedPostgres } = await import(process.env.DEV_EMBEDDED_MODULE);
const db = await startEmbeddedPostgres({ dataDir: process.env.DEV_PG_DIR, port: Number(process.env.DEV_PG_PORT) });
process.stdout.write(db.url + '\\n');
setInterval(() => undefined, 1 << 30);
`;

async function postgres() {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, seed: env.DEMO_SEED };
  const { ensureDatabase, withDatabase } = await import(dist('libs/event-store/src/postgres/database.js'));
  const port = env.EMBEDDED_PG_PORT ?? '54320';
  const child = spawn(process.execPath, ['--input-type=module', '-e', EMBEDDED_PG_CHILD], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...env,
      DEV_EMBEDDED_MODULE: dist('libs/event-store/src/postgres/embedded.js'),
      DEV_PG_DIR: path.join(dataDir, 'pg'),
      DEV_PG_PORT: port,
    },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  cleanups.push(async () => {
    say('stopping embedded PostgreSQL');
    child.kill('SIGTERM');
    await exited;
  });
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited (${code})`)));
  });
  await ensureDatabase(url, 'safeguarding');
  say(`embedded PostgreSQL on port ${port} (${path.join(dataDir, 'pg')})`);
  // As with `npm start`, the embedded default seeds the demo trust on an empty database.
  return { url: withDatabase(url, 'safeguarding'), seed: env.DEMO_SEED ?? 'true' };
}

/** kafka.sh in a process group of its own, so the broker it leaves running is not hit by Ctrl-C. */
function kafkaScriptRun(command, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(kafkaScript, [command], { env: { ...env, ...extraEnv }, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`kafka.sh ${command} exited ${code}`))));
  });
}

async function kafka() {
  if (env.KAFKA_BROKERS) return env.KAFKA_BROKERS;
  // Keep the broker's data across runs, like PostgreSQL's: offsets and topics survive a restart.
  const stdout = await kafkaScriptRun('start', { KAFKA_KEEP_DATA: env.KAFKA_KEEP_DATA ?? '1' });
  const brokers = /KAFKA_BROKERS=(\S+)/.exec(stdout)?.[1];
  if (!brokers) throw new Error(`kafka.sh start printed no KAFKA_BROKERS line: ${stdout}`);
  cleanups.push(async () => {
    say('stopping Kafka');
    await kafkaScriptRun('stop').catch(() => undefined);
  });
  say(`Kafka at ${brokers}`);
  return brokers;
}

function start(name, port, extra) {
  const child = spawn(process.execPath, [dist(`apps/${name}/src/main.js`)], {
    cwd: root,
    env: { ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'warn', ...extra, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own: Ctrl-C reaches only this script, which stops everything in order.
    detached: true,
  });
  children.set(name, child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      say(`${name} exited (${signal ?? code}); stopping the rest`);
      void stop(1);
    }
  });
  return child;
}

async function healthy(name, port, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!children.has(name)) throw new Error(`${name} exited during start-up`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} did not answer /api/health within ${timeoutMs / 1000} s`);
}

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  const exits = [...children.entries()].map(
    ([name, child]) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          say(`${name} did not stop in 15 s: SIGKILL`);
          child.kill('SIGKILL');
        }, 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  );
  await Promise.all(exits);
  for (const cleanup of cleanups.reverse()) await cleanup();
  process.exit(code);
}

process.once('SIGINT', () => void stop(0));
// Last resort (an exit without stop()): the apps run in process groups of their own and would outlive this script.
process.once('exit', () => {
  for (const child of children.values()) child.kill('SIGKILL');
});
process.once('SIGTERM', () => void stop(0));

try {
  const [db, brokers, jwtSecret] = await Promise.all([postgres(), kafka(), env.JWT_SECRET ?? developmentSecret()]);
  const ports = { safeguarding: basePort, incidents: basePort + 1, workforce: basePort + 2, projector: basePort + 3 };
  const shared = { DATABASE_URL: db.url, JWT_SECRET: jwtSecret, KAFKA_BROKERS: brokers };
  // The projector first: it creates the read-model generations and the topics the others rely on.
  start('projector', ports.projector, shared);
  await healthy('projector', ports.projector);
  for (const name of ['safeguarding', 'incidents', 'workforce']) start(name, ports[name], shared);
  start('gateway', gatewayPort, {
    ...shared,
    DEMO_SEED: db.seed ?? 'false',
    SAFEGUARDING_URL: `http://127.0.0.1:${ports.safeguarding}`,
    INCIDENTS_URL: `http://127.0.0.1:${ports.incidents}`,
    WORKFORCE_URL: `http://127.0.0.1:${ports.workforce}`,
  });
  await Promise.all([...['safeguarding', 'incidents', 'workforce'].map((n) => healthy(n, ports[n])), healthy('gateway', gatewayPort)]);
  say(`all up: gateway http://localhost:${gatewayPort}/api (services on ${basePort}–${basePort + 3}); Ctrl-C stops everything`);
} catch (err) {
  say(`start-up failed: ${err.message}`);
  await stop(1);
}
