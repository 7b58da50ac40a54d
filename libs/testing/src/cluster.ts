import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import type pg from 'pg';
import { eventUpcasters, migrateAll } from '#lib/platform';
import { Accounts, newTotpSecret, totpCode, totpStepAt } from '#lib/auth';
import type { Role } from '#lib/kernel';
import { commandContext, CommandRunner, systemClock } from '#lib/core';
import { pupilDecider, pupilStream } from '#lib/pupils';
import { type JobRole, StaffRegistration } from '#lib/workforce';
import { PostgresEventStore } from '#lib/event-store';
import { ALL_TOPICS, type DeliveryReport } from '#lib/messaging';

/** The tests and `npm run bench` both run from the package root (this file also runs from dist/). */
export const root = process.cwd();
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

/** A real single-node broker from infra/kafka, on ports of its own. */
export class Broker {
  brokers = '';
  private constructor(
    private readonly port: number,
    private readonly controllerPort: number,
  ) {}

  static async start(): Promise<Broker> {
    const broker = new Broker(await freePort(), await freePort());
    await broker.up(false);
    return broker;
  }

  private env(keepData: boolean): NodeJS.ProcessEnv {
    return {
      ...process.env,
      KAFKA_PORT: String(this.port),
      KAFKA_CONTROLLER_PORT: String(this.controllerPort),
      // A loaded 2-core machine has been seen to need more than kafka.sh's default minute.
      KAFKA_START_TIMEOUT: process.env.KAFKA_START_TIMEOUT ?? '180',
      ...(keepData ? { KAFKA_KEEP_DATA: '1' } : {}),
    };
  }

  async up(keepData: boolean): Promise<number> {
    const started = Date.now();
    const { stdout } = await run(kafkaScript, ['start'], { env: this.env(keepData), timeout: 240_000 });
    this.brokers = /KAFKA_BROKERS=(\S+)/.exec(stdout)![1]!;
    return Date.now() - started;
  }

  async down(): Promise<void> {
    await run(kafkaScript, ['stop'], { env: this.env(false), timeout: 60_000 });
  }

  /** Stops the broker and removes its data folder. */
  async destroy(): Promise<void> {
    await this.down().catch(() => undefined);
    rmSync(path.join(root, `infra/kafka/.cache/data-${this.port}`), { recursive: true, force: true });
  }

  /** A consumer group as the broker sees it: its state, members, and messages not yet committed. */
  async group(groupId: string): Promise<{ state: string; members: number; uncommitted: number }> {
    const admin = new Kafka({ clientId: 'test-admin', brokers: [this.brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const [described] = (await admin.describeGroups([groupId])).groups;
      let uncommitted = 0;
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics: [...ALL_TOPICS] })) {
        const ends = await admin.fetchTopicOffsets(topic);
        for (const p of partitions)
          uncommitted += Number(ends.find((e) => e.partition === p.partition)!.high) - Math.max(0, Number(p.offset));
      }
      return { state: described!.state, members: described!.members.length, uncommitted };
    } finally {
      await admin.disconnect();
    }
  }

  /** Messages in each topic (high watermarks; nothing is ever deleted here). */
  async messagesInTopics(): Promise<number> {
    const admin = new Kafka({ clientId: 'test-admin', brokers: [this.brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      let total = 0;
      for (const topic of ALL_TOPICS) for (const p of await admin.fetchTopicOffsets(topic)) total += Number(p.high);
      return total;
    } finally {
      await admin.disconnect();
    }
  }
}

/** One deployable as a child process: `node dist/apps/<name>/src/main.js`, its output kept per life. */
export class App {
  child: ChildProcess | null = null;
  readonly lives: string[][] = [];
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
    const lines: string[] = [];
    this.lives.push(lines);
    const child = spawn(process.execPath, [path.join(root, `dist/apps/${this.name}/src/main.js`)], {
      cwd: root,
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const tee = process.env.CLUSTER_LOG_DIR ? path.join(process.env.CLUSTER_LOG_DIR, `${this.name}.log`) : null;
    for (const stream of [child.stdout!, child.stderr!])
      createInterface({ input: stream }).on('line', (l) => {
        lines.push(l);
        if (tee) appendFileSync(tee, `${l}\n`);
      });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  async healthy(timeoutMs = 180_000): Promise<void> {
    await until(
      `${this.name} /api/health`,
      async () => {
        if (this.child?.exitCode !== null) throw new Error(`${this.name} exited:\n${this.lives.at(-1)!.slice(-30).join('\n')}`);
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

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** The last `n` lines of this life's output that are not the consumer's delivery reports. */
  lastLines(n: number): string[] {
    return (this.lives.at(-1) ?? []).filter((l) => !l.includes('"received"') && !l.includes('"committed"')).slice(-n);
  }

  /** The consumer's delivery reports over every life of this process. */
  deliveries(): DeliveryReport[] {
    const out: DeliveryReport[] = [];
    for (const life of this.lives)
      for (const line of life) {
        if (!line.includes('"received"')) continue;
        try {
          const parsed = JSON.parse(line) as { msg?: string; delivery?: DeliveryReport };
          if (parsed.msg === 'received' && parsed.delivery) out.push(parsed.delivery);
        } catch {
          // not a log line of ours
        }
      }
    return out;
  }
}

/** Deliveries, distinct messages delivered, and redeliveries (the same topic/partition/offset again). */
export function countDeliveries(reports: DeliveryReport[]): { deliveries: number; distinct: number; redelivered: number } {
  const seen = new Set<string>();
  let deliveries = 0;
  for (const r of reports) {
    deliveries += r.messages;
    for (let o = BigInt(r.firstOffset); o <= BigInt(r.lastOffset); o++) seen.add(`${r.topic}/${r.partition}/${o}`);
  }
  return { deliveries, distinct: seen.size, redelivered: deliveries - seen.size };
}

export interface Person {
  id: string;
  email: string;
  totpSecret?: string;
}

export interface School {
  trustId: string;
  schoolId: string;
  dsl: Person;
  teacher: Person;
  pupilIds: string[];
  runner: CommandRunner;
  store: PostgresEventStore;
}

const PASSWORD = 'distributed-password-1';

/** Migrates a fresh database and gives it a trust, a school, a DSL (with a second factor), a teacher and pupils. */
export async function seedSchool(pool: pg.Pool, databaseUrl: string): Promise<School> {
  await migrateAll(databaseUrl);
  const store = new PostgresEventStore({ pool, upcasters: eventUpcasters() });
  const runner = new CommandRunner(store, systemClock);
  const accounts = new Accounts(pool);
  const registration = new StaffRegistration(runner, accounts);
  const trustId = randomUUID();
  const schoolId = randomUUID();
  await accounts.createTrust(trustId, 'Distributed Trust');
  await accounts.createSchool(schoolId, trustId, `dist-${schoolId.slice(0, 8)}`, 'Distributed Primary');
  const system = { staffId: randomUUID(), name: 'test setup', roles: ['trust_admin'] as Role[], schoolId: null, trustId };
  const person = async (roles: Role[], jobRole: JobRole): Promise<Person> => {
    const email = `${roles[0]}-${randomUUID().slice(0, 6)}@dist.test`;
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
  return { trustId, schoolId, dsl, teacher, pupilIds, runner, store };
}

const lastSteps = new Map<string, number>();

/** A code the server has not accepted before (codes are single-use): now's, the next step's, or, when both are spent, the one after a wait. */
async function freshCode(secret: string): Promise<string> {
  const last = lastSteps.get(secret) ?? -Infinity;
  const step = Math.max(totpStepAt(new Date()), last + 1);
  while (step > totpStepAt(new Date()) + 1) await new Promise((resolve) => setTimeout(resolve, 1000));
  lastSteps.set(secret, step);
  return totpCode(secret, new Date(step * 30_000));
}

export async function signIn(gateway: string, person: Person): Promise<string> {
  const res = await fetch(`${gateway}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: person.email,
      password: PASSWORD,
      totp: person.totpSecret ? await freshCode(person.totpSecret) : undefined,
    }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (res.status !== 200 || !body.accessToken) throw new Error(`sign-in failed for ${person.email}: ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

export async function api<T = any>(
  base: string,
  method: string,
  route: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export function concernBody(pupilId: string, summary: string) {
  return {
    pupilIds: [pupilId],
    categories: ['neglect'],
    summary,
    details: 'Arrived hungry and said there had been no breakfast for three days.',
    occurredAt: new Date().toISOString(),
    urgency: 'urgent',
    informedDslVerbally: false,
  };
}
