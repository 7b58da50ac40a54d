import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// `npm start` as a newcomer runs it: no DATABASE_URL, so embedded PostgreSQL under DATA_DIR.
const root = path.resolve(import.meta.dirname, '..');
// Private (0700), as `mktemp -d` makes it: the platform must still let PostgreSQL's own user through.
const dataDir = mkdtempSync(path.join(tmpdir(), 'platform-start-'));
const port = 3900 + Math.floor(Math.random() * 90);
const pgPort = 55400 + Math.floor(Math.random() * 500);

function postgresProcessesFor(dir: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', dir], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter((l) => l.includes('postgres'));
  } catch {
    return [];
  }
}

async function waitForHealth(deadlineMs: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < deadlineMs) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) return Date.now() - start;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('health did not answer 200 in time');
}

describe('npm start on the embedded default', () => {
  let child: ChildProcess;
  let output = '';

  afterAll(() => {
    // Whatever happened, leave nothing running: the whole process group goes.
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /api/health within 60 s and SIGTERM leaves no postgres process behind', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
      DEMO_SEED: 'false',
    };
    delete env.DATABASE_URL;
    child = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));

    const tookMs = await waitForHealth(60_000).catch((err) => {
      throw new Error(`${(err as Error).message}; output:\n${output}`);
    });
    console.log(`[platform-start] /api/health answered 200 after ${tookMs} ms`);
    const body = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
    expect(body).toEqual({ status: 'ok', store: 'postgres', bus: 'in-process' });
    expect(postgresProcessesFor(dataDir).length).toBeGreaterThan(0);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const signalled = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    const stoppedMs = Date.now() - signalled;
    console.log(`[platform-start] SIGTERM to exit: ${stoppedMs} ms`);
    expect(stoppedMs).toBeLessThan(5_000);
    // npm may report the signal rather than 0; what matters is that nothing is left running.
    expect([0, null, 143]).toContain(code);
    await new Promise((r) => setTimeout(r, 500));
    expect(postgresProcessesFor(dataDir)).toEqual([]);
    expect(output).toMatch(/SIGTERM: stopping/);
  }, 120_000);

  it('after kill -9 of the platform, the next npm start stops the orphaned PostgreSQL and is healthy within 60 s', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    // The platform's own process (built by the test before), so that kill -9 hits it and not npm.
    const crashed = spawn('node', ['dist/apps/platform/src/main.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    crashed.stderr!.on('data', (d) => (output += d));
    await waitForHealth(60_000).catch((err) => {
      throw new Error(`${(err as Error).message}; output:\n${output}`);
    });
    const gone = new Promise((resolve) => crashed.once('exit', resolve));
    crashed.kill('SIGKILL');
    await gone;
    const orphans = postgresProcessesFor(dataDir);
    expect(orphans).toHaveLength(1);
    const orphanPid = Number(orphans[0]!.split(' ')[0]);

    output = '';
    child = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const tookMs = await waitForHealth(60_000).catch((err) => {
      throw new Error(`${(err as Error).message}; output:\n${output}`);
    });
    console.log(`[platform-start] healthy ${tookMs} ms after a restart over an orphaned PostgreSQL`);
    expect(output).toMatch(/left running by a previous run: stopping it/);
    const running = postgresProcessesFor(dataDir);
    expect(running).toHaveLength(1);
    expect(Number(running[0]!.split(' ')[0])).not.toBe(orphanPid);
    expect(() => process.kill(orphanPid, 0)).toThrow();

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await new Promise((r) => setTimeout(r, 500));
    expect(postgresProcessesFor(dataDir)).toEqual([]);
  }, 180_000);

  it('keeps a superuser password of its own for the data folder, not a constant', () => {
    const password = readFileSync(path.join(dataDir, 'pg.password'), 'utf8').trim();
    expect(password).not.toBe('postgres');
    expect(password.length).toBeGreaterThanOrEqual(24);
    expect(statSync(path.join(dataDir, 'pg.password')).mode & 0o077).toBe(0);
  });

  it('refuses to start with a bad configuration value, naming it', () => {
    const env = { ...process.env, PORT: 'not-a-port', DATA_DIR: dataDir };
    let stderr = '';
    try {
      execFileSync('node', ['dist/apps/platform/src/main.js'], { cwd: root, env, encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      stderr = String((err as { stderr: string }).stderr);
      expect((err as { status: number }).status).toBe(1);
    }
    expect(stderr).toMatch(/PORT/);
  });
});
