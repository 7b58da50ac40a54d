import { Accounts } from './accounts.js';
import { startTestPlatform, type TestPlatform } from '#lib/testing';

/**
 * Sessions end at once (API.md v1.1 "Accounts and sessions"): through HTTP on real PostgreSQL, the
 * token held before sign-out, deactivation or a role change is refused on its very next request.
 */
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ label: 'sessions' });
});
afterAll(async () => p.close());

describe('sign-out', () => {
  it('ends the token: 204, then 401 on the next request; another session of the same account goes on', async () => {
    const ta = await p.createStaff({ school: 'oakfield' });
    const other = await p.signIn(ta.email, ta.password);
    expect((await p.http('GET', '/api/me', { token: ta.token })).status).toBe(200);
    expect((await p.http('POST', '/api/auth/logout', { token: ta.token })).status).toBe(204);
    const after = await p.http('GET', '/api/me', { token: ta.token });
    expect(after.status).toBe(401);
    expect(after.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await p.http('POST', '/api/auth/logout', { token: ta.token })).status).toBe(401);
    expect((await p.http('GET', '/api/me', { token: other })).status).toBe(200);
  });

  it('ends a stepped-up token of the same session too', async () => {
    const dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
    const first = dsl.token;
    await p.stepUp(dsl);
    expect((await p.http('POST', '/api/auth/logout', { token: dsl.token })).status).toBe(204);
    expect((await p.http('GET', '/api/me', { token: first })).status).toBe(401);
    expect((await p.http('GET', '/api/me', { token: dsl.token })).status).toBe(401);
  });
});

describe('POST /api/staff/{id}/deactivate', () => {
  it('refuses the old token (401) at once and any sign-in after, recorded as a workforce event', async () => {
    const head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
    const ta = await p.createStaff({ school: 'oakfield' });
    expect((await p.http('GET', '/api/concerns', { token: ta.token })).status).toBe(200);
    const before = await p.eventCount();
    const res = await p.http('POST', `/api/staff/${ta.id}/deactivate`, { token: head.token, body: { reason: 'Left at the end of term' } });
    expect(res.status).toBe(200);
    expect(await p.eventCount()).toBe(before + 1);
    expect((await p.http('GET', '/api/concerns', { token: ta.token })).status).toBe(401);
    expect((await p.http('POST', '/api/auth/login', { body: { email: ta.email, password: ta.password } })).status).toBe(401);
    // Once is enough: a repeat records nothing new.
    expect((await p.http('POST', `/api/staff/${ta.id}/deactivate`, { token: head.token, body: { reason: 'again' } })).status).toBe(200);
    expect(await p.eventCount()).toBe(before + 1);
  });

  it('is for the headteacher of their school and the trust admin only; never oneself; a reason is required', async () => {
    const head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
    const otherHead = await p.createStaff({ school: 'riverside', roles: ['headteacher'], jobRole: 'headteacher' });
    const dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
    const admin = await p.createTrustUser('trust_admin');
    const foreignAdmin = await p.createTrustUser('trust_admin', 'other');
    const ta = await p.createStaff({ school: 'oakfield' });
    const body = { reason: 'Contract ended' };
    expect((await p.http('POST', `/api/staff/${ta.id}/deactivate`, { token: dsl.token, body })).status).toBe(403);
    expect((await p.http('POST', `/api/staff/${ta.id}/deactivate`, { token: otherHead.token, body })).status).toBe(404);
    expect((await p.http('POST', `/api/staff/${ta.id}/deactivate`, { token: foreignAdmin.token, body })).status).toBe(404);
    expect((await p.http('POST', `/api/staff/${head.id}/deactivate`, { token: head.token, body })).status).toBe(403);
    expect((await p.http('POST', `/api/staff/${ta.id}/deactivate`, { token: head.token, body: { reason: ' ' } })).status).toBe(400);
    expect((await p.http('POST', `/api/staff/${ta.id}/deactivate`, { token: admin.token, body })).status).toBe(200);
    expect((await p.http('GET', '/api/me', { token: ta.token })).status).toBe(401);
  });
});

describe('POST /api/staff/{id}/roles', () => {
  it('refuses the demoted deputy’s old token (401) at once; the next sign-in carries the new roles', async () => {
    const head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
    const deputy = await p.createStaff({ school: 'oakfield', roles: ['deputy_dsl'], jobRole: 'teacher' });
    expect((await p.http('GET', '/api/alerts', { token: deputy.token })).status).toBe(200);
    const res = await p.http('POST', `/api/staff/${deputy.id}/roles`, { token: head.token, body: { roles: ['staff'] } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: deputy.id, roles: ['staff'] });
    expect((await p.http('GET', '/api/alerts', { token: deputy.token })).status).toBe(401);
    const again = await p.signIn(deputy.email, deputy.password);
    expect((await p.http('GET', '/api/me', { token: again })).body.roles).toEqual(['staff']);
    expect((await p.http('GET', '/api/alerts', { token: again })).status).toBe(403);
    const staff = await p.http('GET', `/api/staff/${deputy.id}`, { token: head.token });
    expect(staff.body.roles).toEqual(['staff']);
  });

  it('lets only a trust admin give trust-wide roles, and refuses unknown roles with 400', async () => {
    const head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
    const ta = await p.createStaff({ school: 'oakfield' });
    expect((await p.http('POST', `/api/staff/${ta.id}/roles`, { token: head.token, body: { roles: ['trust_admin'] } })).status).toBe(403);
    expect((await p.http('POST', `/api/staff/${ta.id}/roles`, { token: head.token, body: { roles: ['wizard'] } })).status).toBe(400);
    expect((await p.http('POST', `/api/staff/${ta.id}/roles`, { token: head.token, body: { roles: [] } })).status).toBe(422);
    expect((await p.http('GET', '/api/me', { token: ta.token })).status).toBe(200);
  });
});

describe('tokens', () => {
  it('are refused in the query string (only the Authorization header carries one)', async () => {
    const ta = await p.createStaff({ school: 'oakfield' });
    const res = await p.http('GET', `/api/me?access_token=${encodeURIComponent(ta.token)}`);
    expect(res.status).toBe(401);
    expect((await p.http('GET', '/api/me', { token: ta.token })).status).toBe(200);
  });

  it('of an account removed are refused', async () => {
    const ta = await p.createStaff({ school: 'oakfield' });
    await p.app.get(Accounts).remove(ta.id);
    expect((await p.http('GET', '/api/me', { token: ta.token })).status).toBe(401);
  });

  it('give a stream ticket only to a signed-in session, and a ticket opens nothing but the stream', async () => {
    const dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
    expect((await p.http('POST', '/api/auth/stream-ticket')).status).toBe(401);
    const issued = await p.http('POST', '/api/auth/stream-ticket', { token: dsl.token });
    expect(issued.status).toBe(200);
    expect(issued.body.ticket).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect((await p.http('GET', `/api/me?ticket=${issued.body.ticket}`)).status).toBe(401);
  });
});
