import { randomUUID } from 'node:crypto';
import { Accounts, totpCode } from '#lib/auth';
import { startTestPlatform, type TestPlatform } from '#lib/testing';

/* Trust auditors are read-only, but their own second factor is not a record: they must be able to enrol one and step up. */
describe('a trust auditor’s second factor', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({ label: 'auditor-mfa' });
  });
  afterAll(() => p?.close());

  it('enrols on first sign-in (enrol, confirm) although every other write is refused', async () => {
    const email = `auditor-${randomUUID().slice(0, 6)}@trust.test`;
    await p.app.get(Accounts).create({
      staffId: randomUUID(),
      email,
      password: 'test-password-1',
      name: 'New Auditor',
      roles: ['trust_auditor'],
      schoolId: null,
      trustId: p.trustId,
    });
    const first = await p.http('POST', '/api/auth/login', { body: { email, password: 'test-password-1' } });
    expect(first.body).toMatchObject({ mfaEnrolmentRequired: true });
    const enrol = await p.http('POST', '/api/auth/mfa/enrol', { token: first.body.enrolmentToken });
    expect(enrol.status).toBe(200);
    const confirm = await p.http('POST', '/api/auth/mfa/confirm', {
      token: first.body.enrolmentToken,
      body: { totp: totpCode(enrol.body.secret, p.clock.now()) },
    });
    expect(confirm.status).toBe(200);
    const write = await p.http('POST', '/api/concerns', { token: confirm.body.accessToken, body: {} });
    expect(write.status).toBe(403);
  });

  it('steps up after 15 minutes to read a chronology again', async () => {
    const head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'] });
    const pupil = await p.http('POST', '/api/pupils', {
      token: head.token,
      body: { firstName: 'Ada', lastName: 'Step', dateOfBirth: '2017-05-14', yearGroup: '3', sen: false, ehcp: false },
    });
    await p.settle();
    const auditor = await p.createTrustUser('trust_auditor');
    p.clock.advanceMinutes(20);
    const path = `/api/pupils/${pupil.body.id}/chronology`;
    expect((await p.http('GET', path, { token: auditor.token })).status).toBe(401);
    await p.stepUp(auditor);
    expect((await p.http('GET', path, { token: auditor.token })).status).toBe(200);
  });
});
