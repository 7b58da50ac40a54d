import { caseManagerRolesOf } from '#lib/kernel';
import { ReadModels } from '#lib/read-models';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

/*
 * Concerns about adults (KCSIE part four) over HTTP on real PostgreSQL: who manages them, who never
 * learns of them, the LADO step and its deadline on the fake clock.
 */

let p: TestPlatform;
let head: TestStaff;
let dsl: TestStaff;
let deputy: TestStaff;
let teacher: TestStaff;
let ta: TestStaff;
let tsl: TestStaff;
let otherTsl: TestStaff;
let auditor: TestStaff;
let riversideHead: TestStaff;
let pupilId: string;

const body = (overrides: Record<string, unknown> = {}) => ({
  pupilIds: [],
  categories: ['other'],
  summary: 'Shouted at a pupil and grabbed his arm',
  details: 'In the corridor after lunch; the pupil was upset.',
  occurredAt: '2026-03-02T08:30:00+00:00',
  urgency: 'routine',
  informedDslVerbally: false,
  ...overrides,
});

async function raise(by: TestStaff, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await p.http('POST', '/api/concerns', { token: by.token, body: body(overrides) });
  if (res.status !== 201) throw new Error(`raise failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

async function alertsOf(who: TestStaff): Promise<{ kind: string; subject: { concernId?: string }; schoolId: string }[]> {
  await p.settle();
  const res = await p.http('GET', '/api/alerts', { token: who.token });
  return res.status === 200 ? res.body : [];
}

const mentions = async (who: TestStaff, concernId: string) => ({
  concern: (await p.http('GET', `/api/concerns/${concernId}`, { token: who.token })).status,
  listed:
    ((await p.http('GET', '/api/concerns', { token: who.token })).body as { id: string }[]).some?.((c) => c.id === concernId) ?? false,
  alerted: (await alertsOf(who)).some((a) => a.subject.concernId === concernId),
});

/** A referral made just now, by the fake clock. */
const referral = () => ({
  referredAt: p.clock.now().toISOString(),
  officer: 'A. Officer',
  reference: 'LADO/26/114',
  advice: 'Strategy discussion on Wednesday',
});

beforeAll(async () => {
  p = await startTestPlatform({ label: 'allegations' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher', name: 'Hana Head' });
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl', name: 'Dana Lead' });
  deputy = await p.createStaff({ school: 'oakfield', roles: ['deputy_dsl'], jobRole: 'teacher', name: 'Dev Deputy' });
  teacher = await p.createStaff({ school: 'oakfield', jobRole: 'teacher', name: 'Tom Teacher' });
  ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant', name: 'Tia Assistant' });
  riversideHead = await p.createStaff({ school: 'riverside', roles: ['headteacher'], jobRole: 'headteacher' });
  tsl = await p.createTrustUser('trust_safeguarding_lead');
  otherTsl = await p.createTrustUser('trust_safeguarding_lead', 'other');
  auditor = await p.createTrustUser('trust_auditor');
  const pupil = await p.http('POST', '/api/pupils', {
    token: head.token,
    body: { firstName: 'Sam', lastName: 'Pupil', dateOfBirth: '2017-05-14', yearGroup: '3', sen: false, ehcp: false },
  });
  pupilId = pupil.body.id;
});
afterAll(async () => p.close());

describe('a concern about the headteacher', () => {
  let concernId: string;
  beforeAll(async () => {
    concernId = await raise(teacher, { aboutAdult: { staffId: head.id }, pupilIds: [pupilId], urgency: 'urgent' });
  });

  it('reaches the trust’s safeguarding lead: the alert at once, the case with who raised it', async () => {
    const alerts = await alertsOf(tsl);
    expect(alerts.filter((a) => a.subject.concernId === concernId).map((a) => a.kind)).toEqual(['allegation_raised']);
    expect(alerts.find((a) => a.subject.concernId === concernId)?.schoolId).toBe(p.schools.oakfield);
    const res = await p.http('GET', `/api/concerns/${concernId}`, { token: tsl.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ routedTo: 'trust_safeguarding_lead', raisedBy: teacher.id, aboutAdult: { staffId: head.id } });
    const list = await p.http('GET', '/api/concerns', { token: tsl.token });
    expect(list.body.map((c: { id: string }) => c.id)).toContain(concernId);
  });

  it('is refused to the head and the school’s DSL and deputy on every route, and to another trust’s lead', async () => {
    for (const who of [head, dsl, deputy, otherTsl])
      expect(await mentions(who, concernId)).toEqual({ concern: 404, listed: false, alerted: false });
    const chronology = await p.http('GET', `/api/pupils/${pupilId}/chronology`, { token: await p.stepUp(head) });
    expect(chronology.status).toBe(200);
    expect(JSON.stringify(chronology.body)).not.toContain(concernId);
  });

  it('is kept from the head by row-level security itself, even by a query that forgets every filter', async () => {
    await p.settle();
    const readModels = p.app.get(ReadModels);
    const everything = (who: TestStaff, name: string, table: string) =>
      readModels.read(
        name,
        {
          schoolIds: [p.schools.oakfield],
          trustId: p.trustId,
          reader: {
            staffId: who.id,
            caseManagerRoles: caseManagerRolesOf({ roles: who.id === tsl.id ? ['trust_safeguarding_lead'] : ['headteacher'] }),
          },
        },
        (db) => db.query(`SELECT concern_id FROM ${table}`) as Promise<{ concern_id: string | null }[]>,
      );
    expect((await everything(head, 'alerts', 'alerts')).map((r) => r.concern_id)).not.toContain(concernId);
    expect((await everything(head, 'chronology', 'entries')).map((r) => r.concern_id)).not.toContain(concernId);
    expect((await everything(tsl, 'alerts', 'alerts')).map((r) => r.concern_id)).toContain(concernId);
    expect((await everything(tsl, 'chronology', 'entries')).map((r) => r.concern_id)).toContain(concernId);
  });

  it('escalates to the trust’s safeguarding lead, never to the head', async () => {
    p.clock.advanceMinutes(31);
    const escalations = (await alertsOf(tsl)).filter((a) => a.kind === 'concern_unacknowledged' && a.subject.concernId === concernId);
    expect(escalations).toHaveLength(1);
    expect((await alertsOf(head)).some((a) => a.subject.concernId === concernId)).toBe(false);
  });

  it('lets the trust’s safeguarding lead act on it as its case manager', async () => {
    const ack = await p.http('POST', `/api/concerns/${concernId}/acknowledge`, { token: tsl.token });
    expect(ack.status).toBe(200);
    const referred = await p.http('POST', `/api/concerns/${concernId}/lado-referral`, { token: tsl.token, body: referral() });
    expect(referred.status).toBe(200);
  });
});

describe('a concern about a DSL', () => {
  it('reaches the headteacher as case manager, with who raised it, and never the DSL', async () => {
    const concernId = await raise(ta, { aboutAdult: { staffId: dsl.id } });
    const detail = await p.http('GET', `/api/concerns/${concernId}`, { token: head.token });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ routedTo: 'headteacher', raisedBy: ta.id });
    expect((await alertsOf(head)).filter((a) => a.subject.concernId === concernId).map((a) => a.kind)).toEqual(['allegation_raised']);
    expect(await mentions(dsl, concernId)).toEqual({ concern: 404, listed: false, alerted: false });
    expect(await mentions(deputy, concernId)).toEqual({ concern: 404, listed: false, alerted: false });
    expect((await alertsOf(tsl)).some((a) => a.subject.concernId === concernId)).toBe(false);
    const views = await p.http('GET', `/api/audit/views?subject=${concernId}`, { token: dsl.token });
    expect(views.body).toEqual([]);
    const history = await p.http('GET', `/api/audit/events?stream=concern-${concernId}`, { token: dsl.token });
    expect(history.body).toEqual([]);
    expect((await p.http('GET', `/api/audit/events?stream=concern-${concernId}`, { token: head.token })).body).not.toEqual([]);
  });
});

describe('concerns about adults as staff raise them', () => {
  it('takes one with no pupil about a named adult who is not registered, with their role', async () => {
    const concernId = await raise(ta, { aboutAdult: { name: 'Pat Visitor', roleDescription: 'volunteer reader' }, lowLevel: true });
    const detail = await p.http('GET', `/api/concerns/${concernId}`, { token: head.token });
    expect(detail.body).toMatchObject({
      pupilIds: [],
      lowLevel: true,
      aboutAdult: { name: 'Pat Visitor', roleDescription: 'volunteer reader' },
    });
    expect((await alertsOf(head)).filter((a) => a.subject.concernId === concernId).map((a) => a.kind)).toEqual(['concern_raised']);
  });

  it('takes a self-report, about the one raising it, which they can follow as its raiser', async () => {
    const concernId = await raise(teacher, { selfReport: true, lowLevel: true });
    const detail = await p.http('GET', `/api/concerns/${concernId}`, { token: head.token });
    expect(detail.body).toMatchObject({ selfReport: true, aboutAdult: { staffId: teacher.id }, raisedBy: teacher.id });
    const own = await p.http('GET', `/api/concerns/${concernId}`, { token: teacher.token });
    expect(own.status).toBe(200);
    expect(own.body.currentTriage).toBeUndefined();
  });

  it('refuses a self-report about someone else, and a member of staff of another school', async () => {
    const other = await p.http('POST', '/api/concerns', {
      token: ta.token,
      body: body({ selfReport: true, aboutAdult: { staffId: teacher.id } }),
    });
    expect(other).toMatchObject({ status: 422, body: { detail: expect.stringContaining('self-report') } });
    const elsewhere = await p.http('POST', '/api/concerns', { token: ta.token, body: body({ aboutAdult: { staffId: riversideHead.id } }) });
    expect(elsewhere.status).toBe(422);
  });

  it('never assigns an action on it to the adult concerned', async () => {
    const concernId = await raise(ta, { aboutAdult: { staffId: teacher.id } });
    const res = await p.http('POST', `/api/concerns/${concernId}/actions`, {
      token: head.token,
      body: { description: 'Meet the teacher', assigneeId: teacher.id, dueOn: '2026-03-05' },
    });
    expect(res.status).toBe(422);
  });
});

describe('the LADO step', () => {
  it('refuses the referral and the outcome to anyone but the case manager, storing nothing', async () => {
    const concernId = await raise(ta, { aboutAdult: { staffId: teacher.id } });
    const before = await p.eventCount();
    for (const who of [dsl, deputy, teacher, ta, tsl, riversideHead, auditor]) {
      const res = await p.http('POST', `/api/concerns/${concernId}/lado-referral`, { token: who.token, body: referral() });
      expect([403, 404]).toContain(res.status);
      const outcome = await p.http('POST', `/api/concerns/${concernId}/allegation-outcome`, {
        token: who.token,
        body: { outcome: 'unfounded', decidedAt: p.clock.now().toISOString(), rationale: 'x' },
      });
      expect([403, 404]).toContain(outcome.status);
    }
    expect(await p.eventCount()).toBe(before);
  });

  it('records the referral, the advice and one of the five outcomes, in that order', async () => {
    const concernId = await raise(ta, { aboutAdult: { staffId: teacher.id } });
    const early = await p.http('POST', `/api/concerns/${concernId}/allegation-outcome`, {
      token: head.token,
      body: { outcome: 'unfounded', decidedAt: p.clock.now().toISOString(), rationale: 'No basis' },
    });
    expect(early).toMatchObject({ status: 422, body: { detail: expect.stringContaining('LADO') } });
    expect((await p.http('POST', `/api/concerns/${concernId}/lado-referral`, { token: head.token, body: referral() })).status).toBe(200);
    const bad = await p.http('POST', `/api/concerns/${concernId}/allegation-outcome`, {
      token: head.token,
      body: { outcome: 'proven', decidedAt: p.clock.now().toISOString(), rationale: 'x' },
    });
    expect(bad.status).toBe(400);
    const decided = await p.http('POST', `/api/concerns/${concernId}/allegation-outcome`, {
      token: head.token,
      body: { outcome: 'unsubstantiated', decidedAt: p.clock.now().toISOString(), rationale: 'Insufficient evidence' },
    });
    expect(decided.status).toBe(200);
    const detail = await p.http('GET', `/api/concerns/${concernId}`, { token: head.token });
    expect(detail.body).toMatchObject({
      ladoReferral: { officer: 'A. Officer', reference: 'LADO/26/114', advice: 'Strategy discussion on Wednesday', recordedBy: head.id },
      allegationOutcome: { outcome: 'unsubstantiated', rationale: 'Insufficient evidence' },
    });
  });

  it('refuses a LADO referral of a low-level concern', async () => {
    const concernId = await raise(ta, { aboutAdult: { staffId: teacher.id }, lowLevel: true });
    const res = await p.http('POST', `/api/concerns/${concernId}/lado-referral`, { token: head.token, body: referral() });
    expect(res).toMatchObject({ status: 422, body: { detail: expect.stringContaining('low-level') } });
  });
});

describe('lado_referral_due', () => {
  const dueAlerts = async (concernId: string) =>
    (await alertsOf(head)).filter((a) => a.kind === 'lado_referral_due' && a.subject.concernId === concernId);

  it('fires at the end of the next working day and not one minute before, past a weekend and a bank holiday', async () => {
    // Thursday 2 April 2026: Good Friday and Easter Monday are bank holidays, so the next working day is Tuesday 7 April.
    p.clock.set('2026-04-02T14:00:00+01:00');
    const concernId = await raise(ta, { aboutAdult: { staffId: teacher.id }, occurredAt: '2026-04-02T13:00:00+01:00' });
    p.clock.set('2026-04-07T23:58:59.999+01:00');
    expect(await dueAlerts(concernId)).toEqual([]);
    p.clock.set('2026-04-07T23:59:59.999+01:00');
    expect(await dueAlerts(concernId)).toHaveLength(1);
    expect((await alertsOf(dsl)).some((a) => a.subject.concernId === concernId)).toBe(false);
  });

  it('does not fire once the referral is recorded, nor ever for a low-level concern', async () => {
    p.clock.set('2026-04-13T09:00:00+01:00');
    const referred = await raise(ta, { aboutAdult: { staffId: teacher.id }, occurredAt: '2026-04-13T08:00:00+01:00' });
    const lowLevel = await raise(ta, { aboutAdult: { staffId: teacher.id }, lowLevel: true, occurredAt: '2026-04-13T08:00:00+01:00' });
    const res = await p.http('POST', `/api/concerns/${referred}/lado-referral`, {
      token: head.token,
      body: referral(),
    });
    expect(res.status).toBe(200);
    p.clock.set('2026-04-20T12:00:00+01:00');
    expect(await dueAlerts(referred)).toEqual([]);
    expect(await dueAlerts(lowLevel)).toEqual([]);
  });
});
