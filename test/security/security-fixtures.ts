import { randomUUID } from 'node:crypto';
import type { Role } from '#lib/kernel';
import type { SchoolKey, TestPlatform, TestStaff } from '#lib/testing';

/** One operation of the running app, as its OpenAPI document states it. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  key: string;
  pathParams: string[];
  queryParams: string[];
  /** The request body's schema name, when the route takes one. */
  bodySchema?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>>;
  components: { schemas: Record<string, JsonSchema> };
}

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $ref?: string;
  enum?: unknown[];
  allOf?: JsonSchema[];
}

/** Every route and method the app serves, read from its own OpenAPI document (not a hand-kept list). */
export async function routeTable(p: TestPlatform, token: string): Promise<{ routes: Route[]; doc: OpenApiDocument }> {
  const res = await p.http<OpenApiDocument>('GET', '/api/docs-json', { token });
  if (res.status !== 200) throw new Error(`GET /api/docs-json answered ${res.status}`);
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(res.body.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const params = op.parameters ?? [];
      const ref = (op.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content?.['application/json']
        ?.schema?.$ref;
      const upper = method.toUpperCase() as Route['method'];
      routes.push({
        method: upper,
        path,
        key: `${upper} ${path}`,
        pathParams: params.filter((x) => x.in === 'path').map((x) => x.name),
        queryParams: params.filter((x) => x.in === 'query').map((x) => x.name),
        bodySchema: ref?.split('/').pop(),
      });
    }
  }
  return { routes, doc: res.body };
}

/** A record seeded in a school, with the canary word written into its name or narrative. */
export interface Seeded {
  kind: SeededKind;
  school: SchoolKey;
  id: string;
  canary?: string;
}

export type SeededKind =
  | 'pupil'
  | 'staff'
  | 'training'
  | 'cover'
  | 'concern'
  | 'concernAction'
  | 'adultConcern'
  | 'adultConcernAction'
  | 'headConcern'
  | 'headConcernAction'
  | 'incident'
  | 'alert'
  | 'adultAlert'
  | 'headAlert';

export interface SchoolSeed {
  head: TestStaff;
  dsl: TestStaff;
  raiser: TestStaff;
  /** A member of staff with a canary name: involved in the incident, covers, trained, and the adult a concern is about. */
  subject: TestStaff;
  pupilId: string;
  concernId: string;
  concernActionId: string;
  concernReferralId: string;
  adultConcernId: string;
  adultConcernActionId: string;
  adultConcernReferralId: string;
  /** A concern about the school's headteacher: managed by the trust's safeguarding lead, never seen by the head. */
  headConcernId: string;
  headConcernActionId: string;
  headConcernReferralId: string;
  incidentId: string;
  trainingId: string;
  coverId: string;
  alertId: string;
  adultAlertId: string;
  headAlertId: string;
  /** A file on each concern (by who handles it) and on the incident. */
  attachments: { concern: string; adultConcern: string; headConcern: string; incident: string };
  records: Seeded[];
}

export const canaryOf = (school: SchoolKey, kind: string) => `cnry${school}${kind.toLowerCase()}`;

async function must<T = any>(p: TestPlatform, method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await p.http<T>(method, path, { token, body });
  if (res.status >= 300) throw new Error(`seeding ${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The accounts that seed a school (made before the clock moves on, so the pupil exists before what happens to them). */
export async function seedStaff(p: TestPlatform, school: SchoolKey) {
  return {
    head: await p.createStaff({ school, roles: ['headteacher'], jobRole: 'headteacher' }),
    dsl: await p.createStaff({ school, roles: ['dsl'], jobRole: 'dsl' }),
    raiser: await p.createStaff({ school, roles: ['staff'], jobRole: 'learning_behaviour_assistant' }),
    subject: await p.createStaff({ school, roles: ['staff'], jobRole: 'teaching_assistant', name: `Sam ${canaryOf(school, 'staff')}` }),
  };
}

export async function seedPupil(p: TestPlatform, school: SchoolKey, head: TestStaff): Promise<string> {
  const body = {
    firstName: canaryOf(school, 'pupil'),
    lastName: 'Pupil',
    dateOfBirth: '2017-05-14',
    yearGroup: '3',
    sen: true,
    ehcp: false,
  };
  const pupilId = (await must<{ id: string }>(p, 'POST', '/api/pupils', head.token, body)).id;
  // The pupil's behaviour support plan, so reading it is a 200 for those who may.
  await must(p, 'POST', `/api/pupils/${pupilId}/behaviour-support-plan`, head.token, {
    summary: 'Offer the quiet room first',
    reviewDueOn: '2026-06-01',
  });
  return pupilId;
}

/** Everything a school keeps, each with its own canary word, recorded through the API by the roles that record it. */
export async function seedRecords(
  p: TestPlatform,
  school: SchoolKey,
  staff: Awaited<ReturnType<typeof seedStaff>>,
  pupilId: string,
  /** The school's trust's safeguarding lead, case manager of concerns about its headteacher. */
  trustLead: TestStaff,
) {
  const { head, dsl, raiser, subject } = staff;
  const concernBody = (canary: string) => ({
    pupilIds: [pupilId],
    categories: ['neglect'],
    summary: `Summary ${canary}`,
    details: `Said at break: ${canary}`,
    occurredAt: '2026-03-02T09:30:00+00:00',
    urgency: 'urgent',
    informedDslVerbally: true,
    bodyMap: [{ region: 'left forearm', note: `bruise ${canary}` }],
  });
  const concernId = (await must(p, 'POST', '/api/concerns', raiser.token, concernBody(canaryOf(school, 'concern')))).id as string;
  const adultConcernId = (
    await must(p, 'POST', '/api/concerns', raiser.token, {
      ...concernBody(canaryOf(school, 'adultConcern')),
      aboutAdult: { staffId: subject.id },
      lowLevel: true,
    })
  ).id as string;
  const action = (canary: string) => ({ description: `Call parent ${canary}`, assigneeId: dsl.id, dueOn: '2026-03-09' });
  const concernActionId = (await must(p, 'POST', `/api/concerns/${concernId}/actions`, dsl.token, action(canaryOf(school, 'concern'))))
    .actionId as string;
  const adultConcernActionId = (
    await must(p, 'POST', `/api/concerns/${adultConcernId}/actions`, head.token, {
      ...action(canaryOf(school, 'adultConcern')),
      assigneeId: head.id,
    })
  ).actionId as string;
  const headConcernId = (
    await must(p, 'POST', '/api/concerns', raiser.token, {
      ...concernBody(canaryOf(school, 'headConcern')),
      aboutAdult: { staffId: head.id },
    })
  ).id as string;
  const headConcernActionId = (
    await must(p, 'POST', `/api/concerns/${headConcernId}/actions`, trustLead.token, action(canaryOf(school, 'headConcern')))
  ).actionId as string;
  const referral = (canary: string) => ({
    agency: 'childrens_social_care',
    referredAt: '2026-03-02T09:45:00+00:00',
    reference: `Ref ${canary}`,
    contact: `Duty social worker ${canary}`,
  });
  const referralOn = async (id: string, by: TestStaff, kind: string) =>
    (await must(p, 'POST', `/api/concerns/${id}/referrals`, by.token, referral(canaryOf(school, kind)))).id as string;
  const concernReferralId = await referralOn(concernId, dsl, 'concern');
  const adultConcernReferralId = await referralOn(adultConcernId, head, 'adultConcern');
  const headConcernReferralId = await referralOn(headConcernId, trustLead, 'headConcern');
  const incidentId = (
    await must(p, 'POST', '/api/incidents', raiser.token, {
      ...incidentBody(pupilId, subject.id),
      antecedents: `Before: ${canaryOf(school, 'incident')}`,
      aftercare: `Water, ${canaryOf(school, 'incident')}`,
    })
  ).id as string;
  const trainingId = (
    await must(p, 'POST', `/api/staff/${subject.id}/training`, dsl.token, {
      course: 'team_teach_level_2',
      completedOn: '2026-01-10',
      provider: `Provider ${canaryOf(school, 'training')}`,
      certificateRef: 'TT-1',
    })
  ).id as string;
  const coverId = (
    await must(p, 'POST', '/api/cover-assignments', head.token, {
      ...coverBody(subject.id, 0),
      reason: `Absent: ${canaryOf(school, 'cover')}`,
    })
  ).id as string;
  // A file on each record, added by who handles it, its name carrying the record's canary.
  const attach = async (path: string, token: string, kind: string) => {
    const form = new FormData();
    form.append('file', new Blob([`%PDF-1.7\n% ${kind} of ${school}\n%%EOF\n`]), `Letter ${canaryOf(school, kind)}.pdf`);
    const res = await fetch(`${p.baseUrl}/api/${path}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    if (res.status !== 201) throw new Error(`attaching to ${path} answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  };
  const attachments = {
    concern: await attach(`concerns/${concernId}`, dsl.token, 'concern'),
    adultConcern: await attach(`concerns/${adultConcernId}`, head.token, 'adultConcern'),
    headConcern: await attach(`concerns/${headConcernId}`, trustLead.token, 'headConcern'),
    incident: await attach(`incidents/${incidentId}`, dsl.token, 'incident'),
  };
  await p.settle();
  const alerts = await must<{ id: string; subject: { concernId?: string } }[]>(p, 'GET', '/api/alerts', head.token);
  const alertFor = (id: string) => {
    const found = alerts.find((a) => a.subject.concernId === id);
    if (!found) throw new Error(`no alert for concern ${id}: ${JSON.stringify(alerts)}`);
    return found.id;
  };
  const alertId = alertFor(concernId);
  const adultAlertId = alertFor(adultConcernId);
  const trustAlerts = await must<{ id: string; subject: { concernId?: string } }[]>(p, 'GET', '/api/alerts', trustLead.token);
  const headAlertId = trustAlerts.find((a) => a.subject.concernId === headConcernId)?.id;
  if (!headAlertId) throw new Error(`no alert for the concern about the headteacher: ${JSON.stringify(trustAlerts)}`);
  const records: Seeded[] = [
    { kind: 'pupil', school, id: pupilId, canary: canaryOf(school, 'pupil') },
    { kind: 'staff', school, id: subject.id, canary: canaryOf(school, 'staff') },
    { kind: 'training', school, id: trainingId, canary: canaryOf(school, 'training') },
    { kind: 'cover', school, id: coverId, canary: canaryOf(school, 'cover') },
    { kind: 'concern', school, id: concernId, canary: canaryOf(school, 'concern') },
    { kind: 'concernAction', school, id: concernActionId },
    { kind: 'concernAction', school, id: concernReferralId },
    { kind: 'adultConcern', school, id: adultConcernId, canary: canaryOf(school, 'adultConcern') },
    { kind: 'adultConcernAction', school, id: adultConcernActionId },
    { kind: 'adultConcernAction', school, id: adultConcernReferralId },
    { kind: 'headConcern', school, id: headConcernId, canary: canaryOf(school, 'headConcern') },
    { kind: 'headConcernAction', school, id: headConcernActionId },
    { kind: 'headConcernAction', school, id: headConcernReferralId },
    { kind: 'incident', school, id: incidentId, canary: canaryOf(school, 'incident') },
    { kind: 'alert', school, id: alertId },
    { kind: 'adultAlert', school, id: adultAlertId },
    { kind: 'headAlert', school, id: headAlertId },
    { kind: 'concern', school, id: attachments.concern },
    { kind: 'adultConcern', school, id: attachments.adultConcern },
    { kind: 'headConcern', school, id: attachments.headConcern },
    { kind: 'incident', school, id: attachments.incident },
  ];
  return {
    ...staff,
    pupilId,
    concernId,
    concernActionId,
    concernReferralId,
    adultConcernId,
    adultConcernActionId,
    adultConcernReferralId,
    headConcernId,
    headConcernActionId,
    headConcernReferralId,
    incidentId,
    trainingId,
    coverId,
    alertId,
    adultAlertId,
    headAlertId,
    attachments,
    records,
  } satisfies SchoolSeed;
}

export function incidentBody(pupilId: string, staffId: string) {
  return {
    pupilId,
    occurredAt: '2026-03-02T09:10:00Z',
    endedAt: '2026-03-02T09:15:00Z',
    location: 'Main hall',
    staffInvolved: [{ staffId, holds: ['friendly_escort'] }],
    antecedents: 'Pushed over a table',
    deEscalation: ['calm talk', 'offered time out'],
    interventionType: 'guide_escort',
    reason: 'risk_of_injury_to_others',
    injuries: [],
    aftercare: 'Water and quiet time',
  };
}

/** A one-hour cover slot on the n-th weekday from Monday 2 March 2026 (each call its own slot, under the cap). */
export function coverBody(staffId: string, n: number) {
  const day = new Date(Date.UTC(2026, 2, 2));
  let added = 0;
  while (added < n) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) added += 1;
  }
  const hour = 9 + (n % 5);
  return {
    staffId,
    classGroup: '4B',
    date: day.toISOString().slice(0, 10),
    start: `${String(hour).padStart(2, '0')}:00`,
    end: `${String(hour + 1).padStart(2, '0')}:00`,
    reason: 'Teacher at a course',
    deliversLesson: false,
  };
}

/** Realistic valid bodies for every write route, aimed at the owner school's records; `n` makes each one unique. */
export function validBody(route: Route, owner: SchoolSeed, trainingReference: unknown, n: number): unknown {
  switch (route.key) {
    case 'POST /api/auth/login':
      return { email: 'nobody@nowhere.test', password: 'not-the-password' };
    case 'POST /api/auth/mfa/confirm':
    case 'POST /api/auth/step-up':
      return { totp: '000000' };
    case 'POST /api/staff':
      return {
        name: `New Colleague ${n}`,
        email: `new${n}-${randomUUID().slice(0, 8)}@example.test`,
        jobRole: 'teaching_assistant',
        roles: ['staff'],
        contractedHoursPerWeek: 30,
        startDate: '2025-09-01',
      };
    case 'POST /api/staff/{id}/roles':
      return { roles: ['staff'] };
    case 'POST /api/staff/{id}/deactivate':
      return { reason: 'Left at the end of the contract' };
    case 'POST /api/imports/pupils':
      return `UPN,Legal Surname,Legal Forename,DOB,Year,SEN Status\nA123456789012,Imported,Ivy${n},01/09/2018,Year 2,N\n`;
    case 'POST /api/imports/staff':
      return `Forename,Surname,Work Email,Job Title,Contracted Hours\nIan,Imported${n},imported${n}@example.test,Teacher,32.5\n`;
    case 'POST /api/staff/{staffId}/training':
      return { course: 'first_aid_at_work', completedOn: '2026-01-12', provider: 'St John' };
    case 'PUT /api/training-reference':
      return trainingReference;
    case 'POST /api/cover-assignments':
      return coverBody(owner.subject.id, 1 + n);
    case 'POST /api/cover-assignments/{id}/cancel':
      return { reason: 'Teacher back' };
    case 'POST /api/incidents':
      return incidentBody(owner.pupilId, owner.subject.id);
    case 'POST /api/incidents/{id}/parent-notification':
      return {
        notifiedAt: '2026-03-02T09:40:00Z',
        method: 'phone',
        notifiedBy: 'School office',
        parentName: 'Sam Brown',
        relationship: 'parent',
        summaryShared: 'What happened and how the pupil was afterwards',
      };
    case 'POST /api/incidents/{id}/parent-notification-exemption':
      return { reason: 'Telling the parent would put the pupil at risk of significant harm', significantHarmRisk: true };
    case 'POST /api/incidents/{id}/debriefs':
      return { kind: 'staff', heldAt: '2026-03-02T09:45:00Z', notes: 'Talked it through' };
    case 'POST /api/incidents/{id}/review':
      return { notes: 'Reviewed; plan updated' };
    case 'POST /api/incidents/{id}/corrections':
      return { field: 'location', value: 'Playground', reason: 'Wrong place written' };
    case 'POST /api/pupils':
      return {
        firstName: 'New',
        lastName: `Pupil${n}`,
        dateOfBirth: '2018-01-20',
        yearGroup: '2',
        sen: false,
        ehcp: false,
        upn: 'A123456789012',
      };
    case 'POST /api/concerns':
      return {
        pupilIds: [owner.pupilId],
        categories: ['bullying'],
        summary: 'Upset at lunch',
        details: 'Said others took their food',
        occurredAt: '2026-03-02T09:50:00+00:00',
        urgency: 'routine',
        informedDslVerbally: false,
      };
    case 'POST /api/concerns/{id}/triage':
      return { riskLevel: 'medium', decision: 'monitor', rationale: 'Watch for a fortnight' };
    case 'POST /api/concerns/{id}/actions':
      return { description: 'Speak to class teacher', assigneeId: owner.dsl.id, dueOn: '2026-03-10' };
    case 'POST /api/concerns/{id}/actions/{actionId}/complete':
      return { note: 'Spoke to them' };
    case 'POST /api/concerns/{id}/addenda':
      return { text: 'Also mentioned a cousin' };
    case 'POST /api/concerns/{id}/lado-referral':
      return {
        referredAt: '2026-03-02T10:30:00+00:00',
        officer: 'Local authority designated officer',
        advice: 'Keep apart from the class',
      };
    case 'POST /api/concerns/{id}/allegation-outcome':
      return { outcome: 'unfounded', decidedAt: '2026-03-02T10:35:00+00:00', rationale: 'No basis found' };
    case 'POST /api/concerns/{id}/close':
      return { outcome: 'Resolved in school', reasonCode: 'no_further_action', rationale: 'No further worries' };
    case 'POST /api/concerns/{id}/reopen':
      return { reason: 'New information' };
    case 'POST /api/concerns/{id}/referrals':
      return { agency: 'early_help', referredAt: '2026-03-02T09:50:00+00:00', reference: `EH-${n}` };
    case 'POST /api/concerns/{id}/referrals/{referralId}/response':
      return { receivedAt: '2026-03-02T09:58:00+00:00', outcome: 'advice_given', note: 'Advice: keep monitoring' };
    case 'POST /api/concerns/{id}/referrals/{referralId}/follow-up':
      return { followedUpAt: '2026-03-02T09:57:00+00:00', note: 'Chased the duty desk' };
    case 'POST /api/concerns/{id}/information-sharing':
      return {
        what: 'Attendance pattern',
        sharedWith: 'School nurse',
        sharedAt: '2026-03-02T09:55:00+00:00',
        consent: 'not_sought',
        rationale: 'Seeking consent would place the child at risk',
      };
    case 'POST /api/pupils/{id}/chronology-entries':
      return {
        kind: 'phone_call',
        occurredAt: '2026-03-02T09:40:00+00:00',
        summary: 'Called the social worker',
        details: 'Agreed next steps',
      };
    case 'POST /api/concern-categories':
      return { label: `Local category ${n}`, guidance: 'What to look for' };
    case 'PATCH /api/concern-categories/{code}':
      return { label: `Young carer (${n})` };
    case 'POST /api/pupils/{id}/legal-hold':
    case 'DELETE /api/pupils/{id}/legal-hold':
    case 'POST /api/pupils/{id}/erase':
      return { reason: 'Checked by the access matrix' };
    case 'POST /api/alerts/{id}/resolve':
      return { note: 'Handled' };
    case 'POST /api/pupils/{id}/behaviour-support-plan':
      return { summary: `Plan revision ${n}`, reviewDueOn: '2026-06-01' };
    case 'POST /api/pupils/{id}/behaviour-support-plan/review':
      return { notes: 'Reviewed with the family', nextReviewDueOn: '2026-07-01' };
    case 'POST /api/pupils/{id}/vulnerability':
      return {
        lookedAfter: false,
        previouslyLookedAfter: false,
        childProtectionPlan: false,
        childInNeed: n % 2 === 0,
        disability: false,
        sex: 'not_known',
      };
    case 'POST /api/pupils/{id}/leaving':
      return { leftOn: '2026-03-02', destination: { name: `Hillside Academy ${n}` } };
    case 'POST /api/cp-transfers/{id}/receipt':
      return { receivedBy: 'Mo Hill, DSL at Hillside', receivedAt: '2026-03-02T10:00:00Z' };
    default:
      return undefined;
  }
}

export const SCHOOL_ROLES = ['staff', 'dsl', 'deputy_dsl', 'headteacher'] as const satisfies Role[];
export const TRUST_ROLES = ['trust_auditor', 'trust_admin', 'trust_safeguarding_lead'] as const satisfies Role[];
