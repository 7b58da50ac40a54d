/**
 * The platform as separate processes around a real broker, for the "through Kafka" latency: a
 * single-node broker from infra/kafka and each deployable as `node dist/apps/<name>/src/main.js`.
 * The minimum of test/distributed/cluster.ts that the benchmark needs (test/ is not compiled).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import type pg from 'pg';
import { migrateAll } from '../apps/platform/src/migrations.js';
import { Accounts } from '../libs/auth/src/accounts.js';
import type { Role } from '../libs/auth/src/actor.js';
import { newTotpSecret, totpCode } from '../libs/auth/src/mfa.js';
import { systemClock } from '../libs/core/src/clock.js';
import { commandContext } from '../libs/core/src/command-context.js';
import { CommandRunner } from '../libs/core/src/command-runner.js';
import { pupilDecider, pupilStream } from '../libs/domain/src/pupil/decider.js';
import type { JobRole } from '../libs/domain/src/staff/vocabulary.js';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store.js';
import { StaffRegistration } from '../libs/workforce/src/staff/staff-registration.js';

/** `npm run bench` runs from the package root (results.json is written relative to it too). */
const root = process.cwd();
const kafkaScript = path.join(root, 'infra/kafka/kafka.sh');
const run = promisify(execFile);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A real single-node broker from infra/kafka, on ports of its own, its data folder removed on destroy. */
export class Broker {
  brokers = '';
  private constructor(
    private readonly port: number,
    private readonly controllerPort: number,
  ) {}

  static async start(): Promise<Broker> {
    const broker = new Broker(await freePort(), await freePort());
    const { stdout } = await run(kafkaScript, ['start'], { env: broker.env(), timeout: 120_000 });
    broker.brokers = /KAFKA_BROKERS=(\S+)/.exec(stdout)![1]!;
    return broker;
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, KAFKA_PORT: String(this.port), KAFKA_CONTROLLER_PORT: String(this.controllerPort) };
  }

  async destroy(): Promise<void> {
    await run(kafkaScript, ['stop'], { env: this.env(), timeout: 60_000 }).catch(() => undefined);
    rmSync(path.join(root, `infra/kafka/.cache/data-${this.port}`), { recursive: true, force: true });
  }
}

/** One deployable as a child process, its last output kept for the error when it will not start. */
export class App {
  private child: ChildProcess | null = null;
  private readonly lines: string[] = [];
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  start(): void {
    const child = spawn(process.execPath, [path.join(root, `dist/apps/${this.name}/src/main.js`)], {
      cwd: root,
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    for (const stream of [child.stdout!, child.stderr!])
      createInterface({ input: stream }).on('line', (l) => {
        this.lines.push(l);
        if (this.lines.length > 50) this.lines.shift();
      });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  async healthy(timeoutMs = 90_000): Promise<void> {
    await until(
      `${this.name} /api/health`,
      async () => {
        if (this.child?.exitCode !== null) throw new Error(`${this.name} exited:\n${this.lines.slice(-30).join('\n')}`);
        try {
          return (await fetch(`${this.url}/api/health`)).status === 200;
        } catch {
          return false;
        }
      },
      timeoutMs,
      200,
    );
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}

export interface Person {
  id: string;
  email: string;
  totpSecret?: string;
}

export interface School {
  schoolId: string;
  dsl: Person;
  teacher: Person;
  pupilIds: string[];
}

const PASSWORD = 'bench-cluster-password-1';

/** Migrates a fresh database and gives it a trust, a school, a DSL (with a second factor), a teacher and pupils. */
export async function seedSchool(pool: pg.Pool): Promise<School> {
  await migrateAll(pool);
  const runner = new CommandRunner(new PostgresEventStore({ pool }), systemClock);
  const accounts = new Accounts(pool);
  const registration = new StaffRegistration(runner, accounts);
  const trustId = randomUUID();
  const schoolId = randomUUID();
  await accounts.createTrust(trustId, 'Bench Trust');
  await accounts.createSchool(schoolId, trustId, `bench-${schoolId.slice(0, 8)}`, 'Bench Primary');
  const system = { staffId: randomUUID(), name: 'bench setup', roles: ['trust_admin'] as Role[], schoolId: null, trustId };
  const person = async (roles: Role[], jobRole: JobRole): Promise<Person> => {
    const email = `${roles[0]}-${randomUUID().slice(0, 6)}@bench.test`;
    const { id } = await registration.register(
      {
        name: `${jobRole} person`,
        email,
        jobRole,
        roles,
        contractedHoursPerWeek: 32.5,
        startDate: '2024-09-01',
        hlta: false,
        schoolId,
        password: PASSWORD,
      },
      commandContext(system, {}),
      trustId,
    );
    if (!roles.includes('dsl')) return { id, email };
    const totpSecret = newTotpSecret();
    await accounts.confirmTotp(id, totpSecret, new Date());
    return { id, email, totpSecret };
  };
  const dsl = await person(['dsl'], 'dsl');
  const teacher = await person(['staff'], 'teacher');
  const pupilIds: string[] = [];
  for (const [firstName, lastName] of [
    ['Amelia', 'Hughes'],
    ['Oliver', 'Patel'],
    ['Isla', 'Thompson'],
  ] as const) {
    const pupilId = randomUUID();
    await runner.run({
      streamId: pupilStream(pupilId),
      decider: pupilDecider,
      context: commandContext({ ...system, schoolId }, {}),
      schoolId,
      command: (_, now) => ({
        type: 'RegisterPupil' as const,
        pupilId,
        firstName,
        lastName,
        dateOfBirth: '2016-05-01',
        yearGroup: '4',
        sen: false,
        ehcp: false,
        schoolId,
        now,
      }),
    });
    pupilIds.push(pupilId);
  }
  return { schoolId, dsl, teacher, pupilIds };
}

export async function signIn(gateway: string, person: Person): Promise<string> {
  const res = await fetch(`${gateway}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: person.email,
      password: PASSWORD,
      totp: person.totpSecret ? totpCode(person.totpSecret, new Date()) : undefined,
    }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (res.status !== 200 || !body.accessToken) throw new Error(`sign-in failed for ${person.email}: ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}
