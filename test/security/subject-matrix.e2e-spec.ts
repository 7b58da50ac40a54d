import { randomUUID } from 'node:crypto';
import { readPackage } from '#lib/cp-transfers';
import { extractText, getDocumentProxy } from 'unpdf';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import { routeTable, type Route } from './security-fixtures.js';

/*
 * THE SUBJECT MATRIX (KCSIE part four): the adult a concern is about never learns of it, or of who
 * raised it, on any route. Every read route of the app's own OpenAPI table is called by the subject
 * of a concern — a teacher, a DSL, the headteacher — before the concerns about them exist and after
 * they have been raised, handled, referred to the LADO, alerted on, escalated, viewed and decided.
 * A leak is any of the concern's id, any of its text, or the reporter's id or name appearing in a
 * response more often than before. Their open alert stream receives nothing about it, while the case
 * manager's receives it (within 2 s on a quiet machine: the time is printed).
 */

interface Allegation {
  label: string;
  subject: () => TestStaff;
  caseManager: () => TestStaff;
  reporter: TestStaff;
  id: string;
  actionId: string;
  /** Files on the concern: the case manager's and the reporter's. */
  attachmentIds: string[];
  canaries: string[];
}

let p: TestPlatform;
let head: TestStaff;
let dsl: TestStaff;
let teacher: TestStaff;
let colleague: TestStaff;
let tsl: TestStaff;
let pupilId: string;
/** The pupil's child protection file, on its way to another school: its package shows concerns. */
let transferId: string;
let routes: Route[];
const allegations: Allegation[] = [];
/** Every stream a test opened, closed at the end whatever happened. */
const opened: AbortController[] = [];

const canary = (what: string) => `sbj${what}${randomUUID().slice(0, 6)}`;

async function must<T = any>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await p.http<T>(method, path, { token, body });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Every way a read route can be asked about the records in play, from its path and query parameters. */
function requestsFor(route: Route, concernIds: string[], subject: TestStaff, attachmentIds: string[]): string[] {
  const ids = (name: string): string[] => {
    if (route.path.startsWith('/api/attachments/')) return attachmentIds;
    if (route.path.startsWith('/api/pupils/')) return [pupilId];
    if (route.path.startsWith('/api/staff/')) return [subject.id, ...allegations.map((a) => a.reporter.id)];
    if (route.path.startsWith('/api/cp-transfers/')) return [transferId];
    if (name === 'actionId') return allegations.map((a) => a.actionId);
    // Any other record route is tried with the concerns' ids: none may answer about them.
    return concernIds;
  };
  let paths = [route.path];
  for (const name of route.pathParams) paths = paths.flatMap((path) => ids(name).map((id) => path.replace(`{${name}}`, id)));
  const asOf = p.clock.now().toISOString();
  const queries: Record<string, string>[] = [{}];
  if (route.queryParams.includes('stream'))
    queries.push(...concernIds.flatMap((id) => [{ stream: `concern-${id}` }, { stream: `views-${id}` }]), { limit: '1000' });
  if (route.queryParams.includes('subject')) queries.push(...concernIds.map((subject) => ({ subject })));
  if (route.queryParams.includes('projection'))
    queries.push(
      ...['alerts', 'team-teach', 'training-matrix', 'cover-ledger', 'chronology'].map((projection) => ({ projection, asOf, pupilId })),
    );
  if (route.queryParams.includes('search')) queries.push({ search: 'Sam' });
  // The printed record (the chronology, a concern) is asked for too: its text is read back from the PDF.
  if (route.queryParams.includes('format')) queries.push({ format: 'pdf' });
  if (route.queryParams.includes('status')) queries.push(...['open', 'acknowledged', 'resolved'].map((status) => ({ status })));
  if (route.queryParams.includes('direction')) queries.push({ direction: 'outgoing' }, { direction: 'incoming' });
  return paths.flatMap((path) => queries.map((q) => (Object.keys(q).length ? `${path}?${new URLSearchParams(q)}` : path)));
}

/** A small PDF attached to a concern (multipart), named `name`. */
async function attach(concernId: string, token: string, name: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([`%PDF-1.7\n% ${name}\n%%EOF\n`]), `${name}.pdf`);
  const res = await fetch(`${p.baseUrl}/api/concerns/${concernId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  if (res.status !== 201) throw new Error(`attaching to ${concernId} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** What each request answers, as text. */
async function readAll(who: TestStaff, requests: string[]): Promise<Map<string, string>> {
  const token = who.totpSecret ? await p.stepUp(who) : who.token;
  const out = new Map<string, string>();
  for (const url of requests) {
    if (url.endsWith('/package')) {
      // A PDF's text and attachment are compressed: read back, they are what a reader sees.
      const res = await fetch(`${p.baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
      const body = Buffer.from(await res.arrayBuffer());
      const read = res.status === 200 ? await readPackage(body) : null;
      out.set(url, `${res.status} ${read ? `${read.json} ${read.text}` : body.toString('utf8')}`);
      continue;
    }
    if (url.includes('format=pdf')) {
      out.set(url, await readPrinted(url, token));
      continue;
    }
    const res = await p.http('GET', url, { token });
    out.set(url, `${res.status} ${typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '')}`);
  }
  return out;
}

/** A printed record's answer as text: the words on its pages (a PDF's streams are compressed, its glyphs subset). */
async function readPrinted(url: string, token: string): Promise<string> {
  const res = await fetch(`${p.baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.headers.get('content-type') !== 'application/pdf') return `${res.status} ${await res.text()}`;
  const pdf = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
  return `${res.status} ${(await extractText(pdf, { mergePages: true })).text as string}`;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** The server-sent events an open stream receives, kept as text, until closed. */
function openStream(token: string) {
  const abort = new AbortController();
  opened.push(abort);
  let text = '';
  const ready = fetch(`${p.baseUrl}/api/alerts/stream`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal }).then(
    async (res) => {
      if (res.status !== 200) throw new Error(`stream answered ${res.status}`);
      void (async () => {
        const reader = res.body!.getReader();
        try {
          for (;;) {
            const chunk = await reader.read();
            if (chunk.done) return;
            text += new TextDecoder().decode(chunk.value);
          }
        } catch {
          // closed by the test
        }
      })();
    },
  );
  return {
    ready,
    text: () => text,
    close: () => abort.abort(),
    async waitFor(needle: string, ms: number): Promise<number> {
      const start = Date.now();
      while (!text.includes(needle)) {
        if (Date.now() - start > ms) throw new Error(`stream did not receive ${needle} within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return Date.now() - start;
    },
  };
}

beforeAll(async () => {
  p = await startTestPlatform({ label: 'subject-matrix' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher', name: 'Harriet Head' });
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl', name: 'Desmond Lead' });
  teacher = await p.createStaff({ school: 'oakfield', jobRole: 'teacher', name: 'Terry Teacher' });
  colleague = await p.createStaff({ school: 'oakfield', jobRole: 'teacher', name: 'Cora Colleague' });
  tsl = await p.createTrustUser('trust_safeguarding_lead');
  pupilId = (
    await must('POST', '/api/pupils', head.token, {
      firstName: 'Sam',
      lastName: 'Pupil',
      dateOfBirth: '2017-05-14',
      yearGroup: '3',
      sen: false,
      ehcp: false,
    })
  ).id;
  for (const [label, subject, caseManager] of [
    ['a teacher', () => teacher, () => head],
    ['the DSL', () => dsl, () => head],
    ['the headteacher', () => head, () => tsl],
  ] as const) {
    const reporterName = canary('reporter');
    const reporter = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant', name: `Rory ${reporterName}` });
    allegations.push({ label, subject, caseManager, reporter, id: '', actionId: '', attachmentIds: [], canaries: [reporterName] });
  }
  transferId = (
    await must('POST', `/api/pupils/${pupilId}/leaving`, head.token, { leftOn: '2026-03-02', destination: { name: 'Hillside Academy' } })
  ).transferId;
  routes = (await routeTable(p, head.token)).routes.filter((r) => r.method === 'GET');
}, 120_000);
afterAll(async () => {
  for (const abort of opened) abort.abort();
  await p?.close();
});

describe('the subject matrix', () => {
  it('tells the adult a concern is about nothing of it, or of who raised it, on any read route', async () => {
    const subjects = [teacher, dsl, head];
    const http = routes.filter((r) => r.path !== '/api/alerts/stream');
    // Every request the subject could make about the concerns, before they exist (their ids are known now).
    const ids = allegations.map(() => randomUUID());
    const attachmentIds = allegations.flatMap(() => [randomUUID(), randomUUID()]);
    const before = new Map<TestStaff, { requests: string[]; answers: Map<string, string> }>();
    // Everything recorded so far (the reporters' accounts among it) is in the read models, and in a replay
    // as of now, before the baseline.
    p.clock.advanceMinutes(1);
    await p.settle();
    const streams = new Map<TestStaff, ReturnType<typeof openStream>>();
    for (const who of subjects) {
      const requests = http.flatMap((r) => requestsFor(r, ids, who, attachmentIds));
      before.set(who, { requests, answers: await readAll(who, requests) });
      if (who !== teacher) {
        const stream = openStream(who.totpSecret ? await p.stepUp(who) : who.token);
        await stream.ready;
        streams.set(who, stream);
      }
    }
    // The printed records are among what is asked (the chronology, and each concern by its id).
    expect(before.get(dsl)!.requests.filter((url) => url.includes('format=pdf')).length).toBeGreaterThanOrEqual(1 + ids.length);
    // The concerns, raised and handled as a school would, each watched for on its case manager's stream.
    for (const a of allegations) {
      const manager = a.caseManager();
      const watching = openStream(manager.token);
      await watching.ready;
      const text = { summary: canary('summary'), details: canary('details'), note: canary('bodymap') };
      a.canaries.push(...Object.values(text));
      a.id = (
        await must('POST', '/api/concerns', a.reporter.token, {
          pupilIds: [pupilId],
          categories: ['physical_abuse'],
          summary: `Grabbed a pupil ${text.summary}`,
          details: `Seen in the corridor: ${text.details}`,
          occurredAt: p.clock.now().toISOString(),
          urgency: 'urgent',
          informedDslVerbally: false,
          aboutAdult: { staffId: a.subject().id },
          bodyMap: [{ region: 'left arm', note: `red mark ${text.note}` }],
        })
      ).id;
      // Delivery is asserted; its time is printed, not asserted (the machine may be loaded): the target is 2 s.
      const tookMs = await watching.waitFor(a.id, 30_000).finally(() => watching.close());
      console.log(
        `[subject-matrix] the case manager's stream had the alert of the concern about ${a.label} ${tookMs} ms after it was raised (target: within 2000 ms)`,
      );
    }
    p.clock.advanceMinutes(31);
    await p.settle();
    for (const a of allegations) {
      const manager = a.caseManager();
      const words = { addendum: canary('addendum'), action: canary('action'), advice: canary('advice'), outcome: canary('outcome') };
      a.canaries.push(...Object.values(words));
      await must('POST', `/api/concerns/${a.id}/addenda`, a.reporter.token, { text: `Also ${words.addendum}` });
      await must('POST', `/api/concerns/${a.id}/acknowledge`, manager.token);
      await must('POST', `/api/concerns/${a.id}/triage`, manager.token, {
        riskLevel: 'high',
        decision: 'refer_lado',
        rationale: 'Meets the harm threshold',
      });
      a.actionId = (
        await must('POST', `/api/concerns/${a.id}/actions`, manager.token, {
          description: `Gather statements ${words.action}`,
          assigneeId: colleague.id,
          dueOn: '2026-03-06',
        })
      ).actionId;
      await must('POST', `/api/concerns/${a.id}/lado-referral`, manager.token, {
        referredAt: p.clock.now().toISOString(),
        officer: 'Local authority designated officer',
        advice: `Strategy discussion ${words.advice}`,
      });
      // After triage: a referral the agency has not answered (its overdue alert fires below), and information shared.
      const after = { reference: canary('reference'), contact: canary('contact'), shared: canary('shared') };
      a.canaries.push(...Object.values(after));
      await must('POST', `/api/concerns/${a.id}/referrals`, manager.token, {
        agency: 'police',
        referredAt: p.clock.now().toISOString(),
        reference: `Crime ref ${after.reference}`,
        contact: `PC ${after.contact}`,
      });
      await must('POST', `/api/concerns/${a.id}/information-sharing`, manager.token, {
        what: `The account ${after.shared}`,
        sharedWith: 'Police child abuse investigation team',
        sharedAt: p.clock.now().toISOString(),
        consent: 'not_sought',
        rationale: 'Seeking consent could prejudice a police investigation',
      });
      await must('POST', `/api/concerns/${a.id}/allegation-outcome`, manager.token, {
        outcome: 'unsubstantiated',
        decidedAt: p.clock.now().toISOString(),
        rationale: `Insufficient evidence ${words.outcome}`,
      });
      // A photo from the reporter and a letter from the case manager, their names carrying canaries.
      for (const [who, what] of [
        [a.reporter, 'photo'],
        [manager, 'letter'],
      ] as const) {
        const name = canary(what);
        a.canaries.push(name);
        a.attachmentIds.push(await attach(a.id, who.token, name));
      }
      for (const id of a.attachmentIds) {
        const res = await fetch(`${p.baseUrl}/api/attachments/${id}`, { headers: { authorization: `Bearer ${manager.token}` } });
        if (res.status !== 200) throw new Error(`the case manager could not open the file ${id}: ${res.status}`);
      }
      await must('GET', `/api/concerns/${a.id}`, manager.token);
      await p.settle();
      const alerts = await must<{ id: string; subject: { concernId?: string } }[]>('GET', '/api/alerts', manager.token);
      const alert = alerts.find((x) => x.subject.concernId === a.id);
      if (!alert) throw new Error(`the case manager has no alert for the concern about ${a.label}`);
      const note = canary('resolution');
      a.canaries.push(note);
      await must('POST', `/api/alerts/${alert.id}/resolve`, manager.token, { note: `Dealt with ${note}` });
    }
    p.clock.advanceMinutes(3 * 24 * 60);
    await p.settle();

    // The same requests again, now with the real ids: any new mention of a concern about the caller is a leak.
    const leaks: string[] = [];
    let requests = 0;
    for (const who of subjects) {
      const mine = allegations.filter((a) => a.subject() === who);
      const real = http.flatMap((r) =>
        requestsFor(
          r,
          allegations.map((a) => a.id),
          who,
          allegations.flatMap((a) => a.attachmentIds),
        ),
      );
      const after = await readAll(who, real);
      // The same request made before: the same route and parameters, the ids then unused, the instants then.
      const earlier = before.get(who)!;
      expect(earlier.requests).toHaveLength(real.length);
      requests += real.length;
      real.forEach((url, i) => {
        const now = after.get(url)!;
        const then = earlier.answers.get(earlier.requests[i]!)!;
        for (const a of mine) {
          for (const needle of [a.id, a.reporter.id, a.reporter.name, ...a.attachmentIds, ...a.canaries]) {
            if (count(now, needle) > count(then, needle))
              leaks.push(`${who.name} (subject of the concern about ${a.label}): GET ${url} shows ${needle}`);
          }
        }
      });
      const stream = streams.get(who);
      if (stream) {
        for (const a of mine)
          for (const needle of [a.id, a.reporter.id, ...a.canaries])
            if (stream.text().includes(needle)) leaks.push(`${who.name}: alert stream shows ${needle}`);
        stream.close();
      }
    }
    console.log(
      `[subject-matrix] ${http.length + 1} read routes (the alert stream included), ${requests} requests by the subjects of ${allegations.length} concerns: ${leaks.length} leaks`,
    );
    expect(requests).toBeGreaterThan(http.length * subjects.length);
    expect(leaks).toEqual([]);
  }, 600_000);
});
