import { randomUUID } from 'node:crypto';
import { Accounts } from './accounts.js';
import { MAX_FAILED_SIGN_INS } from './lockout.js';
import { startTestPlatform, type TestPlatform } from '#lib/testing';

/**
 * Sign-in limits that fit a school behind one address (docs/adr/sign-in-limits.md), with the
 * configuration's defaults (the other test platforms raise them).
 */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({
    label: 'signin_limits',
    env: { RATE_LIMIT_SIGN_IN_PER_MINUTE: '600', RATE_LIMIT_SECOND_FACTOR_PER_MINUTE: '300', TRUST_PROXY: 'loopback' },
  });
});
afterAll(async () => p.close());

const SCHOOL = '203.0.113.10';
const login = (email: string, password: string, address: string) =>
  p.http('POST', '/api/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': address } });

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<number>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < items.length; i += size) statuses.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return statuses;
}

describe('a whole school behind one address', () => {
  // Within one window of the per-address limit whatever the machine's speed: successful sign-ins do not count against it.
  it('signs in 150 staff twice each (300 sign-ins): none refused', async () => {
    const accounts = p.app.get(Accounts);
    const emails = Array.from({ length: 150 }, (_, i) => `morning-${i}-${randomUUID().slice(0, 4)}@oakfield.test`);
    await inBatches(emails, 10, async (email) => {
      const staff = { staffId: randomUUID(), email, password: 'morning-password', name: 'Staff', roles: ['staff' as const] };
      await accounts.create({ ...staff, schoolId: p.schools.oakfield, trustId: p.trustId });
      return 0;
    });
    const statuses = await inBatches([...emails, ...emails], 10, async (email) => (await login(email, 'morning-password', SCHOOL)).status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(statuses).toHaveLength(300);
  }, 180_000);
});

describe('the lockout', () => {
  it('locks an account for the address that failed only: 50 wrong passwords lock it there, it signs in from elsewhere, and there again after the lock', async () => {
    const ta = await p.createStaff({ school: 'oakfield' });
    const statuses = [];
    for (let i = 0; i < 50; i++) statuses.push((await login(ta.email, `wrong-${i}`, '198.51.100.7')).status);
    expect(statuses.slice(0, MAX_FAILED_SIGN_INS)).toEqual(Array(MAX_FAILED_SIGN_INS).fill(401));
    expect(new Set(statuses.slice(MAX_FAILED_SIGN_INS))).toEqual(new Set([423]));
    const locked = await login(ta.email, ta.password, '198.51.100.7');
    expect(locked.status).toBe(423);
    expect(locked.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The real member of staff, at school: the stranger's failures are not theirs.
    expect((await login(ta.email, ta.password, SCHOOL)).status).toBe(200);
    expect((await login(ta.email, ta.password, '192.0.2.99')).status).toBe(200);
    p.clock.advanceMinutes(16);
    expect((await login(ta.email, ta.password, '198.51.100.7')).status).toBe(200);
  });

  it('slows guessing one account from many addresses for addresses it never used, not for its own', async () => {
    const ta = await p.createStaff({ school: 'oakfield' });
    expect((await login(ta.email, ta.password, SCHOOL)).status).toBe(200);
    for (let a = 0; a < 5; a++)
      for (let i = 0; i < 4; i++) expect((await login(ta.email, 'wrong', `198.51.100.${a + 20}`)).status).toBe(401);
    const stranger = await login(ta.email, 'wrong', '198.51.100.60');
    expect(stranger.status).toBe(429);
    expect(Number(stranger.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(ta.email, ta.password, SCHOOL)).status).toBe(200);
  });

  it('keeps step-up in a bucket of its own: sign-in failures from the address do not stop a DSL’s step-up', async () => {
    const limited = await startTestPlatform({ label: 'signin_limits_small', env: { RATE_LIMIT_SIGN_IN_PER_MINUTE: '3' } });
    const dsl = await limited.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
    try {
      const token = dsl.token;
      for (let i = 0; i < 3; i++)
        expect(
          (await limited.http('POST', '/api/auth/login', { body: { email: `junk${i}@nowhere.test`, password: 'junk-junk' } })).status,
        ).toBe(401);
      const refused = await limited.http('POST', '/api/auth/login', { body: { email: 'junk@nowhere.test', password: 'junk-junk' } });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 429, title: 'Too many requests' });
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
      expect(refused.headers.get('content-security-policy')).toContain("default-src 'self'");
      const stepUp = await limited.http('POST', '/api/auth/step-up', { token, body: { totp: limited.totp(dsl.totpSecret!) } });
      expect(stepUp.status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
