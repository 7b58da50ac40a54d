import { EVENT_STORE, type EventStore } from '#lib/event-store';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

let p: TestPlatform;
let store: EventStore;
let dsl: TestStaff;
let deputy: TestStaff;
let head: TestStaff;
let taA: TestStaff;
let taB: TestStaff;
let riversideDsl: TestStaff;
let pupilId: string;
let riversidePupilId: string;

const OCCURRED_AT = '2026-03-02T08:30:00+00:00';

const concernBody = (overrides: Record<string, unknown> = {}) => ({
  pupilIds: [pupilId],
  categories: ['neglect'],
  summary: 'Came in hungry again, no coat',
  details: 'Third day this week; said there was no food at home.',
  occurredAt: OCCURRED_AT,
  urgency: 'routine',
  informedDslVerbally: false,
  ...overrides,
});

async function raise(by: TestStaff, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await p.http('POST', '/api/concerns', { token: by.token, body: concernBody(overrides) });
  if (res.status !== 201) throw new Error(`raise failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

const post = (by: TestStaff, path: string, body: unknown = {}, headers?: Record<string, string>) =>
  p.http('POST', path, { token: by.token, body, headers });

const triage = { riskLevel: 'medium', decision: 'early_help', rationale: 'Pattern of neglect over two weeks' };
const closure = { outcome: 'Early help plan agreed', reasonCode: 'early_help_in_place', rationale: 'Family engaged with early help' };

async function registerPupil(by: TestStaff, firstName: string, lastName: string): Promise<string> {
  const res = await post(by, '/api/pupils', { firstName, lastName, dateOfBirth: '2017-05-14', yearGroup: '3', sen: false, ehcp: false });
  return res.body.id;
}

beforeAll(async () => {
  p = await startTestPlatform({ label: 'concerns' });
  store = p.app.get(EVENT_STORE);
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl', name: 'Dana Lead' });
  deputy = await p.createStaff({ school: 'oakfield', roles: ['deputy_dsl'], jobRole: 'teacher', name: 'Dev Deputy' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher', name: 'Hana Head' });
  taA = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant', name: 'Alex Assistant' });
  taB = await p.createStaff({ school: 'oakfield', jobRole: 'learning_behaviour_assistant', name: 'Bo Behaviour' });
  riversideDsl = await p.createStaff({ school: 'riverside', roles: ['dsl'], jobRole: 'dsl' });
  pupilId = await registerPupil(dsl, 'Amara', 'Okafor');
  riversidePupilId = await registerPupil(riversideDsl, 'Rhys', 'Price');
});
afterAll(async () => p.close());

describe('raising a concern', () => {
  it('stores it for a teaching assistant (201 { id }) with occurredAt as told and the school from the token', async () => {
    const id = await raise(taA, { bodyMap: [{ region: 'left forearm', note: 'bruise, 2cm' }] });
    const [raised] = await store.readStream(`concern-${id}`);
    expect(raised).toMatchObject({
      type: 'ConcernRaised',
      data: {
        concernId: id,
        pupilIds: [pupilId],
        raisedBy: taA.id,
        routedTo: 'dsl',
        bodyMap: [{ region: 'left forearm', note: 'bruise, 2cm' }],
      },
      metadata: { actorId: taA.id, schoolId: p.schools.oakfield, occurredAt: OCCURRED_AT },
    });
    const read = await p.http('GET', `/api/concerns/${id}`, { token: dsl.token });
    expect(read.body).toMatchObject({ id, status: 'open', pupils: [{ id: pupilId, fullName: 'Amara Okafor' }], version: 0 });
  });

  it('accepts 1 to 3 categories and refuses 0 or 4 (422 naming the rule)', async () => {
    await raise(taA, { categories: ['neglect', 'bullying', 'self_harm'] });
    for (const categories of [[], ['neglect', 'bullying', 'self_harm', 'fgm']]) {
      const res = await post(taA, '/api/concerns', concernBody({ categories }));
      expect(res.status).toBe(422);
      expect(res.body.rule).toBe('concern.categories_count');
    }
    expect((await post(taA, '/api/concerns', concernBody({ categories: ['gossip'] }))).body.rule).toBe('concern.unknown_category');
  });

  it('accepts a summary of 200 characters and refuses 201', async () => {
    await raise(taA, { summary: 'x'.repeat(200) });
    const res = await post(taA, '/api/concerns', concernBody({ summary: 'x'.repeat(201) }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ rule: 'concern.summary_too_long', detail: expect.stringContaining('200') });
  });

  it('refuses a pupil of another school or an unknown pupil with 422 naming it, storing nothing', async () => {
    const before = await p.eventCount();
    for (const id of [riversidePupilId, '00000000-0000-4000-8000-000000000000']) {
      const res = await post(taA, '/api/concerns', concernBody({ pupilIds: [pupilId, id] }));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ rule: 'concern.unknown_pupil', detail: expect.stringContaining(id) });
    }
    expect(await p.eventCount()).toBe(before);
  });

  it('refuses a concern that happened in the future', async () => {
    expect((await post(taA, '/api/concerns', concernBody({ occurredAt: '2026-03-02T09:05:00Z' }))).body.rule).toBe(
      'concern.occurred_in_future',
    );
  });

  it('answers a malformed body with 400 listing the fields, storing nothing', async () => {
    const before = await p.eventCount();
    const res = await post(taA, '/api/concerns', {
      pupilIds: ['not-a-uuid'],
      categories: 'neglect',
      summary: 42,
      occurredAt: 'yesterday',
      urgency: 'whenever',
      informedDslVerbally: 'no',
      bodyMap: [{ region: 7 }],
      mood: 'sad',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'bodyMap[0].note',
      'bodyMap[0].region',
      'categories',
      'details',
      'informedDslVerbally',
      'mood',
      'occurredAt',
      'pupilIds',
      'summary',
      'urgency',
    ]);
    expect(await p.eventCount()).toBe(before);
  });

  it('returns the first result for a repeated Idempotency-Key and stores nothing new', async () => {
    const headers = { 'Idempotency-Key': 'raise-once-please' };
    const first = await post(taA, '/api/concerns', concernBody(), headers);
    expect(first.status).toBe(201);
    const before = await p.eventCount();
    const again = await post(taA, '/api/concerns', concernBody(), headers);
    expect(again.status).toBe(201);
    expect(again.body).toEqual({ id: first.body.id });
    expect(await p.eventCount()).toBe(before);
  });

  it('is refused (403) to trust-level accounts', async () => {
    const auditor = await p.createTrustUser('trust_auditor');
    const admin = await p.createTrustUser('trust_admin');
    expect((await post(auditor, '/api/concerns', concernBody())).status).toBe(403);
    expect((await post(admin, '/api/concerns', concernBody())).status).toBe(403);
  });
});

describe('concerns about adults', () => {
  it('are routed to the headteacher: a DSL gets 404, the head reads and handles them', async () => {
    const id = await raise(taA, { aboutAdult: { staffId: deputy.id }, lowLevel: true, categories: ['other'] });
    for (const lead of [dsl, deputy]) {
      expect((await p.http('GET', `/api/concerns/${id}`, { token: lead.token })).status).toBe(404);
      expect((await post(lead, `/api/concerns/${id}/acknowledge`)).status).toBe(404);
      expect((await post(lead, `/api/concerns/${id}/triage`, triage)).status).toBe(404);
      const list = await p.http('GET', '/api/concerns', { token: lead.token });
      expect(list.body.map((c: { id: string }) => c.id)).not.toContain(id);
    }
    const read = await p.http('GET', `/api/concerns/${id}`, { token: head.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ routedTo: 'headteacher', aboutAdult: { staffId: deputy.id }, lowLevel: true });
    expect((await post(head, `/api/concerns/${id}/acknowledge`)).status).toBe(200);
    expect((await p.http('GET', '/api/concerns', { token: head.token })).body.map((c: { id: string }) => c.id)).toContain(id);
  });
});

describe('handling a concern', () => {
  it('acknowledges once; the second time is 422', async () => {
    const id = await raise(taA);
    const first = await post(dsl, `/api/concerns/${id}/acknowledge`);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ id, version: 1 });
    const second = await post(deputy, `/api/concerns/${id}/acknowledge`);
    expect(second.status).toBe(422);
    expect(second.body.rule).toBe('concern.already_acknowledged');
  });

  it('refuses to close without a triage decision (422 naming the rule), then closes after triage', async () => {
    const id = await raise(taA);
    const early = await post(dsl, `/api/concerns/${id}/close`, closure);
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ rule: 'concern.close_requires_triage', detail: expect.stringMatching(/triage/) });

    expect(await post(dsl, `/api/concerns/${id}/triage`, triage)).toMatchObject({ status: 200, body: { id, version: 2 } });
    const action = await post(dsl, `/api/concerns/${id}/actions`, {
      description: 'Phone parent',
      assigneeId: deputy.id,
      dueOn: '2026-03-03',
    });
    expect(action.status).toBe(200);
    expect(
      (await post(deputy, `/api/concerns/${id}/actions/${action.body.actionId}/complete`, { note: 'Spoke to mum; food bank referral' }))
        .status,
    ).toBe(200);
    expect((await post(head, `/api/concerns/${id}/close`, closure)).status).toBe(200);

    const read = await p.http('GET', `/api/concerns/${id}`, { token: dsl.token });
    expect(read.body).toMatchObject({
      status: 'closed',
      currentTriage: { decision: 'early_help', triagedBy: dsl.id },
      actions: [{ assigneeId: deputy.id, completion: { completedBy: deputy.id } }],
      closure: { reasonCode: 'early_help_in_place', closedBy: head.id },
    });
    expect(read.body.events.map((e: { type: string }) => e.type)).toEqual([
      'ConcernRaised',
      'ConcernAcknowledged',
      'ConcernTriaged',
      'ConcernActionAssigned',
      'ConcernActionCompleted',
      'ConcernClosed',
    ]);
    expect(read.body.events[0]).toEqual({
      type: 'ConcernRaised',
      occurredAt: OCCURRED_AT,
      recordedAt: expect.any(String),
      actorId: taA.id,
      data: expect.objectContaining({ summary: 'Came in hungry again, no coat' }),
    });
    // The file stays open to information: the raiser may still add what they remember; the DSL may not act on it until reopened.
    expect((await post(taA, `/api/concerns/${id}/addenda`, { text: 'One more thing' })).status).toBe(200);
    expect((await post(dsl, `/api/concerns/${id}/triage`, triage)).body.rule).toBe('concern.closed');
  });

  it('refuses an action for someone who is not staff of the school', async () => {
    const id = await raise(taA);
    const res = await post(dsl, `/api/concerns/${id}/actions`, {
      description: 'Phone parent',
      assigneeId: riversideDsl.id,
      dueOn: '2026-03-03',
    });
    expect(res.status).toBe(422);
    expect(res.body.rule).toBe('concern.unknown_assignee');
  });

  it('is refused (403) to staff who are not DSL, deputy or head', async () => {
    const id = await raise(taA);
    expect((await post(taA, `/api/concerns/${id}/acknowledge`)).status).toBe(403);
    expect((await post(taB, `/api/concerns/${id}/triage`, triage)).status).toBe(403);
  });

  it('keeps every addendum and never replaces the original account', async () => {
    const id = await raise(taA);
    expect((await post(taA, `/api/concerns/${id}/addenda`, { text: 'He also said he sleeps on the sofa' })).status).toBe(200);
    expect((await post(dsl, `/api/concerns/${id}/addenda`, { text: 'Sister confirmed' })).status).toBe(200);
    expect((await post(taA, `/api/concerns/${id}/addenda`, { text: '  ' })).body.rule).toBe('concern.addendum_text_required');
    const read = await p.http('GET', `/api/concerns/${id}`, { token: dsl.token });
    expect(read.body.addenda.map((a: { text: string }) => a.text)).toEqual(['He also said he sleeps on the sofa', 'Sister confirmed']);
    expect(read.body.details).toBe(concernBody().details);
    expect(read.body.version).toBe(2);
  });
});

describe('who sees what', () => {
  it('shows the raiser their status, own account and own addenda, never the DSL’s triage or actions', async () => {
    const id = await raise(taB);
    await post(taB, `/api/concerns/${id}/addenda`, { text: 'Forgot: no PE kit either' });
    await post(dsl, `/api/concerns/${id}/triage`, triage);
    await post(dsl, `/api/concerns/${id}/addenda`, { text: 'Social worker says the family is known' });
    await post(dsl, `/api/concerns/${id}/actions`, { description: 'Call social worker', assigneeId: dsl.id, dueOn: '2026-03-04' });

    const own = await p.http('GET', `/api/concerns/${id}`, { token: taB.token });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id, status: 'triaged', summary: concernBody().summary, version: 5 });
    expect(own.body.addenda.map((a: { text: string }) => a.text)).toEqual(['Forgot: no PE kit either']);
    for (const hidden of ['triages', 'currentTriage', 'actions', 'closure', 'acknowledgement']) expect(own.body).not.toHaveProperty(hidden);
    expect(own.body.events.map((e: { type: string; data: unknown }) => [e.type, e.type === 'ConcernRaised' ? 'own' : e.data])).toEqual([
      ['ConcernRaised', 'own'],
      ['ConcernAddendumAdded', expect.objectContaining({ text: 'Forgot: no PE kit either' })],
      ['ConcernAcknowledged', {}],
      ['ConcernTriaged', {}],
    ]);
    expect(JSON.stringify(own.body)).not.toMatch(/Pattern of neglect|Social worker|Call social worker/);

    const list = await p.http('GET', '/api/concerns', { token: taB.token });
    expect(list.body).toEqual([
      {
        id,
        status: 'triaged',
        urgency: 'routine',
        raisedAt: expect.any(String),
        summary: concernBody().summary,
        pupils: [expect.any(Object)],
      },
    ]);
  });

  it('gives staff member A a 404 for staff member B’s concern', async () => {
    const id = await raise(taB);
    expect((await p.http('GET', `/api/concerns/${id}`, { token: taA.token })).status).toBe(404);
    expect((await post(taA, `/api/concerns/${id}/addenda`, { text: 'Nosy' })).status).toBe(404);
    expect((await p.http('GET', '/api/concerns', { token: taA.token })).body.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it('gives another school’s DSL a 404', async () => {
    const id = await raise(taA);
    expect((await p.http('GET', `/api/concerns/${id}`, { token: riversideDsl.token })).status).toBe(404);
    expect((await post(riversideDsl, `/api/concerns/${id}/acknowledge`)).status).toBe(404);
    expect((await p.http('GET', '/api/concerns', { token: riversideDsl.token })).body).toEqual([]);
    expect((await p.http('GET', '/api/concerns/no-such-concern', { token: dsl.token })).status).toBe(404);
  });

  it('lists the school’s concerns for the DSL, newest first, with pupil names', async () => {
    p.clock.advanceMinutes(1);
    const id = await raise(taA, { urgency: 'urgent' });
    const list = await p.http('GET', '/api/concerns', { token: deputy.token });
    expect(list.status).toBe(200);
    expect(list.body[0]).toMatchObject({
      id,
      status: 'open',
      urgency: 'urgent',
      pupils: [{ id: pupilId, fullName: 'Amara Okafor' }],
      version: 0,
    });
    expect(list.body.every((c: { routedTo: string }) => c.routedTo === 'dsl')).toBe(true);
  });

  it('pages the list newest first: limit rows, Link rel="next" with the cursor, every concern once; a cursor it never gave is 400', async () => {
    const raised: string[] = [];
    for (let i = 0; i < 3; i++) {
      p.clock.advanceMinutes(1);
      raised.unshift(await raise(taA));
    }
    const seen: string[] = [];
    let path: string | null = '/api/concerns?limit=2';
    while (path !== null) {
      const page: { status: number; body: { id: string }[]; headers: Headers } = await p.http('GET', path, { token: dsl.token });
      expect(page.status).toBe(200);
      expect(page.body.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.map((c: { id: string }) => c.id));
      path = /<(\/api[^>]+)>;\s*rel="next"/.exec(page.headers.get('link') ?? '')?.[1] ?? null;
    }
    expect(seen.slice(0, 3)).toEqual(raised);
    expect(new Set(seen).size).toBe(seen.length);
    const all = await p.http('GET', '/api/concerns', { token: dsl.token });
    expect(seen).toEqual(all.body.map((c: { id: string }) => c.id));
    const bad = await p.http('GET', '/api/concerns?cursor=bm9wZQ', { token: dsl.token });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('cursor');
  });

  it('shows the raiser their own concern about an adult at once, as their own account only', async () => {
    const id = await raise(taB, { aboutAdult: { staffId: taA.id }, lowLevel: true, categories: ['other'] });
    const mine = await p.http('GET', '/api/concerns', { token: taB.token });
    expect(mine.body.find((c: { id: string }) => c.id === id)).toEqual({
      id,
      status: 'open',
      urgency: 'routine',
      raisedAt: expect.any(String),
      summary: concernBody().summary,
      pupils: [expect.any(Object)],
      adult: expect.objectContaining({ staffId: taA.id }),
    });
    expect((await p.http('GET', '/api/concerns', { token: taA.token })).body.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it('lets a trust auditor read a concern of their trust but not change it (403); other trusts and trust admins get 404', async () => {
    const id = await raise(taA, { aboutAdult: { name: 'Visiting coach' }, categories: ['other'] });
    const auditor = await p.createTrustUser('trust_auditor');
    const read = await p.http('GET', `/api/concerns/${id}`, { token: auditor.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id, schoolId: p.schools.oakfield, events: [{ type: 'ConcernRaised' }] });
    const list = await p.http('GET', `/api/concerns?schoolId=${p.schools.oakfield}`, { token: auditor.token });
    expect(list.body.map((c: { id: string }) => c.id)).toContain(id);
    expect((await post(auditor, `/api/concerns/${id}/acknowledge`)).status).toBe(403);
    expect((await post(auditor, `/api/concerns/${id}/addenda`, { text: 'audit note' })).status).toBe(403);

    const outsider = await p.createTrustUser('trust_auditor', 'other');
    expect((await p.http('GET', `/api/concerns/${id}`, { token: outsider.token })).status).toBe(404);
    const admin = await p.createTrustUser('trust_admin');
    expect((await p.http('GET', `/api/concerns/${id}`, { token: admin.token })).status).toBe(404);
    expect((await p.http('GET', '/api/concerns', { token: admin.token })).status).toBe(403);
  });
});

describe('views', () => {
  it('records every successful read, and nothing for a refused one', async () => {
    const id = await raise(taA);
    await p.http('GET', `/api/concerns/${id}`, { token: dsl.token });
    await p.http('GET', `/api/concerns/${id}`, { token: taA.token, headers: { 'x-correlation-id': 'corr-view-1' } });
    await p.http('GET', `/api/concerns/${id}`, { token: taB.token });
    const views = await store.readStream(`views-${id}`);
    expect(views.map((v) => [v.type, (v.data as { viewerId: string }).viewerId, v.metadata.schoolId])).toEqual([
      ['RecordViewed', dsl.id, p.schools.oakfield],
      ['RecordViewed', taA.id, p.schools.oakfield],
    ]);
    expect(views[1]!.metadata.correlationId).toBe('corr-view-1');
  });
});

describe('concurrent handling', () => {
  it('lets exactly one of two DSLs triaging at once with If-Match win; the other gets 409 and nothing is half-applied', async () => {
    const id = await raise(taA);
    const read = await p.http('GET', `/api/concerns/${id}`, { token: dsl.token });
    expect(read.headers.get('etag')).toBe(`"${read.body.version}"`);
    const ifMatch = { 'If-Match': `"${read.body.version}"` };
    const results = await Promise.all([
      post(dsl, `/api/concerns/${id}/triage`, { ...triage, rationale: 'First view' }, ifMatch),
      post(deputy, `/api/concerns/${id}/triage`, { ...triage, decision: 'monitor', rationale: 'Second view' }, ifMatch),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const events = await store.readStream(`concern-${id}`);
    expect(events.map((e) => e.type)).toEqual(['ConcernRaised', 'ConcernAcknowledged', 'ConcernTriaged']);
    expect(results.find((r) => r.status === 200)!.body).toEqual({ id, version: 2 });
  });

  it('refuses a command made on a stale version (409)', async () => {
    const id = await raise(taA);
    await post(dsl, `/api/concerns/${id}/acknowledge`);
    const stale = await post(deputy, `/api/concerns/${id}/addenda`, { text: 'Based on what I saw' }, { 'If-Match': '0' });
    expect(stale.status).toBe(409);
    expect((await post(deputy, `/api/concerns/${id}/addenda`, { text: 'Based on what I saw' }, { 'If-Match': '1' })).status).toBe(200);
  });
});
