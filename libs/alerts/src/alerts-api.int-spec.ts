import { randomUUID } from 'node:crypto';
import { ReadModels } from '#lib/read-models';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import { ALERT_SUBJECT_NAMES, nameAlertSubjects } from './alerts.js';
import { ALERTS_PROJECTION } from './alerts.projection.js';
import { listAlerts, type AlertView } from './alerts.queries.js';
import { fixtures } from './testing/alert-fixtures.js';
import { inbox } from './testing/inbox.js';

let p: TestPlatform;
let dsl: TestStaff;
let deputy: TestStaff;
let head: TestStaff;
let ta: TestStaff;
let riversideDsl: TestStaff;
let auditor: TestStaff;
let f: ReturnType<typeof fixtures>;

beforeAll(async () => {
  p = await startTestPlatform({ label: 'alerts_api' });
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
  deputy = await p.createStaff({ school: 'oakfield', roles: ['deputy_dsl'], jobRole: 'teacher' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
  ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
  riversideDsl = await p.createStaff({ school: 'riverside', roles: ['dsl'], jobRole: 'dsl' });
  auditor = await p.createTrustUser('trust_auditor');
  f = fixtures(p, p.schools.oakfield);
});
afterAll(async () => p.close());

async function alertOf(concernId: string, token = head.token, kind: AlertView['kind'] = 'concern_raised'): Promise<AlertView> {
  const [alert] = await inbox(p, token, { kind, about: concernId });
  if (!alert) throw new Error(`no alert for concern ${concernId}`);
  return alert;
}

describe('GET /api/alerts', () => {
  it("lists the caller's school's alerts for their role, filtered by status", async () => {
    const concernId = await f.raiseConcern({ urgency: 'urgent' });
    const adultConcern = await f.raiseConcern({ aboutAdult: { name: 'Visiting coach' }, lowLevel: true });
    await p.settle();
    const list = await p.http<AlertView[]>('GET', '/api/alerts?status=open', { token: dsl.token });
    expect(list.status).toBe(200);
    expect(list.body.find((a) => a.subject.concernId === concernId)).toEqual({
      id: expect.any(String),
      kind: 'concern_raised',
      priority: 'high',
      raisedAt: p.clock.now().toISOString(),
      escalationLevel: 0,
      status: 'open',
      subject: { pupilId: expect.any(String), concernId },
      message: expect.stringContaining('urgent'),
      schoolId: p.schools.oakfield,
    });
    expect(list.body.some((a) => a.subject.concernId === adultConcern)).toBe(false);
    expect((await p.http<AlertView[]>('GET', '/api/alerts?status=resolved', { token: dsl.token })).body).toEqual([]);
    expect((await p.http<AlertView[]>('GET', '/api/alerts', { token: riversideDsl.token })).body).toEqual([]);
    expect(await inbox(p, head.token, { about: adultConcern })).toHaveLength(1);
    expect(await inbox(p, deputy.token, { about: adultConcern })).toHaveLength(0);
    const audited = await p.http<AlertView[]>('GET', `/api/alerts?schoolId=${p.schools.oakfield}`, { token: auditor.token });
    expect(audited.body.some((a) => a.subject.concernId === concernId)).toBe(true);
  });

  it('names the pupil and the member of staff each alert is about, from the school directory', async () => {
    const pupil = await p.http('POST', '/api/pupils', {
      token: dsl.token,
      body: { firstName: 'Nia', lastName: 'Adeyemi', dateOfBirth: '2017-01-02', yearGroup: '3', sen: false, ehcp: false },
    });
    expect(pupil.status).toBe(201);
    const lba = await p.createStaff({ school: 'oakfield', jobRole: 'learning_behaviour_assistant', name: 'Lou Certificate' });
    const trained = await p.http('POST', `/api/staff/${lba.id}/training`, {
      token: dsl.token,
      body: { course: 'team_teach_level_2', completedOn: '2024-01-10' },
    });
    expect(trained.status).toBe(201);
    const raised = await p.http('POST', '/api/concerns', {
      token: ta.token,
      body: {
        pupilIds: [pupil.body.id],
        categories: ['neglect'],
        summary: 'No coat',
        details: 'Came in without a coat',
        occurredAt: p.clock.now().toISOString(),
        urgency: 'routine',
        informedDslVerbally: false,
      },
    });
    expect(raised.status).toBe(201);
    await p.settle();
    const list = (await p.http<AlertView[]>('GET', '/api/alerts?status=open', { token: dsl.token })).body;
    const concern = list.find((a) => a.subject.concernId === raised.body.id)!;
    expect(concern.subject).toMatchObject({ pupilId: pupil.body.id, pupilName: 'Nia Adeyemi' });
    // Messages say codes in words.
    expect(concern.message).toContain('Neglect');
    const expired = list.find((a) => a.kind === 'training_expired' && a.subject.staffId === lba.id)!;
    expect(expired.subject.staffName).toBe('Lou Certificate');
    // Another school's DSL sees neither the alerts nor the names.
    expect(JSON.stringify((await p.http('GET', '/api/alerts', { token: riversideDsl.token })).body)).not.toMatch(
      /Nia Adeyemi|Lou Certificate/,
    );
  });

  it('refuses other roles and bad filters', async () => {
    expect((await p.http('GET', '/api/alerts', { token: ta.token })).status).toBe(403);
    expect((await p.http('GET', '/api/alerts?status=closed', { token: dsl.token })).status).toBe(400);
    expect((await p.http('GET', '/api/alerts')).status).toBe(401);
  });

  it('answers a replay as of now, and a rebuild, with exactly the live inbox', async () => {
    await f.raiseConcern({ urgency: 'immediate_danger' });
    p.clock.advanceMinutes(31);
    const live = await inbox(p, head.token);
    const scope = { schoolIds: [p.schools.oakfield], roles: ['headteacher' as const], staffId: head.id };
    const replayed = await p.app
      .get(ReadModels)
      .replay(
        ALERTS_PROJECTION,
        p.clock.now(),
        { schoolIds: [p.schools.oakfield], reader: { staffId: head.id, caseManagerRoles: ['headteacher'] } },
        (db) => listAlerts(db, scope),
      );
    // The route names each subject from the directory; the replayed rows, named the same way, are the live inbox.
    const reader = { staffId: head.id, caseManagerRoles: ['headteacher'] };
    expect(
      await nameAlertSubjects(p.app.get(ReadModels), p.app.get(ALERT_SUBJECT_NAMES), replayed, { schoolIds: [p.schools.oakfield], reader }),
    ).toEqual(live);
    await p.app.get(ReadModels).rebuild(ALERTS_PROJECTION);
    expect(await inbox(p, head.token)).toEqual(live);
    expect(live.some((a) => a.kind === 'concern_unacknowledged' && a.escalationLevel === 2)).toBe(true);
  });
});

describe('pages of the inbox', () => {
  it('gives `limit` alerts a page, newest first, and the next page by the cursor in Link until none is left', async () => {
    for (let i = 0; i < 7; i++) {
      await f.raiseConcern();
      p.clock.advanceMinutes(1);
    }
    await p.settle();
    const everything = await inbox(p, head.token);
    const pages: AlertView[][] = [];
    let path: string | null = '/api/alerts?limit=3';
    while (path !== null) {
      const res: { status: number; body: AlertView[]; headers: Headers } = await p.http<AlertView[]>('GET', path, { token: head.token });
      expect(res.status).toBe(200);
      expect(res.body.length).toBeLessThanOrEqual(3);
      pages.push(res.body);
      path = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
    }
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.flat()).toEqual(everything);
    const raised = pages.flat().map((a) => Date.parse(a.raisedAt));
    expect(raised).toEqual([...raised].sort((a, b) => b - a));
    expect((await p.http('GET', '/api/alerts?cursor=not-one-of-ours', { token: head.token })).body).toMatchObject({
      status: 400,
      errors: [{ field: 'cursor' }],
    });
    expect((await p.http('GET', '/api/alerts?limit=501', { token: head.token })).status).toBe(400);
  });
});

describe('alert lifecycle through the API', () => {
  it('acknowledges once and resolves once, as events on the alert stream', async () => {
    const alert = await alertOf(await f.raiseConcern(), dsl.token);
    const ack = await p.http('POST', `/api/alerts/${alert.id}/acknowledge`, { token: dsl.token });
    expect(ack).toMatchObject({ status: 200, body: { id: alert.id, version: 0 } });
    expect((await p.http('POST', `/api/alerts/${alert.id}/acknowledge`, { token: dsl.token })).status).toBe(422);
    expect((await inbox(p, dsl.token, { status: 'acknowledged' })).map((a) => a.id)).toContain(alert.id);

    const resolved = await p.http('POST', `/api/alerts/${alert.id}/resolve`, {
      token: deputy.token,
      body: { note: 'Fed at breakfast club' },
    });
    expect(resolved).toMatchObject({ status: 200, body: { id: alert.id, version: 1 } });
    expect((await p.http('POST', `/api/alerts/${alert.id}/resolve`, { token: dsl.token, body: { note: 'again' } })).status).toBe(422);
    expect((await inbox(p, dsl.token, { status: 'resolved' })).map((a) => a.id)).toContain(alert.id);
    const { rows } = await p.db.pool.query('SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version', [`alert-${alert.id}`]);
    expect(rows.map((r) => r.type)).toEqual(['AlertAcknowledged', 'AlertResolved']);
  });

  it('resolving an open alert acknowledges it too', async () => {
    const alert = await alertOf(await f.raiseConcern());
    const res = await p.http('POST', `/api/alerts/${alert.id}/resolve`, { token: head.token, body: { note: 'Handled in person' } });
    expect(res).toMatchObject({ status: 200, body: { version: 1 } });
    expect((await inbox(p, head.token, { about: alert.subject.concernId })).map((a) => a.status)).toEqual(['resolved']);
    expect((await p.http('POST', `/api/alerts/${alert.id}/resolve`, { token: head.token, body: {} })).status).toBe(400);
  });

  it('is 404 to anyone outside the alert’s audience or school', async () => {
    const alert = await alertOf(await f.raiseConcern());
    const adultAlert = await alertOf(await f.raiseConcern({ aboutAdult: { name: 'Supply teacher' } }), head.token, 'allegation_raised');
    const before = await p.eventCount();
    for (const [token, id] of [
      [riversideDsl.token, alert.id],
      [ta.token, alert.id],
      [dsl.token, adultAlert.id],
      [deputy.token, adultAlert.id],
      [dsl.token, randomUUID()],
      [dsl.token, 'not-an-id'],
    ] as const) {
      expect((await p.http('POST', `/api/alerts/${id}/acknowledge`, { token })).status).toBe(404);
    }
    expect((await p.http('POST', `/api/alerts/${alert.id}/acknowledge`, { token: auditor.token })).status).toBe(403);
    expect(await p.eventCount()).toBe(before);
    expect((await p.http('POST', `/api/alerts/${adultAlert.id}/acknowledge`, { token: head.token })).status).toBe(200);
  });
});

describe('GET /api/alerts/stream', () => {
  it('pushes the alert of a newly raised concern to the DSL as a server-sent event', async () => {
    const controller = new AbortController();
    const { ticket } = (await p.http('POST', '/api/auth/stream-ticket', { token: dsl.token })).body;
    const res = await fetch(`${p.baseUrl}/api/alerts/stream?ticket=${encodeURIComponent(ticket)}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    try {
      const adultConcern = await f.raiseConcern({ aboutAdult: { name: 'Caretaker' } });
      const concernId = await f.raiseConcern({ urgency: 'urgent' });
      let received = '';
      const deadline = Date.now() + 10_000;
      while (!received.includes(concernId) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
      const message = received.split('\n\n').find((m) => m.includes(concernId))!;
      expect(message).toContain('event: alert');
      const data = JSON.parse(
        message
          .split('\n')
          .find((l) => l.startsWith('data: '))!
          .slice(6),
      ) as AlertView;
      expect(data).toMatchObject({ kind: 'concern_raised', status: 'open', subject: { concernId } });
      expect(received).not.toContain(adultConcern);
    } finally {
      controller.abort();
      await reader.cancel().catch(() => undefined);
    }
  });

  it('needs a ticket (or the token in the header), never the token in the URL', async () => {
    expect((await p.http('GET', '/api/alerts/stream')).status).toBe(401);
    expect((await p.http('GET', '/api/alerts/stream?ticket=forged')).status).toBe(401);
    expect((await p.http('GET', `/api/alerts/stream?access_token=${encodeURIComponent(dsl.token)}`)).status).toBe(401);
  });

  it('opens the stream once for a fresh ticket and refuses it a second time', async () => {
    const { ticket } = (await p.http('POST', '/api/auth/stream-ticket', { token: dsl.token })).body;
    const controller = new AbortController();
    const first = await fetch(`${p.baseUrl}/api/alerts/stream?ticket=${encodeURIComponent(ticket)}`, { signal: controller.signal });
    try {
      expect(first.status).toBe(200);
      expect((await p.http('GET', `/api/alerts/stream?ticket=${encodeURIComponent(ticket)}`)).status).toBe(401);
    } finally {
      controller.abort();
      await first.body?.cancel().catch(() => undefined);
    }
  });
});
