import { CONCERN_ALERT_KINDS, CONCERN_CATEGORIES } from '#lib/concerns';
import { CP_TRANSFER_ALERT_KINDS } from '#lib/cp-transfers';
import { INCIDENT_ALERT_KINDS } from '#lib/incidents';
import { STAFF_ROLES } from '#lib/kernel';
import { PUPIL_ALERT_KINDS } from '#lib/pupils';
import { startTestPlatform, type TestPlatform } from '#lib/testing';
import { JOB_ROLES, WORKFORCE_ALERT_KINDS } from '#lib/workforce';

/** The kinds the features' alert rule families raise: each must have its words, and no others. */
const ALERT_KINDS = [
  ...CONCERN_ALERT_KINDS,
  ...INCIDENT_ALERT_KINDS,
  ...WORKFORCE_ALERT_KINDS,
  ...CP_TRANSFER_ALERT_KINDS,
  ...PUPIL_ALERT_KINDS,
];

/** The vocabulary as the composed platform serves it: every feature's sections, each code with words. */
describe('GET /api/vocabulary', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({ label: 'vocabulary' });
  });
  afterAll(() => p?.close());

  it('gives a signed-in user the words for every code of the server’s own lists', async () => {
    const ta = await p.createStaff({ school: 'oakfield' });
    const res = await p.http('GET', '/api/vocabulary', { token: ta.token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.concernCategories).sort()).toEqual([...CONCERN_CATEGORIES].sort());
    expect(Object.keys(res.body.alertKinds).sort()).toEqual([...ALERT_KINDS].sort());
    expect(Object.keys(res.body.jobRoles).sort()).toEqual([...JOB_ROLES].sort());
    expect(Object.keys(res.body.roles).sort()).toEqual([...STAFF_ROLES].sort());
    expect(res.body.concernCategories.physical_abuse).toBe('Physical abuse');
    expect(res.body.holds.figure_of_four).toBe('Figure of four');
    expect(res.body.courses.team_teach_level_2).toBe('Team Teach Level 2');
    expect(res.body.reportInterventionTypes.restraint_without_contact).toBe('Restraint without contact');
    for (const [section, labels] of Object.entries(res.body as Record<string, Record<string, string>>)) {
      for (const [code, label] of Object.entries(labels))
        expect({ section, code, empty: !label.trim() }).toEqual({ section, code, empty: false });
    }
  });

  it('names the courses a trust added to its own reference data', async () => {
    const admin = await p.createTrustUser('trust_admin');
    const current = await p.http('GET', '/api/training-reference', { token: admin.token });
    const reference = current.body.reference ?? current.body;
    const changed = await p.http('PUT', '/api/training-reference', {
      token: admin.token,
      body: { ...reference, courses: { ...reference.courses, forest_school: { title: 'Forest School leader', validityMonths: 36 } } },
    });
    expect(changed.status).toBeLessThan(300);
    const res = await p.http('GET', '/api/vocabulary', { token: admin.token });
    expect(res.body.courses.forest_school).toBe('Forest School leader');
  });

  it('answers 401 without a token', async () => {
    expect((await p.http('GET', '/api/vocabulary')).status).toBe(401);
  });
});
