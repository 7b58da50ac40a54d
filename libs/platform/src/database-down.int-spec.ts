import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '#lib/event-store';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

/**
 * PostgreSQL stopped under a running platform: every route that needs it answers 503 problem details
 * with Retry-After (none 500), and once PostgreSQL is back the platform answers again by itself.
 * On a PostgreSQL of its own (embedded, in a folder of its own): the machine's shared server is never stopped.
 */
const dataDir = path.join(tmpdir(), `db-down-${randomUUID().slice(0, 8)}`);
const port = 56000 + Math.floor(Math.random() * 2000);
let pg: EmbeddedDatabase;
let p: TestPlatform;
let head: TestStaff;
let dsl: TestStaff;
const shared = process.env.DATABASE_URL;

beforeAll(async () => {
  await mkdtemp(dataDir).catch(() => undefined);
  pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port });
  // This file's platform and its test database live on the PostgreSQL this test may stop.
  process.env.DATABASE_URL = pg.url;
  p = await startTestPlatform({ label: 'db_down' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
}, 180_000);

afterAll(async () => {
  await p?.close().catch(() => undefined);
  await pg?.stop().catch(() => undefined);
  if (shared === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = shared;
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

interface Operation {
  method: string;
  path: string;
}

it('answers 503 with Retry-After on every route while PostgreSQL is down, and 2xx again after it is back', async () => {
  const doc = (await p.http('GET', '/api/docs-json', { token: head.token })).body as { paths: Record<string, Record<string, unknown>> };
  const operations: Operation[] = Object.entries(doc.paths).flatMap(([route, ops]) =>
    Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path: route.replace(/\{\w+\}/g, randomUUID()) })),
  );
  // The stream holds its response open (its refusal is checked through the ticket route, which needs the database).
  const calls = operations.filter((o) => o.path !== '/api/alerts/stream');
  expect(calls.length).toBeGreaterThan(40);

  await pg.stop();
  const answers: { call: string; status: number; retryAfter: string | null; type: string | null }[] = [];
  for (const o of calls) {
    const token = o.path.startsWith('/api/alerts') || o.path.startsWith('/api/pupils') ? dsl.token : head.token;
    const res = await p.http(o.method, o.path, { token, body: o.method === 'GET' ? undefined : {} });
    answers.push({
      call: `${o.method} ${o.path}`,
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      type: res.headers.get('content-type'),
    });
  }
  // Nothing is an error of ours; what needs the database says so and when to come back.
  expect(answers.filter((a) => a.status >= 500 && a.status !== 503)).toEqual([]);
  const unavailable = answers.filter((a) => a.status === 503);
  for (const a of unavailable) expect(a).toMatchObject({ retryAfter: '5', type: expect.stringMatching(/application\/problem\+json/) });
  // Only what never touches the database may answer otherwise: the OpenAPI document and request validation.
  const others = answers.filter((a) => a.status !== 503).map((a) => `${a.call} ${a.status}`);
  console.log(`database down: ${unavailable.length} of ${answers.length} routes 503; others: ${others.join(', ')}`);
  expect(answers.find((a) => a.call === 'GET /api/health')?.status).toBe(503);
  expect(answers.find((a) => a.call === 'GET /api/concerns')?.status).toBe(503);
  expect(answers.find((a) => a.call === 'POST /api/auth/login')?.status).not.toBe(500);
  for (const a of answers.filter((x) => x.status !== 503)) expect(a.status).toBeLessThan(500);

  pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), port });
  const deadline = Date.now() + 60_000;
  let status = 0;
  while (Date.now() < deadline) {
    status = (await p.http('GET', '/api/concerns', { token: head.token })).status;
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(status).toBe(200);
  expect((await p.http('GET', '/api/health')).status).toBe(200);
  const signIn = await p.http('POST', '/api/auth/login', {
    body: { email: head.email, password: head.password, totp: p.totp(head.totpSecret!) },
  });
  expect(signIn.status).toBe(200);
}, 300_000);
