import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPlatformApp } from '#lib/platform';
import { Accounts, newTotpSecret, requiresMfa, totpCode, totpStepAt } from '#lib/auth';
import type { Role } from '#lib/kernel';
import { commandContext, FakeClock, loadConfig } from '#lib/core';
import { type JobRole, StaffRegistration } from '#lib/workforce';
import { ReadModels } from '#lib/read-models';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export type SchoolKey = 'oakfield' | 'riverside' | 'elsewhere';

export interface TestStaff {
  id: string;
  email: string;
  password: string;
  name: string;
  token: string;
  schoolId: string | null;
  /** The second-factor secret of roles that need one (already enrolled). */
  totpSecret?: string;
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestPlatform {
  app: NestExpressApplication;
  baseUrl: string;
  db: TestDatabase;
  clock: FakeClock;
  trustId: string;
  otherTrustId: string;
  /** oakfield and riverside belong to the demo trust; elsewhere to another trust. */
  schools: Record<SchoolKey, string>;
  createStaff(options: {
    school: SchoolKey;
    roles?: Role[];
    jobRole?: JobRole;
    name?: string;
    contractedHoursPerWeek?: number;
    hlta?: boolean;
  }): Promise<TestStaff>;
  /** A trust-level account (auditor, admin or safeguarding lead) of the demo trust (or the other one). */
  createTrustUser(role: 'trust_auditor' | 'trust_admin' | 'trust_safeguarding_lead', trust?: 'demo' | 'other'): Promise<TestStaff>;
  signIn(email: string, password: string, totpSecret?: string): Promise<string>;
  /** A code of the secret the server has not seen yet (codes are single-use): the fake clock moves on 30 s when it must. */
  totp(secret: string): string;
  /** A fresh token after a step-up (a second factor given now, at the fake clock's time). */
  stepUp(staff: TestStaff): Promise<string>;
  http<T = any>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<HttpResult<T>>;
  eventCount(): Promise<number>;
  /** The log lines written so far (only with `captureLogs`). */
  logs(): Promise<string>;
  /** Every projection applies what is stored, then time-driven rules run at the fake clock's now. */
  settle(): Promise<void>;
  /** Stops the app and drops the database, or keeps it for another platform started with `reuse`. */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

/** What a platform started on an existing database takes over from the one before (a restart). */
export type ReusedPlatform = Pick<TestPlatform, 'db' | 'clock' | 'trustId' | 'otherTrustId' | 'schools'>;

const PASSWORD = 'test-password-1';
/** Every test platform wraps its data keys with this key, so a restarted platform (`reuse`) reads the same data. */
const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

/** The platform on a fresh database of its own, with a fake clock, two trusts and three schools. */
export async function startTestPlatform(
  options: {
    clock?: FakeClock;
    env?: Record<string, string>;
    label?: string;
    reuse?: ReusedPlatform;
    /** Logs at info level into a file `logs()` reads (to prove no personal data reaches them). */
    captureLogs?: boolean;
  } = {},
): Promise<TestPlatform> {
  const { reuse } = options;
  const db = reuse?.db ?? (await createTestDatabase(options.label ?? 'platform'));
  const clock = options.clock ?? reuse?.clock ?? new FakeClock('2026-03-02T09:00:00Z');
  const logFile = options.captureLogs ? path.join(tmpdir(), `platform-logs-${randomUUID()}.ndjson`) : undefined;
  const sealLog = path.join(tmpdir(), `seals-${db.name}.jsonl`);
  const config = loadConfig({
    LOG_LEVEL: logFile ? 'info' : 'silent',
    ...(logFile ? { LOG_FILE: logFile } : {}),
    MASTER_KEY: TEST_MASTER_KEY,
    NODE_ENV: 'test',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '100000',
    RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
    RATE_LIMIT_SECOND_FACTOR_PER_MINUTE: '100000',
    // The seals kept "outside the database" of this test database (a restarted platform reads the same).
    SEAL_LOG: sealLog,
    // No seal on a timer or a count in the middle of a test that counts events (the start-up seal stays).
    SEAL_INTERVAL_MINUTES: '0',
    SEAL_EVERY_EVENTS: '0',
    ...options.env,
  });
  const app = await createPlatformApp({
    config,
    databaseUrl: db.url,
    clock,
    jwtSecret: 'test-secret-test-secret-test-secret-0123',
    tickMs: 0,
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;

  const accounts = app.get(Accounts);
  const registration = app.get(StaffRegistration);
  const trustId = reuse?.trustId ?? randomUUID();
  const otherTrustId = reuse?.otherTrustId ?? randomUUID();
  const schools: Record<SchoolKey, string> = reuse?.schools ?? { oakfield: randomUUID(), riverside: randomUUID(), elsewhere: randomUUID() };
  if (!reuse) {
    await accounts.createTrust(trustId, 'Demo Learning Trust');
    await accounts.createTrust(otherTrustId, 'Other Trust');
    await accounts.createSchool(schools.oakfield, trustId, `oakfield-${schools.oakfield.slice(0, 8)}`, 'Oakfield Primary');
    await accounts.createSchool(schools.riverside, trustId, `riverside-${schools.riverside.slice(0, 8)}`, 'Riverside Academy');
    await accounts.createSchool(schools.elsewhere, otherTrustId, `elsewhere-${schools.elsewhere.slice(0, 8)}`, 'Elsewhere School');
  }

  const http = async <T>(
    method: string,
    path: string,
    o: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpResult<T>> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        ...o.headers,
      },
      body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: body as T, headers: res.headers };
  };

  /**
   * A code is accepted once (RFC 6238 section 5.2): the harness gives the code of the first step
   * after the last one it gave for that secret that the server still accepts (now's, or the next),
   * and only when both are spent moves the fake clock on to the next step, as a person would wait.
   */
  const lastStep = new Map<string, number>();
  const freshCode = (secret: string) => {
    let step = totpStepAt(clock.now());
    const last = lastStep.get(secret) ?? -Infinity;
    if (step <= last) step = last + 1;
    if (step > totpStepAt(clock.now()) + 1) clock.set(new Date((step - 1) * 30_000));
    lastStep.set(secret, step);
    return totpCode(secret, new Date(step * 30_000));
  };

  const signIn = async (email: string, password: string, totpSecret?: string) => {
    const totp = totpSecret ? freshCode(totpSecret) : undefined;
    const res = await http<{ accessToken: string }>('POST', '/api/auth/login', { body: { email, password, totp } });
    if (res.status !== 200 || !res.body.accessToken)
      throw new Error(`sign-in failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken;
  };

  /** Roles that need a second factor are enrolled up front, as if they had scanned the QR code. */
  const enrolIfRequired = async (staffId: string, roles: Role[]) => {
    if (!requiresMfa(roles)) return undefined;
    const secret = newTotpSecret();
    await accounts.confirmTotp(staffId, secret, clock.now());
    return secret;
  };

  const trustOf = (school: SchoolKey) => (school === 'elsewhere' ? otherTrustId : trustId);
  let n = 0;
  return {
    app,
    baseUrl,
    db,
    clock,
    trustId,
    otherTrustId,
    schools,
    async createStaff(o) {
      n += 1;
      const name = o.name ?? `Staff Member ${n}`;
      const email = `staff${n}-${randomUUID().slice(0, 6)}@${o.school}.test`;
      const roles = o.roles ?? ['staff'];
      const system = {
        staffId: randomUUID(),
        name: 'test setup',
        roles: ['trust_admin'] as Role[],
        schoolId: null,
        trustId: trustOf(o.school),
      };
      const { id } = await registration.register(
        {
          name,
          email,
          jobRole: o.jobRole ?? 'teaching_assistant',
          roles,
          contractedHoursPerWeek: o.contractedHoursPerWeek ?? 32.5,
          startDate: '2024-09-01',
          hlta: o.hlta ?? false,
          schoolId: schools[o.school],
          password: PASSWORD,
        },
        commandContext(system, {}),
        trustOf(o.school),
      );
      const totpSecret = await enrolIfRequired(id, roles);
      return {
        id,
        email,
        password: PASSWORD,
        name,
        token: await signIn(email, PASSWORD, totpSecret),
        schoolId: schools[o.school],
        totpSecret,
      };
    },
    async createTrustUser(role, trust = 'demo') {
      n += 1;
      const id = randomUUID();
      const email = `${role}${n}@trust.test`;
      await accounts.create({
        staffId: id,
        email,
        password: PASSWORD,
        name: `Trust ${role} ${n}`,
        roles: [role],
        schoolId: null,
        trustId: trust === 'demo' ? trustId : otherTrustId,
      });
      const totpSecret = await enrolIfRequired(id, [role]);
      return {
        id,
        email,
        password: PASSWORD,
        name: `Trust ${role} ${n}`,
        token: await signIn(email, PASSWORD, totpSecret),
        schoolId: null,
        totpSecret,
      };
    },
    signIn,
    totp: freshCode,
    async stepUp(staff) {
      const res = await http<{ accessToken: string }>('POST', '/api/auth/step-up', {
        token: staff.token,
        body: { totp: freshCode(staff.totpSecret!) },
      });
      if (res.status !== 200) throw new Error(`step-up failed: ${res.status} ${JSON.stringify(res.body)}`);
      staff.token = res.body.accessToken;
      return staff.token;
    },
    http,
    async eventCount() {
      const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
      return rows[0]!.n;
    },
    async logs() {
      return logFile ? readFile(logFile, 'utf8').catch(() => '') : '';
    },
    async settle() {
      const readModels = app.get(ReadModels);
      await readModels.drainAll();
      await readModels.tickAll();
    },
    async close(closeOptions = {}) {
      await app.close();
      if (logFile) await rm(logFile, { force: true });
      if (!closeOptions.keepDatabase) {
        await db.drop();
        await rm(sealLog, { force: true });
      }
    },
  };
}
