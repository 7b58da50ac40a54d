import type { NestExpressApplication } from '@nestjs/platform-express';
import { readFile } from 'node:fs/promises';
import { Accounts, requiresMfa, totpCode } from '#lib/auth';
import { loadConfig } from '#lib/core';
import { createTestDatabase, type TestDatabase } from '#lib/testing';
import { seedDemoTrust, type DemoAccount } from './demo-seed.js';
import { createPlatformApp } from './platform.js';

/** The README's demo TOTP table, `| \`email\` | \`SECRET\` |` rows. */
async function readmeSecrets(): Promise<Map<string, string>> {
  const readme = await readFile('README.md', 'utf8');
  const rows = [...readme.matchAll(/^\|\s*`([^`@\s]+@[^`\s]+)`\s*\|\s*`([A-Z2-7]{16,})`\s*\|$/gm)];
  return new Map(rows.map((m) => [m[1]!, m[2]!]));
}

/**
 * The demo seed enrols every account that needs a second factor with the secret the README lists,
 * so whoever tries the demo signs in with it (nobody binds their own authenticator to a shared demo account).
 */
describe('the demo seed against the README', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let made: DemoAccount[];
  beforeAll(async () => {
    db = await createTestDatabase('demo_seed');
    app = await createPlatformApp({
      config: loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', SEAL_LOG: 'none', MASTER_KEY: Buffer.alloc(32, 3).toString('base64') }),
      databaseUrl: db.url,
      jwtSecret: 'test-secret-test-secret-test-secret-0123',
      tickMs: 0,
    });
    await app.listen(0, '127.0.0.1');
    made = await seedDemoTrust(app, 'demo-password-1');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('lists exactly the seeded accounts that sign in with a second factor, each enrolled with its secret', async () => {
    const listed = await readmeSecrets();
    const needing = made.filter((a) => requiresMfa(a.roles));
    expect(needing.length).toBeGreaterThan(8);
    expect([...listed.keys()].sort()).toEqual(needing.map((a) => a.email).sort());
    const accounts = app.get(Accounts);
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    for (const account of needing) {
      const { rows } = await db.pool.query<{ staff_id: string }>('SELECT staff_id FROM accounts WHERE email = $1', [account.email]);
      const enrolled = await accounts.byId(rows[0]!.staff_id);
      expect({ email: account.email, secret: enrolled?.totpSecret }).toEqual({ email: account.email, secret: listed.get(account.email) });
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: account.email, password: 'demo-password-1', totp: totpCode(listed.get(account.email)!, new Date()) }),
      });
      const body = (await res.json()) as { accessToken?: string };
      expect({ email: account.email, status: res.status, token: typeof body.accessToken }).toEqual({
        email: account.email,
        status: 200,
        token: 'string',
      });
    }
  }, 120_000);
});
