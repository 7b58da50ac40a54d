import { startTestPlatform, type TestPlatform } from '../../testing/src/test-platform.js';

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
