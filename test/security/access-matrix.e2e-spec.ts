import type { Role } from '#lib/kernel';
import { startTestPlatform, type SchoolKey, type TestPlatform, type TestStaff } from '#lib/testing';
import {
  routeTable,
  seedPupil,
  seedRecords,
  seedStaff,
  validBody,
  type Route,
  type SchoolSeed,
  type Seeded,
  type SeededKind,
} from './security-fixtures.js';

/*
 * Every route of the running app × every role × where the caller stands relative to the records
 * (seeded in Oakfield): in Oakfield itself, in Riverside (same trust), or in Elsewhere (another trust).
 * Trust-level accounts have no school: "own" and "sibling" are the demo trust's account (acting in
 * Oakfield or Riverside through ?schoolId=), "other" the other trust's.
 */
type Scope = 'own' | 'sibling' | 'other';
const SCOPES: Scope[] = ['own', 'sibling', 'other'];

interface Who {
  role: Role;
  scope: Scope;
  trustLevel: boolean;
  /** The caller may act in the owner school at all: its own staff, or a trust-level account of its trust. */
  reach: boolean;
  lead: boolean;
}

/** `ok`: 2xx (a write may also meet a business rule: 409/422); `empty`: 2xx with nothing in it; `refused`: any 4xx; `self`: the caller's own account, anything but 5xx. */
type Outcome = 'ok' | 'empty' | 'refused' | 'self' | 403 | 404;

/** Which record a route variant aims at; `seesConcern` and friends read it. */
type Variant = 'concern' | 'adultConcern' | 'headConcern' | 'alert' | 'adultAlert' | 'headAlert' | 'chronology' | 'alerts' | '-';

const is = (w: Who, ...roles: Role[]) => roles.includes(w.role);
const guarded =
  (roles: Role[], rule: (w: Who, v: Variant) => Outcome) =>
  (w: Who, v: Variant): Outcome =>
    is(w, ...roles) ? rule(w, v) : 403;
const inReach = (w: Who): Outcome => (w.reach ? 'ok' : 404);
/** A school's own records (staff, pupils, training, cover): the trust's safeguarding lead reaches none of them. */
const schoolReach = (w: Who): Outcome => (is(w, 'trust_safeguarding_lead') ? 404 : inReach(w));
/**
 * KCSIE part four: a concern about an adult goes to its case manager alone — the headteacher, or the
 * trust's safeguarding lead when it is about the headteacher — and never to the adult concerned
 * (`headConcern` is about the owner school's headteacher). Auditors read everything of their trust.
 */
const seesConcern = (w: Who, v: Variant) => {
  if (is(w, 'trust_auditor')) return w.reach;
  if (is(w, 'trust_safeguarding_lead')) return w.reach && v === 'headConcern';
  if (w.scope !== 'own') return false;
  if (is(w, 'headteacher')) return v === 'concern' || v === 'adultConcern';
  return w.lead && v === 'concern';
};
const managesCase = (w: Who, v: Variant) =>
  (is(w, 'headteacher') && w.scope === 'own' && v === 'adultConcern') ||
  (is(w, 'trust_safeguarding_lead') && w.reach && v === 'headConcern');
const seesAlert = (w: Who, v: Variant) =>
  is(w, 'trust_safeguarding_lead')
    ? w.reach && v === 'headAlert'
    : w.scope === 'own' && ((is(w, 'headteacher') && v !== 'headAlert') || (w.lead && v === 'alert'));
const schoolWrite = (w: Who): Outcome => (w.trustLevel ? 403 : w.scope === 'own' ? 'ok' : 'refused');
const LEADS: Role[] = ['dsl', 'deputy_dsl', 'headteacher'];
const HANDLERS: Role[] = [...LEADS, 'trust_safeguarding_lead'];
const CASE_MANAGERS: Role[] = ['headteacher', 'trust_safeguarding_lead'];
const AUDITORS: Role[] = ['trust_auditor', 'dsl', 'headteacher'];

/**
 * THE ORACLE: the expected answer for every route, from DESIGN.md "Who uses it" and API.md.
 * Trust auditors never write (403, whatever the route); a record the caller may not see is 404.
 */
const POLICY: Record<string, (w: Who, v: Variant) => Outcome> = {
  'GET /api/health': () => 'ok',
  'POST /api/auth/login': () => 'self',
  'POST /api/auth/mfa/enrol': () => 'self',
  'POST /api/auth/mfa/confirm': () => 'self',
  'POST /api/auth/step-up': () => 'self',
  // Called with a token of its own (it ends the session it is called with).
  'POST /api/auth/logout': () => 'ok',
  'POST /api/auth/stream-ticket': () => 'ok',
  'GET /api/schools': () => 'ok',
  'GET /api/me': () => 'ok',
  // The words for codes: no personal data; a trust's own course titles are the caller's trust's.
  'GET /api/vocabulary': () => 'ok',
  'GET /api/projections': guarded(['trust_auditor', 'trust_admin', 'dsl', 'headteacher'], () => 'ok'),
  'POST /api/staff': guarded(['trust_admin', 'headteacher'], inReach),
  'POST /api/staff/{id}/roles': guarded(['trust_admin', 'headteacher'], inReach),
  'POST /api/staff/{id}/deactivate': guarded(['trust_admin', 'headteacher'], inReach),
  'GET /api/staff': schoolReach,
  'GET /api/staff/{id}': schoolReach,
  'POST /api/staff/{staffId}/training': (w) => (schoolReach(w) === 404 ? 404 : is(w, 'dsl', 'headteacher', 'trust_admin') ? 'ok' : 403),
  'GET /api/training-reference': () => 'ok',
  'PUT /api/training-reference': guarded(['trust_admin'], () => 'ok'),
  'POST /api/cover-assignments': schoolWrite,
  'POST /api/cover-assignments/{id}/cancel': (w) => (w.trustLevel ? 403 : w.scope === 'own' ? 'ok' : 404),
  'POST /api/incidents': schoolWrite,
  // Leads and auditors: the school's incidents; other staff: their own (an empty list here).
  'GET /api/incidents': (w) => (is(w, 'trust_admin', 'trust_safeguarding_lead') ? 403 : inReach(w)),
  'GET /api/incidents/{id}': (w) => ((is(w, 'trust_auditor') && w.reach) || (w.scope === 'own' && w.lead) ? 'ok' : 404),
  'POST /api/incidents/{id}/parent-notification': (w) => (is(w, 'trust_auditor') ? 403 : w.scope === 'own' && w.lead ? 'ok' : 404),
  // Only the DSL or the headteacher decides parents are not told (DfE restrictive interventions guidance).
  'POST /api/incidents/{id}/parent-notification-exemption': guarded(['dsl', 'headteacher'], (w) => (w.scope === 'own' ? 'ok' : 404)),
  'POST /api/incidents/{id}/debriefs': (w) => (is(w, 'trust_auditor') ? 403 : w.scope === 'own' && w.lead ? 'ok' : 404),
  'POST /api/incidents/{id}/review': guarded(['dsl', 'headteacher'], (w) => (w.scope === 'own' ? 'ok' : 404)),
  'POST /api/incidents/{id}/corrections': (w) => (is(w, 'trust_auditor') ? 403 : w.scope === 'own' && w.lead ? 'ok' : 404),
  'POST /api/pupils': guarded(['dsl', 'headteacher', 'trust_admin'], inReach),
  'GET /api/pupils': schoolReach,
  'GET /api/pupils/{id}': schoolReach,
  'POST /api/concerns': schoolWrite,
  // Trust admins manage people, never read concern narratives.
  'GET /api/concerns': (w) => (is(w, 'trust_admin') ? 403 : inReach(w)),
  'GET /api/concerns/{id}': (w, v) => (seesConcern(w, v) ? 'ok' : 404),
  'POST /api/concerns/{id}/acknowledge': guarded(HANDLERS, (w, v) => (seesConcern(w, v) ? 'ok' : 404)),
  'POST /api/concerns/{id}/triage': guarded(HANDLERS, (w, v) => (seesConcern(w, v) ? 'ok' : 404)),
  'POST /api/concerns/{id}/actions': guarded(HANDLERS, (w, v) => (seesConcern(w, v) ? 'ok' : 404)),
  'POST /api/concerns/{id}/actions/{actionId}/complete': guarded(HANDLERS, (w, v) => (seesConcern(w, v) ? 'ok' : 404)),
  'POST /api/concerns/{id}/addenda': (w, v) => (is(w, 'trust_auditor') ? 403 : seesConcern(w, v) ? 'ok' : 404),
  // The LADO step is the case manager's alone; a lead who sees the concern (about a pupil) is told so.
  'POST /api/concerns/{id}/lado-referral': guarded(CASE_MANAGERS, (w, v) => (managesCase(w, v) ? 'ok' : seesConcern(w, v) ? 403 : 404)),
  'POST /api/concerns/{id}/allegation-outcome': guarded(CASE_MANAGERS, (w, v) =>
    managesCase(w, v) ? 'ok' : seesConcern(w, v) ? 403 : 404,
  ),
  'POST /api/concerns/{id}/close': guarded(HANDLERS, (w, v) => (seesConcern(w, v) ? 'ok' : 404)),
  // After triage: whoever handles the concern records referrals, answers, sharing and reopening.
  'POST /api/concerns/{id}/reopen': guarded(HANDLERS, (w, v) => (seesConcern(w, v) ? 'ok' : 404)),
  'POST /api/concerns/{id}/referrals': guarded(HANDLERS, (w, v) => (seesConcern(w, v) ? 'ok' : 404)),
  'POST /api/concerns/{id}/referrals/{referralId}/response': guarded(HANDLERS, (w, v) => (seesConcern(w, v) ? 'ok' : 404)),
  'POST /api/concerns/{id}/referrals/{referralId}/follow-up': guarded(HANDLERS, (w, v) => (seesConcern(w, v) ? 'ok' : 404)),
  'POST /api/concerns/{id}/information-sharing': guarded(HANDLERS, (w, v) => (seesConcern(w, v) ? 'ok' : 404)),
  // The trust's categories: anyone reads them (no personal data); its admin and the DSLs keep them.
  'GET /api/concern-categories': () => 'ok',
  'POST /api/concern-categories': guarded(['trust_admin', 'dsl'], () => 'ok'),
  'PATCH /api/concern-categories/{code}': guarded(['trust_admin', 'dsl'], () => 'ok'),
  'POST /api/concern-categories/{code}/retire': guarded(['trust_admin', 'dsl'], () => 'ok'),
  'GET /api/alerts': guarded([...LEADS, 'trust_auditor', 'trust_safeguarding_lead'], inReach),
  'GET /api/alerts/stream': guarded([...LEADS, 'trust_auditor', 'trust_safeguarding_lead'], inReach),
  'POST /api/alerts/{id}/acknowledge': (w, v) => (is(w, 'trust_auditor') ? 403 : seesAlert(w, v) ? 'ok' : 404),
  'POST /api/alerts/{id}/resolve': (w, v) => (is(w, 'trust_auditor') ? 403 : seesAlert(w, v) ? 'ok' : 404),
  'GET /api/training-matrix': schoolReach,
  'GET /api/cover-ledger': schoolReach,
  'GET /api/audits/team-teach': guarded(['dsl', 'headteacher', 'trust_auditor'], inReach),
  'GET /api/pupils/{id}/chronology': guarded([...LEADS, 'trust_auditor'], inReach),
  // A behaviour support plan is for every member of staff of the pupil's school (and the trust's auditors);
  // the vulnerability record for the leads (and auditors); both are written by the leads.
  'GET /api/pupils/{id}/behaviour-support-plan': (w) => (is(w, 'trust_admin', 'trust_safeguarding_lead') ? 404 : inReach(w)),
  'POST /api/pupils/{id}/behaviour-support-plan': guarded(LEADS, inReach),
  'POST /api/pupils/{id}/behaviour-support-plan/review': guarded(LEADS, inReach),
  'GET /api/pupils/{id}/vulnerability': guarded([...LEADS, 'trust_auditor'], inReach),
  'POST /api/pupils/{id}/vulnerability': guarded(LEADS, inReach),
  'GET /api/reports/restrictive-interventions': guarded([...LEADS, 'trust_auditor'], inReach),
  'POST /api/pupils/{id}/chronology-entries': guarded(LEADS, inReach),
  // The MIS import (a dry run here): the head of the school or the trust's admin.
  'POST /api/imports/pupils': guarded(['headteacher', 'trust_admin'], inReach),
  'POST /api/imports/staff': guarded(['headteacher', 'trust_admin'], inReach),
  'GET /api/pupils/{id}/privacy': guarded([...LEADS, 'trust_admin', 'trust_auditor'], inReach),
  'POST /api/pupils/{id}/legal-hold': guarded(['headteacher', 'trust_admin'], inReach),
  'DELETE /api/pupils/{id}/legal-hold': guarded(['headteacher', 'trust_admin'], inReach),
  'POST /api/pupils/{id}/erase': guarded(['headteacher', 'trust_admin'], inReach),
  // Raw history and view logs are filtered, not refused: what the caller may not see is simply absent.
  'GET /api/audit/events': guarded(AUDITORS, (w, v) => (seesConcern(w, v) ? 'ok' : 'empty')),
  'GET /api/audit/verify': guarded(AUDITORS, () => 'ok'),
  'GET /api/audit/seals': guarded(AUDITORS, () => 'ok'),
  'GET /api/audit/replay': guarded(AUDITORS, inReach),
  'GET /api/audit/views': guarded(AUDITORS, (w, v) => (seesConcern(w, v) ? 'ok' : 'empty')),
  // Child protection file transfers: the sending school's DSL or headteacher starts one; its leads (and the
  // trust's auditors) list them; the seeded transfer goes to a school elsewhere, so its receipt and its
  // package are the sending school's leads' alone. Another school's leads are told it does not exist.
  'POST /api/pupils/{id}/leaving': guarded(['dsl', 'headteacher'], (w) => (w.scope === 'own' ? 'ok' : 404)),
  'GET /api/cp-transfers': guarded([...LEADS, 'trust_auditor'], inReach),
  // School names only: every school on the platform is a possible destination.
  'GET /api/cp-transfers/destinations': guarded(['dsl', 'headteacher'], () => 'ok'),
  // The platform's public key, for schools elsewhere to check a package: public.
  'GET /api/cp-transfers/signing-key': () => 'ok',
  'POST /api/cp-transfers/{id}/receipt': guarded(LEADS, (w) => (w.scope === 'own' ? 'ok' : 404)),
  'GET /api/cp-transfers/{id}/package': guarded(LEADS, (w) => (w.scope === 'own' ? 'ok' : 404)),
  // A record's files: whoever may add to it (as an addendum or a debrief) may attach; whoever may read it, read them.
  'POST /api/concerns/{id}/attachments': (w, v) => (is(w, 'trust_auditor') ? 403 : seesConcern(w, v) ? 'ok' : 404),
  'GET /api/concerns/{id}/attachments': (w, v) => (seesConcern(w, v) ? 'ok' : 404),
  'POST /api/incidents/{id}/attachments': (w) => (is(w, 'trust_auditor') ? 403 : w.scope === 'own' && w.lead ? 'ok' : 404),
  'GET /api/incidents/{id}/attachments': (w) => ((is(w, 'trust_auditor') && w.reach) || (w.scope === 'own' && w.lead) ? 'ok' : 404),
  // `-`: the incident's file.
  'GET /api/attachments/{id}': (w, v) =>
    v === '-' ? ((is(w, 'trust_auditor') && w.reach) || (w.scope === 'own' && w.lead) ? 'ok' : 404) : seesConcern(w, v) ? 'ok' : 404,
  // The caller's own email choice (auditors too) and notices (nobody here has one to dismiss).
  'GET /api/me/notifications': () => 'ok',
  'PUT /api/me/notifications': () => 'self',
  'GET /api/me/notices': () => 'ok',
  'POST /api/me/notices/{id}/dismiss': () => 404,
};

/** Writes to the caller's own session, which read-only auditors make too. */
const OWN_SESSION = new Set(['POST /api/auth/logout', 'POST /api/auth/stream-ticket']);

function expectation(route: Route, w: Who, v: Variant): Outcome {
  const rule = POLICY[route.key]!(w, v);
  // Auditors never write, whatever the route (their own second factor and session aside).
  return route.method !== 'GET' && is(w, 'trust_auditor') && rule !== 'self' && !OWN_SESSION.has(route.key) ? 403 : rule;
}

/** Which seeded records (id and canary word) a caller may ever be shown; everything else is a leak. */
function mayKnow(caller: { role: Role; school: SchoolKey | null; trust: 'demo' | 'other' }, record: Seeded): boolean {
  const recordTrust = record.school === 'elsewhere' ? 'other' : 'demo';
  if (caller.trust !== recordTrust) return false;
  const workforce: SeededKind[] = ['pupil', 'staff', 'training', 'cover'];
  const aboutHead: SeededKind[] = ['headConcern', 'headConcernAction', 'headAlert'];
  const aboutAdult: SeededKind[] = ['adultConcern', 'adultConcernAction', 'adultAlert'];
  // The case manager reads the whole concern, the pupils it names included (the seeded concerns name the school's pupil).
  if (caller.role === 'trust_safeguarding_lead') return [...aboutHead, 'pupil'].includes(record.kind);
  if (caller.school === null) return caller.role === 'trust_auditor' || workforce.includes(record.kind);
  if (caller.school !== record.school) return false;
  if (caller.role === 'headteacher') return !aboutHead.includes(record.kind);
  if (caller.role === 'dsl' || caller.role === 'deputy_dsl') return ![...aboutAdult, ...aboutHead].includes(record.kind);
  return workforce.includes(record.kind);
}

interface Caller {
  who: Who;
  staff: TestStaff;
  school: SchoolKey | null;
  trust: 'demo' | 'other';
  /** The school a trust-level caller (or a school caller peeking elsewhere) names with ?schoolId=. */
  asksFor: string | undefined;
}

interface Call {
  route: Route;
  variant: Variant;
  caller: Caller;
  status: number;
  expected: Outcome;
}

/** A transfer of the owner school's pupil's file to a school elsewhere (seeded before the calls). */
let transferId: string;

describe('the access matrix', () => {
  let p: TestPlatform;
  const seeds = {} as Record<SchoolKey, SchoolSeed>;
  let routes: Route[];
  const callers: Caller[] = [];
  let trainingReference: unknown;

  beforeAll(async () => {
    p = await startTestPlatform({ label: 'access-matrix' });
    const staffBySchool = {} as Record<SchoolKey, Awaited<ReturnType<typeof seedStaff>>>;
    const pupils = {} as Record<SchoolKey, string>;
    for (const school of ['oakfield', 'riverside', 'elsewhere'] as const) {
      staffBySchool[school] = await seedStaff(p, school);
      pupils[school] = await seedPupil(p, school, staffBySchool[school].head);
    }
    p.clock.advanceMinutes(60);
    const trustLeads = {
      demo: await p.createTrustUser('trust_safeguarding_lead', 'demo'),
      other: await p.createTrustUser('trust_safeguarding_lead', 'other'),
    };
    for (const school of ['oakfield', 'riverside', 'elsewhere'] as const) {
      const trustLead = school === 'elsewhere' ? trustLeads.other : trustLeads.demo;
      seeds[school] = await seedRecords(p, school, staffBySchool[school], pupils[school], trustLead);
    }
    // The callers sign in now, so a chronology's step-up (a second factor within 15 minutes) holds.
    const schoolOf: Record<Scope, SchoolKey> = { own: 'oakfield', sibling: 'riverside', other: 'elsewhere' };
    for (const scope of SCOPES) {
      const school = schoolOf[scope];
      for (const role of ['staff', 'dsl', 'deputy_dsl', 'headteacher'] as const) {
        const staff = await p.createStaff({ school, roles: [role], jobRole: role === 'headteacher' ? 'headteacher' : 'teacher' });
        callers.push({
          who: { role, scope, trustLevel: false, reach: scope === 'own', lead: role !== 'staff' },
          staff,
          school,
          trust: scope === 'other' ? 'other' : 'demo',
          asksFor: scope === 'own' ? undefined : p.schools.oakfield,
        });
      }
    }
    for (const role of ['trust_auditor', 'trust_admin', 'trust_safeguarding_lead'] as const) {
      const demo = await p.createTrustUser(role, 'demo');
      const other = await p.createTrustUser(role, 'other');
      for (const scope of SCOPES) {
        callers.push({
          who: { role, scope, trustLevel: true, reach: scope !== 'other', lead: false },
          staff: scope === 'other' ? other : demo,
          school: null,
          trust: scope === 'other' ? 'other' : 'demo',
          asksFor: scope === 'sibling' ? p.schools.riverside : p.schools.oakfield,
        });
      }
    }
    const leaving = await p.http<{ transferId: string }>('POST', `/api/pupils/${seeds.oakfield.pupilId}/leaving`, {
      token: seeds.oakfield.dsl.token,
      body: { leftOn: '2026-03-02', destination: { name: 'Hillside Academy', urn: '123456' } },
    });
    if (leaving.status !== 201) throw new Error(`seeding a transfer answered ${leaving.status}: ${JSON.stringify(leaving.body)}`);
    transferId = leaving.body.transferId;
    const admin = callers.find((c) => c.who.role === 'trust_admin')!;
    trainingReference = (await p.http('GET', '/api/training-reference', { token: admin.staff.token })).body;
    routes = (await routeTable(p, seeds.oakfield.head.token)).routes;
  }, 120_000);

  afterAll(() => p?.close());

  it('has a policy for every route the app serves, and no policy for a route it does not', () => {
    expect(routes.map((r) => r.key).sort()).toEqual(Object.keys(POLICY).sort());
  });

  it('answers every route × role × scope as the policy says, and leaks no record the caller may not see', async () => {
    const owner = seeds.oakfield;
    const records = Object.values(seeds).flatMap((s) => s.records);
    const calls: Call[] = [];
    const mismatches: string[] = [];
    const leaks: string[] = [];
    let n = 0;
    // Reads first, then writes in the order the API lists them (acknowledge before close), erasure last of all.
    const erasure = (r: Route) => r.path.endsWith('/erase') || r.path.endsWith('/deactivate');
    const ordered = [
      ...routes.filter((r) => r.method === 'GET'),
      ...routes.filter((r) => r.method !== 'GET' && !erasure(r)),
      ...routes.filter(erasure),
    ];
    for (const route of ordered) {
      for (const { variant, params, query } of variantsOf(route, owner)) {
        for (const caller of callers) {
          n += 1;
          const expected = expectation(route, caller.who, variant);
          const search = new URLSearchParams(query);
          if (route.queryParams.includes('schoolId') && caller.asksFor) search.set('schoolId', caller.asksFor);
          const url = `${route.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!)}${search.size ? `?${search}` : ''}`;
          const body = route.method === 'GET' ? undefined : validBody(route, owner, trainingReference, n);
          const position = await lastPosition(p);
          // Signing out ends the session it is called with: a session of its own, not the caller's for the other routes.
          const token =
            route.path === '/api/auth/logout'
              ? await p.signIn(caller.staff.email, caller.staff.password, caller.staff.totpSecret)
              : caller.staff.token;
          const res =
            route.path === '/api/alerts/stream'
              ? await openStream(p, url, token)
              : route.path.endsWith('/attachments') && route.method === 'POST'
                ? await uploadFile(p, url, token, n)
                : await p.http(route.method, url, {
                    token,
                    body,
                    headers: route.path.startsWith('/api/imports/') ? { 'content-type': 'text/csv' } : undefined,
                  });
          calls.push({ route, variant, caller, status: res.status, expected });
          const label = `${route.key} [${variant}] as ${caller.who.role}@${caller.who.scope} → ${res.status}`;
          if (!matches(expected, res.status, res.body)) mismatches.push(`${label}, expected ${expected}: ${JSON.stringify(res.body)}`);
          // A refusal stores nothing, not even a record of the attempt.
          if (typeof expected === 'number' || expected === 'refused' || expected === 'empty') {
            const stored = await storedBy(p, position, caller.staff.id);
            if (stored.length > 0) leaks.push(`${label}: stored ${stored.join(', ')}`);
          }
          const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
          const sent = `${url} ${JSON.stringify(body ?? '')}`;
          for (const record of records) {
            if (mayKnow({ role: caller.who.role, school: caller.school, trust: caller.trust }, record)) continue;
            if (record.canary && text.toLowerCase().includes(record.canary.toLowerCase()))
              leaks.push(`${label}: ${record.kind} canary of ${record.school}`);
            if (!sent.includes(record.id) && text.includes(record.id)) leaks.push(`${label}: ${record.kind} id of ${record.school}`);
          }
        }
      }
    }
    printMatrix(calls);
    expect(n).toBeGreaterThan(routes.length * callers.length);
    expect(leaks).toEqual([]);
    expect(mismatches).toEqual([]);
  }, 300_000);
});

/** A record read as JSON, then printed: the same answer is expected of both. */
const PRINTED: Record<string, string>[] = [{}, { format: 'pdf' }];

function variantsOf(
  route: Route,
  owner: SchoolSeed,
): { variant: Variant; params: Record<string, string>; query: Record<string, string> }[] {
  const none = { variant: '-' as Variant, params: {}, query: {} };
  const concerns = [
    { variant: 'concern' as const, id: owner.concernId, actionId: owner.concernActionId, referralId: owner.concernReferralId },
    {
      variant: 'adultConcern' as const,
      id: owner.adultConcernId,
      actionId: owner.adultConcernActionId,
      referralId: owner.adultConcernReferralId,
    },
    {
      variant: 'headConcern' as const,
      id: owner.headConcernId,
      actionId: owner.headConcernActionId,
      referralId: owner.headConcernReferralId,
    },
  ];
  // The record printed (?format=pdf) answers exactly as the record read.
  if (route.key === 'GET /api/concerns/{id}')
    return concerns.flatMap((c) => PRINTED.map((query) => ({ variant: c.variant, params: c, query })));
  if (route.path.startsWith('/api/concerns/{id}'))
    return concerns.map((c) => ({ variant: c.variant, params: { ...c, referralId: c.referralId }, query: {} }));
  // A default category each trust has: renamed and retired by every keeper in turn (both answer 2xx again).
  if (route.path.startsWith('/api/concern-categories/{code}')) return [{ ...none, params: { code: 'young_carer' } }];
  if (route.key === 'GET /api/pupils/{id}/chronology')
    return PRINTED.map((query) => ({ ...none, variant: 'chronology' as const, params: { id: owner.pupilId }, query }));
  if (route.path.startsWith('/api/alerts/{id}'))
    return [
      { variant: 'alert', params: { id: owner.alertId }, query: {} },
      { variant: 'adultAlert', params: { id: owner.adultAlertId }, query: {} },
      { variant: 'headAlert', params: { id: owner.headAlertId }, query: {} },
    ];
  if (route.path.startsWith('/api/incidents/{id}')) return [{ ...none, params: { id: owner.incidentId } }];
  if (route.path.startsWith('/api/pupils/{id}')) return [{ ...none, params: { id: owner.pupilId } }];
  if (route.path.startsWith('/api/staff/{')) return [{ ...none, params: { id: owner.subject.id, staffId: owner.subject.id } }];
  if (route.path.startsWith('/api/cover-assignments/{id}')) return [{ ...none, params: { id: owner.coverId } }];
  if (route.path.startsWith('/api/cp-transfers/{id}')) return [{ ...none, params: { id: transferId } }];
  if (route.path === '/api/attachments/{id}')
    return [
      { variant: 'concern', params: { id: owner.attachments.concern }, query: {} },
      { variant: 'adultConcern', params: { id: owner.attachments.adultConcern }, query: {} },
      { variant: 'headConcern', params: { id: owner.attachments.headConcern }, query: {} },
      { ...none, params: { id: owner.attachments.incident } },
    ];
  if (route.path === '/api/me/notices/{id}/dismiss') return [{ ...none, params: { id: 'concern_closed:none' } }];
  switch (route.path) {
    case '/api/training-matrix':
      return [{ ...none, query: { asOf: '2026-03-02' } }];
    case '/api/cover-ledger':
      return [{ ...none, query: { week: '2026-W10' } }];
    case '/api/cp-transfers':
      return [
        { ...none, query: { direction: 'outgoing' } },
        { ...none, query: { direction: 'incoming' } },
      ];
    case '/api/audits/team-teach':
      return [{ ...none, query: { from: '2026-03-01', to: '2026-03-31' } }];
    case '/api/audit/events':
      return concerns.map((c) => ({ variant: c.variant, params: {}, query: { stream: `concern-${c.id}` } }));
    case '/api/audit/views':
      return concerns.map((c) => ({ variant: c.variant, params: {}, query: { subject: c.id } }));
    case '/api/audit/replay':
      return [
        { variant: 'chronology', params: {}, query: { projection: 'chronology', pupilId: owner.pupilId, asOf: '2026-03-02T12:00:00Z' } },
        { variant: 'alerts', params: {}, query: { projection: 'alerts', asOf: '2026-03-02T12:00:00Z' } },
      ];
    default:
      return [none];
  }
}

function matches(expected: Outcome, status: number, body: unknown): boolean {
  switch (expected) {
    case 'ok':
      return (status >= 200 && status < 300) || status === 409 || status === 422;
    case 'empty':
      return status >= 200 && status < 300 && Array.isArray(body) && body.length === 0;
    case 'refused':
      return status >= 400 && status < 500;
    case 'self':
      return status < 500;
    default:
      return status === expected;
  }
}

async function lastPosition(p: TestPlatform): Promise<string> {
  const { rows } = await p.db.pool.query<{ max: string }>('SELECT coalesce(max(global_position), 0)::text AS max FROM events');
  return rows[0]!.max;
}

async function storedBy(p: TestPlatform, after: string, actorId: string): Promise<string[]> {
  const { rows } = await p.db.pool.query<{ type: string }>(
    `SELECT type FROM events WHERE global_position > $1::bigint AND metadata->>'actorId' = $2`,
    [after, actorId],
  );
  return rows.map((r) => r.type);
}

/** A file upload (multipart), a small PDF unique to the call. */
async function uploadFile(p: TestPlatform, path: string, token: string, n: number): Promise<{ status: number; body: unknown }> {
  const form = new FormData();
  form.append('file', new Blob([`%PDF-1.7\n% matrix call ${n}\n%%EOF\n`]), `matrix-${n}.pdf`);
  const res = await fetch(`${p.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** Server-sent events never end: the status and the first bytes are enough (bounded, so a stall fails, never hangs). */
async function openStream(p: TestPlatform, path: string, token: string): Promise<{ status: number; body: string }> {
  const abort = new AbortController();
  const res = await fetch(`${p.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.any([abort.signal, AbortSignal.timeout(15_000)]),
  });
  if (res.status !== 200) return { status: res.status, body: await res.text() };
  const reader = res.body!.getReader();
  let body = '';
  const timeout = new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 300));
  for (;;) {
    const chunk = await Promise.race([reader.read(), timeout]);
    if (chunk === 'open') break;
    if (chunk.done) {
      abort.abort();
      return { status: 200, body };
    }
    body += new TextDecoder().decode(chunk.value);
  }
  abort.abort();
  return { status: 200, body };
}

/** Route × role@scope → status, one line per route variant, then the count of each status. */
function printMatrix(calls: Call[]): void {
  const columns = [...new Set(calls.map((c) => `${short(c.caller.who.role)}@${SCOPE_LABEL[c.caller.who.scope]}`))];
  const rows = new Map<string, Map<string, number>>();
  for (const c of calls) {
    const row = `${c.route.method.padEnd(4)} ${c.route.path.replace('/api', '')}${c.variant === '-' ? '' : ` [${c.variant}]`}`;
    if (!rows.has(row)) rows.set(row, new Map());
    rows.get(row)!.set(`${short(c.caller.who.role)}@${SCOPE_LABEL[c.caller.who.scope]}`, c.status);
  }
  const width = Math.max(...[...rows.keys()].map((r) => r.length));
  const lines = [
    `${''.padEnd(width)} ${columns.map((c) => c.padStart(10)).join('')}`,
    ...[...rows].map(([row, cells]) => `${row.padEnd(width)} ${columns.map((c) => String(cells.get(c) ?? '').padStart(10)).join('')}`),
  ];
  const counts = new Map<number, number>();
  for (const c of calls) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  lines.push(
    '',
    `${calls.length} calls; by status: ${[...counts]
      .sort(([a], [b]) => a - b)
      .map(([s, k]) => `${s}×${k}`)
      .join(' ')}`,
  );
  console.log(`Access matrix (own school / sib: another school of the trust / oth: another trust)\n${lines.join('\n')}`);
}

const SCOPE_LABEL: Record<Scope, string> = { own: 'own', sibling: 'sib', other: 'oth' };

const short = (role: Role) =>
  ({
    staff: 'staff',
    dsl: 'dsl',
    deputy_dsl: 'dep',
    headteacher: 'head',
    trust_auditor: 'aud',
    trust_admin: 'adm',
    trust_safeguarding_lead: 'tsl',
  })[role];
