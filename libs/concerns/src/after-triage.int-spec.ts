import { EVENT_STORE, type EventStore } from '#lib/event-store';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

/*
 * The case after triage, through HTTP on real PostgreSQL with the fake clock: referrals and the
 * agency's answer, the overdue alert at the end of the next working day, the closing rules and
 * their override, the file that stays open after closing, reopening, information sharing, the
 * DSL's own chronology entries and the trust's concern categories.
 */

let p: TestPlatform;
let store: EventStore;
let dsl: TestStaff;
let head: TestStaff;
let ta: TestStaff;
let riversideDsl: TestStaff;
let admin: TestStaff;
let pupilId: string;
let riversidePupilId: string;

const post = (by: TestStaff, path: string, body: unknown = {}) => p.http('POST', path, { token: by.token, body });
const get = (by: TestStaff, path: string) => p.http('GET', path, { token: by.token });
const now = () => p.clock.now().toISOString();

async function registerPupil(by: TestStaff, firstName: string, lastName: string): Promise<string> {
  const res = await post(by, '/api/pupils', { firstName, lastName, dateOfBirth: '2016-09-03', yearGroup: '4', sen: false, ehcp: false });
  if (res.status !== 201) throw new Error(`pupil: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

async function raise(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await post(ta, '/api/concerns', {
    pupilIds: [pupilId],
    categories: ['neglect'],
    summary: 'Bruise on the arm, says dad grabbed her',
    details: 'Noticed at PE; she said “dad grabbed me when I dropped the plate”.',
    occurredAt: new Date(p.clock.now().getTime() - 30 * 60_000).toISOString(),
    urgency: 'urgent',
    informedDslVerbally: true,
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`raise: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

async function triage(concernId: string, decision = 'refer_childrens_social_care'): Promise<void> {
  const res = await post(dsl, `/api/concerns/${concernId}/triage`, {
    riskLevel: 'high',
    decision,
    rationale: 'Disclosure of physical harm',
  });
  if (res.status !== 200) throw new Error(`triage: ${res.status} ${JSON.stringify(res.body)}`);
}

async function refer(concernId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await post(dsl, `/api/concerns/${concernId}/referrals`, {
    agency: 'childrens_social_care',
    referredAt: now(),
    reference: 'MASH/26/0412',
    contact: 'Sam Social Worker, 01632 960123',
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`referral: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

const respond = (concernId: string, referralId: string, overrides: Record<string, unknown> = {}) =>
  post(dsl, `/api/concerns/${concernId}/referrals/${referralId}/response`, {
    receivedAt: now(),
    outcome: 'section_47',
    note: 'Strategy discussion held; section 47 enquiry opened.',
    ...overrides,
  });

const closure = (overrides: Record<string, unknown> = {}) => ({
  outcome: 'Social care leading; school part of the plan',
  reasonCode: 'referred_to_csc',
  rationale: 'Section 47 enquiry under way',
  ...overrides,
});

async function overdueAlerts(concernId: string) {
  await p.settle();
  const res = await get(dsl, '/api/alerts');
  expect(res.status).toBe(200);
  return (res.body as { kind: string; status: string; subject: { concernId?: string } }[]).filter(
    (a) => a.kind === 'referral_response_overdue' && a.subject.concernId === concernId,
  );
}

beforeAll(async () => {
  p = await startTestPlatform({ label: 'after-triage' });
  store = p.app.get(EVENT_STORE);
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl', name: 'Dana Lead' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher', name: 'Hana Head' });
  ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant', name: 'Alex Assistant' });
  riversideDsl = await p.createStaff({ school: 'riverside', roles: ['dsl'], jobRole: 'dsl' });
  admin = await p.createTrustUser('trust_admin');
  pupilId = await registerPupil(dsl, 'Lily', 'Evans');
  riversidePupilId = await registerPupil(riversideDsl, 'Rhys', 'Price');
}, 60_000);
afterAll(async () => p.close());

describe('a concern’s whole life', () => {
  it('raise → triage → referral → overdue at the end of the next working day → response resolves it → close → addendum → reopen', async () => {
    // Friday 22 May 2026. Monday 25 May is the late-May bank holiday and the week is half term:
    // agencies keep working days, not school days, so the answer is due by the end of Tuesday 26 May.
    p.clock.set('2026-05-22T14:00:00+01:00');
    const concernId = await raise();
    await triage(concernId);
    const referralId = await refer(concernId);

    p.clock.set('2026-05-25T12:00:00+01:00');
    expect(await overdueAlerts(concernId)).toEqual([]);
    p.clock.set('2026-05-26T23:59:58.999+01:00');
    expect(await overdueAlerts(concernId)).toEqual([]);
    p.clock.set('2026-05-26T23:59:59.999+01:00');
    const [overdue, ...more] = await overdueAlerts(concernId);
    expect(more).toEqual([]);
    expect(overdue).toMatchObject({ status: 'open', message: expect.stringContaining('2026-05-26') });
    // The adult-free concern's alert is the DSL's, not the TA's.
    expect((await get(ta, '/api/alerts')).status).toBe(403);

    p.clock.set('2026-05-27T10:15:00+01:00');
    expect((await respond(concernId, referralId)).status).toBe(200);
    const [resolved] = await overdueAlerts(concernId);
    expect(resolved).toMatchObject({ status: 'resolved' });
    expect((await respond(concernId, referralId)).body.rule).toBe('concern.referral_already_answered');

    const closed = await post(dsl, `/api/concerns/${concernId}/close`, closure());
    expect(closed.status).toBe(200);
    expect((await get(dsl, `/api/concerns/${concernId}`)).body).toMatchObject({ status: 'closed', closure: { override: null } });

    // The file stays open to information, and to nothing else until it is reopened.
    const addendum = await post(dsl, `/api/concerns/${concernId}/addenda`, { text: 'Outcome letter received from social care' });
    expect(addendum.status).toBe(200);
    const action = await post(dsl, `/api/concerns/${concernId}/actions`, {
      description: 'Call mum',
      assigneeId: dsl.id,
      dueOn: '2026-05-29',
    });
    expect(action).toMatchObject({ status: 422, body: { rule: 'concern.closed' } });

    expect((await post(dsl, `/api/concerns/${concernId}/reopen`, { reason: ' ' })).body.rule).toBe('concern.reopen_reason_required');
    const reopened = await post(dsl, `/api/concerns/${concernId}/reopen`, { reason: 'New disclosure from her brother' });
    expect(reopened.status).toBe(200);
    const detail = (await get(dsl, `/api/concerns/${concernId}`)).body;
    expect(detail).toMatchObject({
      status: 'triaged',
      closure: null,
      reopenings: [{ reason: 'New disclosure from her brother', reopenedBy: dsl.id }],
      referrals: [
        {
          referralId,
          agency: 'childrens_social_care',
          reference: 'MASH/26/0412',
          contact: 'Sam Social Worker, 01632 960123',
          response: { outcome: 'section_47', receivedAt: '2026-05-27T09:15:00.000Z' },
        },
      ],
    });
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual([
      'ConcernRaised',
      'ConcernAcknowledged',
      'ConcernTriaged',
      'ReferralMade',
      'ReferralResponseRecorded',
      'ConcernClosed',
      'ConcernAddendumAdded',
      'ConcernReopened',
    ]);
    expect((await post(dsl, `/api/concerns/${concernId}/reopen`, { reason: 'Again' })).body.rule).toBe('concern.not_closed');
    // The raiser sees that it was reopened, never why.
    const raiserView = (await get(ta, `/api/concerns/${concernId}`)).body;
    expect(raiserView.events.find((e: { type: string }) => e.type === 'ConcernReopened')).toMatchObject({ data: {} });
    expect(JSON.stringify(raiserView)).not.toContain('brother');
    expect(JSON.stringify(raiserView)).not.toContain('MASH/26/0412');
  });

  it('counts a half-term day as a working day, and a follow-up resolves the alert and waits one more working day', async () => {
    // Wednesday 27 May 2026, half term: due by the end of Thursday 28 May.
    p.clock.set('2026-05-27T11:00:00+01:00');
    const concernId = await raise();
    await triage(concernId);
    const referralId = await refer(concernId, { agency: 'police', reference: undefined });
    p.clock.set('2026-05-28T23:59:59.999+01:00');
    expect(await overdueAlerts(concernId)).toHaveLength(1);

    p.clock.set('2026-05-29T09:00:00+01:00');
    const followUp = await post(dsl, `/api/concerns/${concernId}/referrals/${referralId}/follow-up`, {
      followedUpAt: now(),
      note: 'Called the police safeguarding hub; escalated to the duty sergeant',
    });
    expect(followUp.status).toBe(200);
    expect((await overdueAlerts(concernId)).map((a) => a.status)).toEqual(['resolved']);
    // Still nothing by the end of Monday 1 June: a second alert, for the follow-up.
    p.clock.set('2026-06-01T23:59:59.999+01:00');
    expect((await overdueAlerts(concernId)).map((a) => a.status).sort()).toEqual(['open', 'resolved']);
    p.clock.set('2026-06-02T10:00:00+01:00');
    expect((await respond(concernId, referralId, { outcome: 'no_further_action', note: 'Police: no offence disclosed' })).status).toBe(200);
    expect((await overdueAlerts(concernId)).map((a) => a.status)).toEqual(['resolved', 'resolved']);
  });

  it('never alerts when the response comes in time', async () => {
    p.clock.set('2026-06-03T09:00:00+01:00');
    const concernId = await raise();
    await triage(concernId);
    const referralId = await refer(concernId, { agency: 'early_help' });
    p.clock.set('2026-06-03T16:00:00+01:00');
    expect((await respond(concernId, referralId, { outcome: 'early_help' })).status).toBe(200);
    p.clock.set('2026-06-10T09:00:00+01:00');
    expect(await overdueAlerts(concernId)).toEqual([]);
  });
});

describe('closing rules', () => {
  beforeAll(() => p.clock.set('2026-06-15T09:00:00+01:00'));

  it('refuses to close with an open action (422 naming the rule), storing nothing; with an override reason closes and keeps it', async () => {
    const concernId = await raise();
    await triage(concernId, 'monitor');
    expect(
      (await post(dsl, `/api/concerns/${concernId}/actions`, { description: 'Check in weekly', assigneeId: dsl.id, dueOn: '2026-06-30' }))
        .status,
    ).toBe(200);
    const before = await p.eventCount();
    const refused = await post(dsl, `/api/concerns/${concernId}/close`, closure({ reasonCode: 'monitoring_complete' }));
    expect(refused).toMatchObject({
      status: 422,
      body: { rule: 'concern.close_open_actions', detail: expect.stringContaining('overrideReason') },
    });
    expect(await p.eventCount()).toBe(before);

    const overridden = await post(
      dsl,
      `/api/concerns/${concernId}/close`,
      closure({ reasonCode: 'monitoring_complete', overrideReason: 'The weekly check-in moves to the pastoral plan' }),
    );
    expect(overridden.status).toBe(200);
    const detail = (await get(dsl, `/api/concerns/${concernId}`)).body;
    expect(detail).toMatchObject({
      status: 'closed',
      closure: { override: { rules: ['concern.close_open_actions'], reason: 'The weekly check-in moves to the pastoral plan' } },
    });
    // The override reason is personal data: stored encrypted, read back in clear.
    const { rows } = await p.db.pool.query<{ data: { override: { reason: string } } }>(
      `SELECT data FROM events WHERE stream_id = $1 AND type = 'ConcernClosed'`,
      [`concern-${concernId}`],
    );
    expect(JSON.stringify(rows[0]!.data)).not.toContain('pastoral plan');
    const [closedEvent] = (await store.readStream(`concern-${concernId}`)).filter((e) => e.type === 'ConcernClosed');
    expect(closedEvent!.data).toMatchObject({ override: { reason: 'The weekly check-in moves to the pastoral plan' } });
  });

  it('refuses to close with an unanswered referral, and a reason that contradicts the triage decision', async () => {
    const concernId = await raise();
    await triage(concernId);
    const referralId = await refer(concernId);
    expect((await post(dsl, `/api/concerns/${concernId}/close`, closure())).body).toMatchObject({
      rule: 'concern.close_unanswered_referral',
    });
    expect((await respond(concernId, referralId, { outcome: 'section_17' })).status).toBe(200);
    const contradicts = await post(dsl, `/api/concerns/${concernId}/close`, closure({ reasonCode: 'resolved_in_school' }));
    expect(contradicts).toMatchObject({ status: 422, body: { rule: 'concern.close_contradicts_triage' } });
    expect((await post(dsl, `/api/concerns/${concernId}/close`, closure())).status).toBe(200);
  });

  it('takes a referral response after closing (an override left it open)', async () => {
    const concernId = await raise();
    await triage(concernId);
    const referralId = await refer(concernId);
    const closed = await post(dsl, `/api/concerns/${concernId}/close`, closure({ overrideReason: 'Pupil has left; social care informed' }));
    expect(closed.status).toBe(200);
    expect((await respond(concernId, referralId)).status).toBe(200);
    expect((await get(dsl, `/api/concerns/${concernId}`)).body).toMatchObject({
      status: 'closed',
      referrals: [{ response: { outcome: 'section_47' } }],
    });
    // A new referral on a closed concern needs it reopened first.
    expect((await post(dsl, `/api/concerns/${concernId}/referrals`, { agency: 'health', referredAt: now() })).body.rule).toBe(
      'concern.closed',
    );
  });
});

describe('referrals and information sharing: bad input', () => {
  it('answers an unknown agency or outcome with 400 naming the field, a response before its referral with 422', async () => {
    const concernId = await raise();
    await triage(concernId);
    const bad = await post(dsl, `/api/concerns/${concernId}/referrals`, { agency: 'social_services', referredAt: now() });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('agency');
    const referralId = await refer(concernId);
    expect((await respond(concernId, referralId, { outcome: 'sorted' })).status).toBe(400);
    const early = await respond(concernId, referralId, { receivedAt: new Date(p.clock.now().getTime() - 3_600_000).toISOString() });
    expect(early.body.rule).toBe('concern.response_before_referral');
    expect((await respond(concernId, 'no-such-referral')).body.rule).toBe('concern.referral_not_found');
    expect((await post(ta, `/api/concerns/${concernId}/referrals`, { agency: 'police', referredAt: now() })).status).toBe(403);
  });

  it('records information sharing, requiring a rationale (400 naming it) unless consent was given', async () => {
    const concernId = await raise();
    await triage(concernId);
    const share = (body: Record<string, unknown>) =>
      post(dsl, `/api/concerns/${concernId}/information-sharing`, {
        what: 'The disclosure and the body map',
        sharedWith: 'School nurse, Oakfield health team',
        sharedAt: now(),
        ...body,
      });
    for (const consent of ['not_sought', 'refused_overridden']) {
      const before = await p.eventCount();
      const missing = await share({ consent });
      expect(missing.status).toBe(400);
      expect(JSON.stringify(missing.body)).toContain('rationale');
      expect((await share({ consent, rationale: '   ' })).status).toBe(400);
      expect(await p.eventCount()).toBe(before);
    }
    expect((await share({ consent: 'given' })).status).toBe(201);
    const overridden = await share({
      consent: 'refused_overridden',
      rationale: 'Seeking consent would place her at risk of significant harm',
    });
    expect(overridden.status).toBe(201);
    const detail = (await get(dsl, `/api/concerns/${concernId}`)).body;
    expect(detail.informationSharing).toMatchObject([
      { consent: 'given', rationale: null, sharedWith: 'School nurse, Oakfield health team' },
      {
        consent: 'refused_overridden',
        rationale: 'Seeking consent would place her at risk of significant harm',
        sharingId: overridden.body.id,
      },
    ]);
  });
});

describe('the DSL’s own chronology entries', () => {
  it('sit in the pupil’s chronology among the system’s lines, by when they happened, flagged late when written up late', async () => {
    p.clock.set('2026-06-22T09:00:00+01:00');
    const concernId = await raise({ occurredAt: '2026-06-22T08:30:00+01:00' });
    const entry = (body: Record<string, unknown>) =>
      post(dsl, `/api/pupils/${pupilId}/chronology-entries`, { kind: 'phone_call', summary: 'Called mum', details: 'Mum said…', ...body });
    p.clock.set('2026-06-22T15:00:00+01:00');
    const onTime = await entry({ occurredAt: '2026-06-22T12:00:00+01:00', summary: 'Phone call with mum about the bruise' });
    expect(onTime).toMatchObject({ status: 201, body: { late: false } });
    // Friday's home visit written up on Monday is on time (the next working day); on Tuesday it is late.
    p.clock.set('2026-06-23T10:00:00+01:00');
    const late = await entry({ kind: 'home_visit', occurredAt: '2026-06-19T16:00:00+01:00', summary: 'Home visit with the social worker' });
    expect(late).toMatchObject({ status: 201, body: { late: true } });
    const meeting = await entry({ kind: 'strategy_discussion', occurredAt: '2026-06-22T17:00:00+01:00', summary: 'Strategy discussion' });
    expect(meeting.body.late).toBe(false);

    await p.settle();
    await p.stepUp(dsl);
    const lines = (await get(dsl, `/api/pupils/${pupilId}/chronology`)).body as {
      kind: string;
      summary: string;
      late: boolean;
      occurredAt: string;
      ref: object;
    }[];
    const mine = lines.filter((l) => l.occurredAt >= '2026-06-19' && l.occurredAt < '2026-06-23');
    expect(mine.map((l) => [l.kind, l.late])).toEqual([
      ['dsl_home_visit', true],
      ['concern_raised', false],
      ['dsl_phone_call', false],
      ['dsl_strategy_discussion', false],
    ]);
    expect(mine[2]).toMatchObject({ summary: 'Phone call with mum about the bruise', ref: { entryId: onTime.body.id } });
    expect(mine[1]!.ref).toEqual({ concernId });
  });

  it('refuses staff other than the leads (403), a pupil of another school (404), a bad kind (400), a future time (422)', async () => {
    const body = { kind: 'meeting', occurredAt: now(), summary: 'Team around the family', details: '' };
    expect((await post(ta, `/api/pupils/${pupilId}/chronology-entries`, body)).status).toBe(403);
    expect((await post(dsl, `/api/pupils/${riversidePupilId}/chronology-entries`, body)).status).toBe(404);
    expect((await post(dsl, `/api/pupils/${pupilId}/chronology-entries`, { ...body, kind: 'chat' })).status).toBe(400);
    const future = await post(dsl, `/api/pupils/${pupilId}/chronology-entries`, { ...body, occurredAt: '2030-01-01T09:00:00Z' });
    expect(future.body.rule).toBe('dsl_entry.occurred_in_future');
    expect((await post(head, `/api/pupils/${pupilId}/chronology-entries`, body)).status).toBe(201);
  });

  it('encrypts what the entry says, keyed to the pupil', async () => {
    const { rows } = await p.db.pool.query<{ data: unknown }>(`SELECT data FROM events WHERE stream_id = $1`, [`dsl-record-${pupilId}`]);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain('Phone call with mum');
  });
});

describe('concern categories: the trust’s reference data', () => {
  it('lists the KCSIE harms with guidance for everyone who raises concerns', async () => {
    const res = await get(ta, '/api/concern-categories');
    expect(res.status).toBe(200);
    const codes = res.body.map((c: { code: string }) => c.code);
    for (const code of [
      'children_missing_education',
      'missing_from_home',
      'forced_marriage',
      'honour_based_abuse',
      'serious_violence',
      'county_lines',
      'sharing_nudes',
      'sexual_harassment',
      'private_fostering',
      'modern_slavery',
      'young_carer',
      'substance_misuse',
    ]) {
      expect(codes).toContain(code);
    }
    expect(res.body.find((c: { code: string }) => c.code === 'sharing_nudes')).toMatchObject({
      label: 'Sharing nudes and semi-nudes',
      guidance: expect.stringContaining('Do not view'),
      retired: false,
    });
  });

  it('lets the trust add, rename and retire a category without changing concerns already raised', async () => {
    expect((await post(ta, '/api/concern-categories', { label: 'Gang involvement', guidance: 'x' })).status).toBe(403);
    const added = await post(admin, '/api/concern-categories', {
      label: 'Gang involvement',
      guidance: 'Signs a child is being drawn into a gang.',
    });
    expect(added).toMatchObject({ status: 201, body: { code: 'gang_involvement' } });
    const concernId = await raise({ categories: ['gang_involvement'] });

    const renamed = await p.http('PATCH', '/api/concern-categories/gang_involvement', {
      token: dsl.token,
      body: { label: 'Gangs and groups' },
    });
    expect(renamed.status).toBe(200);
    expect((await post(admin, '/api/concern-categories/gang_involvement/retire')).status).toBe(200);

    const open = (await get(ta, '/api/concern-categories')).body.map((c: { code: string }) => c.code);
    expect(open).not.toContain('gang_involvement');
    const all = (await get(ta, '/api/concern-categories?includeRetired=true')).body;
    expect(all.find((c: { code: string }) => c.code === 'gang_involvement')).toMatchObject({ label: 'Gangs and groups', retired: true });
    const refused = await post(ta, '/api/concerns', {
      pupilIds: [pupilId],
      categories: ['gang_involvement'],
      summary: 'x',
      details: 'y',
      occurredAt: now(),
      urgency: 'routine',
      informedDslVerbally: false,
    });
    expect(refused).toMatchObject({ status: 422, body: { rule: 'concern.unknown_category' } });
    // The old concern keeps its category, and the label it was raised with.
    expect((await get(dsl, `/api/concerns/${concernId}`)).body).toMatchObject({
      categories: ['gang_involvement'],
      categoryLabels: ['Gang involvement'],
    });
    // Another trust never sees this trust's categories.
    const other = await p.createTrustUser('trust_admin', 'other');
    expect((await get(other, '/api/concern-categories?includeRetired=true')).body.map((c: { code: string }) => c.code)).not.toContain(
      'gang_involvement',
    );
    expect((await get(dsl, '/api/vocabulary')).body.concernCategories.gang_involvement).toBe('Gangs and groups');
  });
});
