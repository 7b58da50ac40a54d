import { randomUUID } from 'node:crypto';
import { Accounts } from './accounts.js';
import { totpCode } from './mfa.js';
import { startTestPlatform, type TestPlatform } from '#lib/testing';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ label: 'auth' });
});
afterAll(async () => platform.close());

describe('sign-in', () => {
  it('issues a token whose roles, school and trust come from the account', async () => {
    const dsl = await platform.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl', name: 'Dana Lead' });
    const me = await platform.http('GET', '/api/me', { token: dsl.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: dsl.id,
      name: 'Dana Lead',
      roles: ['dsl'],
      schoolId: platform.schools.oakfield,
      trustId: platform.trustId,
    });
  });

  it('refuses a wrong password with 401 and no token at all with 401', async () => {
    const ta = await platform.createStaff({ school: 'oakfield' });
    expect((await platform.http('POST', '/api/auth/login', { body: { email: ta.email, password: 'wrong-password' } })).status).toBe(401);
    expect((await platform.http('GET', '/api/me')).status).toBe(401);
    expect((await platform.http('GET', '/api/me', { token: 'not.a.token' })).status).toBe(401);
  });

  it('locks the account (423) after 5 failed sign-ins in 15 minutes, and lets it in again after', async () => {
    const ta = await platform.createStaff({ school: 'oakfield' });
    for (let i = 0; i < 4; i++)
      expect((await platform.http('POST', '/api/auth/login', { body: { email: ta.email, password: `wrong-${i}` } })).status).toBe(401);
    expect((await platform.http('POST', '/api/auth/login', { body: { email: ta.email, password: ta.password } })).status).toBe(200);
    expect((await platform.http('POST', '/api/auth/login', { body: { email: ta.email, password: 'wrong-5' } })).status).toBe(401);
    const locked = await platform.http('POST', '/api/auth/login', { body: { email: ta.email, password: ta.password } });
    expect(locked.status).toBe(423);
    expect(locked.body).toMatchObject({ status: 423, title: 'Account locked' });
    platform.clock.advanceMinutes(16);
    expect((await platform.http('POST', '/api/auth/login', { body: { email: ta.email, password: ta.password } })).status).toBe(200);
  });

  it('answers a malformed sign-in body with 400 problem details naming the fields', async () => {
    const res = await platform.http('POST', '/api/auth/login', { body: { email: 'not-an-email', password: 12, extra: true } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['email', 'extra', 'password']);
  });
});

describe('schools', () => {
  it('lists a school user their own school and a trust user every school of the trust, never another trust', async () => {
    const ta = await platform.createStaff({ school: 'riverside' });
    const auditor = await platform.createTrustUser('trust_auditor');
    const own = await platform.http('GET', '/api/schools', { token: ta.token });
    expect(own.body.map((s: { id: string }) => s.id)).toEqual([platform.schools.riverside]);
    const trust = await platform.http('GET', '/api/schools', { token: auditor.token });
    expect(trust.body.map((s: { id: string }) => s.id).sort()).toEqual([platform.schools.oakfield, platform.schools.riverside].sort());
  });
});

describe('defence in depth', () => {
  let limited: TestPlatform;
  beforeAll(async () => {
    limited = await startTestPlatform({ label: 'ratelimit', env: { RATE_LIMIT_SIGN_IN_PER_MINUTE: '3' } });
  });
  afterAll(async () => limited.close());

  it('limits sign-in attempts per client (429) and sends security headers, no CORS', async () => {
    const attempt = () => limited.http('POST', '/api/auth/login', { body: { email: 'nobody@nowhere.test', password: 'whatever-1' } });
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    const fourth = await attempt();
    expect(fourth.status).toBe(429);
    const health = await limited.http('GET', '/api/health', { headers: { origin: 'https://evil.example' } });
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(health.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('multi-factor sign-in', () => {
  it('makes a DSL enrol a second factor, then asks for a code at every sign-in', async () => {
    const accounts = platform.app.get(Accounts);
    const staffId = randomUUID();
    const email = `new-dsl-${staffId.slice(0, 6)}@oakfield.test`;
    await accounts.create({
      staffId,
      email,
      password: 'a-good-password',
      name: 'New DSL',
      roles: ['dsl'],
      schoolId: platform.schools.oakfield,
      trustId: platform.trustId,
    });

    const first = await platform.http('POST', '/api/auth/login', { body: { email, password: 'a-good-password' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ mfaEnrolmentRequired: true });
    expect(first.body.accessToken).toBeUndefined();
    const limited = first.body.enrolmentToken as string;
    expect((await platform.http('GET', '/api/me', { token: limited })).status).toBe(401);

    const enrol = await platform.http('POST', '/api/auth/mfa/enrol', { token: limited });
    expect(enrol.status).toBe(200);
    expect(enrol.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(enrol.body.otpauthUrl).toContain(`secret=${enrol.body.secret}`);
    const secret = enrol.body.secret as string;

    expect((await platform.http('POST', '/api/auth/mfa/confirm', { token: limited, body: { totp: '000000' } })).status).toBe(401);
    const code = platform.totp(secret);
    const confirmed = await platform.http('POST', '/api/auth/mfa/confirm', { token: limited, body: { totp: code } });
    expect(confirmed.status).toBe(200);
    expect((await platform.http('GET', '/api/me', { token: confirmed.body.accessToken })).status).toBe(200);

    // The enrolment token is spent: it can neither start another enrolment nor confirm one (replacing the factor without a code).
    expect((await platform.http('POST', '/api/auth/mfa/enrol', { token: limited })).status).toBe(401);
    expect((await platform.http('POST', '/api/auth/mfa/confirm', { token: limited, body: { totp: code } })).status).toBe(401);
    // The code that confirmed is spent too.
    expect((await platform.http('POST', '/api/auth/login', { body: { email, password: 'a-good-password', totp: code } })).status).toBe(401);

    const noCode = await platform.http('POST', '/api/auth/login', { body: { email, password: 'a-good-password' } });
    expect(noCode.status).toBe(401);
    expect(noCode.body.type).toBe('urn:problem:mfa-required');
    expect((await platform.http('POST', '/api/auth/login', { body: { email, password: 'a-good-password', totp: '123456' } })).status).toBe(
      401,
    );
    const ok = await platform.http('POST', '/api/auth/login', {
      body: { email, password: 'a-good-password', totp: platform.totp(secret) },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.user.roles).toEqual(['dsl']);
  });

  it('does not ask staff without a safeguarding role for a second factor', async () => {
    const ta = await platform.createStaff({ school: 'oakfield', roles: ['staff'] });
    expect(ta.totpSecret).toBeUndefined();
    expect((await platform.http('POST', '/api/auth/login', { body: { email: ta.email, password: ta.password } })).status).toBe(200);
  });

  it('counts wrong codes towards the lockout', async () => {
    const head = await platform.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
    for (let i = 0; i < 5; i++) {
      expect(
        (await platform.http('POST', '/api/auth/login', { body: { email: head.email, password: head.password, totp: '000000' } })).status,
      ).toBe(401);
    }
    const locked = await platform.http('POST', '/api/auth/login', {
      body: { email: head.email, password: head.password, totp: totpCode(head.totpSecret!, platform.clock.now()) },
    });
    expect(locked.status).toBe(423);
  });

  it('accepts a code once: the code used at sign-in is refused at step-up in the same step, and again at sign-in (RFC 6238 5.2)', async () => {
    const dsl = await platform.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
    const secret = dsl.totpSecret!;
    const step = Math.floor(platform.clock.now().getTime() / 30_000);
    const code = totpCode(secret, new Date(step * 30_000 + 60_000));
    // Two steps ahead of now is not yet valid; one step on (the harness's sign-in took now's) is: move to it.
    platform.clock.set(new Date(step * 30_000 + 45_000));
    const signIn = await platform.http('POST', '/api/auth/login', { body: { email: dsl.email, password: dsl.password, totp: code } });
    expect(signIn.status).toBe(200);
    const replayed = await platform.http('POST', '/api/auth/step-up', { token: signIn.body.accessToken, body: { totp: code } });
    expect(replayed.status).toBe(401);
    expect(replayed.body.detail).toMatch(/used already/);
    expect(
      (await platform.http('POST', '/api/auth/login', { body: { email: dsl.email, password: dsl.password, totp: code } })).status,
    ).toBe(401);
    // An earlier step's code, still within the drift allowed, is refused as well: only later codes count.
    const earlier = totpCode(secret, new Date(step * 30_000 + 30_000 - 1000));
    expect((await platform.http('POST', '/api/auth/step-up', { token: signIn.body.accessToken, body: { totp: earlier } })).status).toBe(
      401,
    );
    platform.clock.advance(60_000);
    const next = totpCode(secret, platform.clock.now());
    expect((await platform.http('POST', '/api/auth/step-up', { token: signIn.body.accessToken, body: { totp: next } })).status).toBe(200);
  });

  it('gives a fresh token on step-up with a valid code only', async () => {
    const dsl = await platform.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
    expect((await platform.http('POST', '/api/auth/step-up', { token: dsl.token, body: { totp: '999999' } })).status).toBe(401);
    const before = dsl.token;
    platform.clock.advanceMinutes(1);
    await platform.stepUp(dsl);
    expect(dsl.token).not.toBe(before);
  });
});
