/**
 * Email alerts against a real SMTP server (smtp-server on a free port), each message parsed back
 * with mailparser: an urgent concern reaches each DSL of its school exactly once and nobody else,
 * says nothing about who is involved, and is still sent exactly once when the platform restarts
 * between the concern and the email. Digests, preferences, the subject rule and in-app notices too.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { type ReusedPlatform, startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import { Notifier } from './notifier.js';

interface Received {
  to: string[];
  mail: ParsedMail;
  raw: string;
}

const received: Received[] = [];
let smtp: SMTPServer;
let smtpUrl: string;

const PUPIL_FIRST = 'Zebedee';
const PUPIL_LAST = 'Quartermaine';
const SUMMARY = 'Disclosed being hit with a belt by a relative';
const DETAILS = 'Marks visible on the back of the legs during PE; told the TA unprompted';

let p: TestPlatform;
let dslA: TestStaff;
let dslB: TestStaff;
let deputy: TestStaff;
let head: TestStaff;
let ta: TestStaff;
let riversideDsl: TestStaff;
let pupilId: string;

const ok = <T>(res: { status: number; body: T }, status = 200): T => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

const env = (o: { interval?: string; smtp?: string } = {}) => ({
  SMTP_URL: o.smtp ?? smtpUrl,
  NOTIFY_INTERVAL_SECONDS: o.interval ?? '0',
  PUBLIC_URL: 'https://safeguarding.example.org',
});

/** Waits for a condition (no fixed sleeps): a restarted platform sends on its own timer. */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const to = (who: TestStaff) => received.filter((r) => r.to.includes(who.email));
const aboutConcern = (concernId: string) => received.filter((r) => (r.mail.text ?? '').includes(`/#/concerns/${concernId}`));

async function raiseUrgent(
  platform: TestPlatform,
  by: TestStaff,
  urgency: 'urgent' | 'immediate_danger' | 'routine' = 'urgent',
): Promise<string> {
  return ok(
    await platform.http('POST', '/api/concerns', {
      token: by.token,
      body: {
        pupilIds: [pupilId],
        categories: ['physical_abuse'],
        summary: SUMMARY,
        details: DETAILS,
        occurredAt: platform.clock.now().toISOString(),
        urgency,
        informedDslVerbally: false,
      },
    }),
    201,
  ).id;
}

async function unsent(platform: TestPlatform): Promise<number> {
  const { rows } = await platform.db.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM notification_messages WHERE sent_at IS NULL',
  );
  return rows[0]!.n;
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((mail) => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail, raw: raw.toString('utf8') });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

  p = await startTestPlatform({ label: 'notifications', env: env() });
  dslA = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
  dslB = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'teacher' });
  deputy = await p.createStaff({ school: 'oakfield', roles: ['deputy_dsl'], jobRole: 'teacher' });
  head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
  ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant' });
  riversideDsl = await p.createStaff({ school: 'riverside', roles: ['dsl'], jobRole: 'dsl' });
  pupilId = ok(
    await p.http('POST', '/api/pupils', {
      token: head.token,
      body: { firstName: PUPIL_FIRST, lastName: PUPIL_LAST, dateOfBirth: '2016-05-14', yearGroup: '4', sen: false, ehcp: false },
    }),
    201,
  ).id;
}, 120_000);

afterAll(async () => {
  await p?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('an urgent concern', () => {
  let concernId: string;

  beforeAll(async () => {
    concernId = await raiseUrgent(p, ta);
    await p.settle();
    await p.app.get(Notifier).runOnce();
  });

  it('reaches each DSL of the school exactly once, and nobody else', async () => {
    const mails = aboutConcern(concernId);
    expect(mails.map((m) => m.to).sort()).toEqual([[dslA.email], [dslB.email]].sort());
    expect(to(riversideDsl)).toHaveLength(0);
    for (const who of [deputy, head, ta]) expect(to(who)).toHaveLength(0);
  });

  it('says what, where and a link — no pupil name, no narrative', async () => {
    const [mail] = aboutConcern(concernId);
    expect(mail!.mail.subject).toBe('Urgent: New concern — Oakfield Primary');
    expect(mail!.mail.text).toContain(`https://safeguarding.example.org/#/concerns/${concernId}`);
    for (const secret of [PUPIL_FIRST, PUPIL_LAST, SUMMARY, DETAILS, 'belt', 'legs']) {
      expect(mail!.raw).not.toContain(secret);
      expect(`${mail!.mail.subject} ${mail!.mail.text} ${mail!.mail.html || ''}`).not.toContain(secret);
    }
    expect(mail!.mail.messageId).toMatch(/^<alert\./);
  });

  it('is not sent again by later runs', async () => {
    const before = received.length;
    await p.app.get(Notifier).runOnce();
    await p.app.get(Notifier).runOnce();
    expect(received.length).toBe(before);
    expect(await unsent(p)).toBe(0);
  });

  it('an immediate-danger concern is urgent too', async () => {
    const danger = await raiseUrgent(p, ta, 'immediate_danger');
    await p.settle();
    await p.app.get(Notifier).runOnce();
    expect(aboutConcern(danger).map((m) => m.mail.subject)).toEqual([
      'Immediate danger: New concern — Oakfield Primary',
      'Immediate danger: New concern — Oakfield Primary',
    ]);
  });
});

describe('escalation and allegations', () => {
  it('an unacknowledged urgent concern escalates by email to the deputy, then the headteacher', async () => {
    const concernId = await raiseUrgent(p, ta);
    await p.settle();
    p.clock.advanceMinutes(15);
    await p.settle();
    await p.app.get(Notifier).runOnce();
    expect(
      aboutConcern(concernId)
        .filter((m) => m.to.includes(deputy.email))
        .map((m) => m.mail.subject),
    ).toEqual(['Urgent: Concern not acknowledged — Oakfield Primary']);
    p.clock.advanceMinutes(15);
    await p.settle();
    await p.app.get(Notifier).runOnce();
    expect(aboutConcern(concernId).filter((m) => m.to.includes(head.email))).toHaveLength(1);
  });

  it('an allegation goes to the case manager, never to the adult it is about, and does not name them', async () => {
    const adult = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant', name: 'Quentin Allegedly' });
    const concernId = ok(
      await p.http('POST', '/api/concerns', {
        token: ta.token,
        body: {
          pupilIds: [],
          aboutAdult: { staffId: adult.id },
          categories: ['physical_abuse'],
          summary: 'Grabbed a pupil by the arm',
          details: 'In the lunch hall',
          occurredAt: p.clock.now().toISOString(),
          urgency: 'urgent',
          informedDslVerbally: false,
        },
      }),
      201,
    ).id;
    await p.settle();
    await p.app.get(Notifier).runOnce();
    const mails = aboutConcern(concernId);
    expect(mails.length).toBeGreaterThan(0);
    expect(new Set(mails.flatMap((m) => m.to))).toEqual(new Set([head.email]));
    expect(mails.map((m) => m.mail.subject)).toContain('Urgent: Allegation about an adult — Oakfield Primary');
    for (const m of mails) expect(m.raw).not.toMatch(/Quentin|Allegedly|Grabbed|lunch hall/);
    expect(to(adult)).toHaveLength(0);
  });
});

describe('preferences and the daily digest', () => {
  let digestDsl: TestStaff;
  let immediateDsl: TestStaff;
  let quietDsl: TestStaff;
  let elsewherePupil: string;
  let elsewhereTa: TestStaff;

  const routine = async () =>
    ok(
      await p.http('POST', '/api/concerns', {
        token: elsewhereTa.token,
        body: {
          pupilIds: [elsewherePupil],
          categories: ['neglect'],
          summary: 'Hungry again',
          details: 'No breakfast',
          occurredAt: p.clock.now().toISOString(),
          urgency: 'routine',
          informedDslVerbally: false,
        },
      }),
      201,
    ).id;

  beforeAll(async () => {
    // Before the digest hour (07:00 London; GMT in March).
    p.clock.set('2026-03-03T05:00:00Z');
    digestDsl = await p.createStaff({ school: 'elsewhere', roles: ['dsl'], jobRole: 'dsl' });
    immediateDsl = await p.createStaff({ school: 'elsewhere', roles: ['dsl'], jobRole: 'teacher' });
    quietDsl = await p.createStaff({ school: 'elsewhere', roles: ['dsl'], jobRole: 'teacher' });
    const elsewhereHead = await p.createStaff({ school: 'elsewhere', roles: ['headteacher'], jobRole: 'headteacher' });
    elsewhereTa = await p.createStaff({ school: 'elsewhere', jobRole: 'teaching_assistant' });
    elsewherePupil = ok(
      await p.http('POST', '/api/pupils', {
        token: elsewhereHead.token,
        body: { firstName: 'Other', lastName: 'Pupil', dateOfBirth: '2016-05-14', yearGroup: '4', sen: false, ehcp: false },
      }),
      201,
    ).id;
  });

  it('a person chooses immediate, digest or off; the default is digest; anything else is 400', async () => {
    expect(ok(await p.http('GET', '/api/me/notifications', { token: digestDsl.token }))).toEqual({ email: 'digest' });
    expect(ok(await p.http('PUT', '/api/me/notifications', { token: immediateDsl.token, body: { email: 'immediate' } }))).toEqual({
      email: 'immediate',
    });
    ok(await p.http('PUT', '/api/me/notifications', { token: quietDsl.token, body: { email: 'off' } }));
    expect(ok(await p.http('GET', '/api/me/notifications', { token: immediateDsl.token }))).toEqual({ email: 'immediate' });
    const bad = await p.http('PUT', '/api/me/notifications', { token: quietDsl.token, body: { email: 'loud' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('email');
  });

  it('a routine concern: at once to who chose immediate, in the next digest for the rest, never to who chose off', async () => {
    const first = await routine();
    await p.settle();
    await p.app.get(Notifier).runOnce();
    expect(aboutConcern(first).map((m) => m.to)).toEqual([[immediateDsl.email]]);
    expect(to(digestDsl)).toHaveLength(0);

    p.clock.set('2026-03-03T07:00:00Z');
    await p.app.get(Notifier).runOnce();
    const digests = to(digestDsl);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.mail.subject).toBe('Safeguarding platform: 1 new alert (2026-03-03)');
    expect(digests[0]!.mail.text).toContain('- New concern — Elsewhere School: 1');
    expect(digests[0]!.raw).not.toMatch(/Hungry|breakfast|Other Pupil/);

    // One digest a day: what comes later waits for tomorrow's.
    await routine();
    await routine();
    await p.settle();
    await p.app.get(Notifier).runOnce();
    expect(to(digestDsl)).toHaveLength(1);
    p.clock.set('2026-03-04T07:30:00Z');
    await p.app.get(Notifier).runOnce();
    await p.app.get(Notifier).runOnce();
    // The third concern about the pupil within 30 days raised a pattern alert too: into the digest with the rest.
    expect(to(digestDsl).map((m) => m.mail.subject)).toEqual([
      'Safeguarding platform: 1 new alert (2026-03-03)',
      'Safeguarding platform: 3 new alerts (2026-03-04)',
    ]);
    expect(to(digestDsl)[1]!.mail.text).toContain('- New concern — Elsewhere School: 2');
    expect(to(digestDsl)[1]!.mail.text).toContain('- Pattern of concerns about a pupil — Elsewhere School: 1');
    expect(to(quietDsl)).toHaveLength(0);
  });

  it('urgent alerts go at once even to who chose off', async () => {
    const before = to(quietDsl).length;
    const urgent = ok(
      await p.http('POST', '/api/concerns', {
        token: elsewhereTa.token,
        body: {
          pupilIds: [elsewherePupil],
          categories: ['neglect'],
          summary: 'Left alone overnight',
          details: 'Said so at registration',
          occurredAt: p.clock.now().toISOString(),
          urgency: 'urgent',
          informedDslVerbally: false,
        },
      }),
      201,
    ).id;
    await p.settle();
    await p.app.get(Notifier).runOnce();
    expect(to(quietDsl).length).toBe(before + 1);
    expect(aboutConcern(urgent)).toHaveLength(3);
  });
});

describe('a restart between the concern and the email', () => {
  let reuse: ReusedPlatform;

  beforeAll(() => {
    reuse = { db: p.db, clock: p.clock, trustId: p.trustId, otherTrustId: p.otherTrustId, schools: p.schools };
  });

  it('stopped before anything was queued: the next platform sends exactly one to each DSL', async () => {
    const concernId = await raiseUrgent(p, ta);
    await p.close({ keepDatabase: true });
    // Its own timer sends (every second), as a platform does after a restart.
    p = await startTestPlatform({ reuse, env: env({ interval: '1' }) });
    await p.settle();
    await until('both DSLs emailed', () => aboutConcern(concernId).length >= 2);
    await until('the outbox drained', async () => (await unsent(p)) === 0);
    await p.app.get(Notifier).runOnce();
    expect(
      aboutConcern(concernId)
        .map((m) => m.to)
        .sort(),
    ).toEqual([[dslA.email], [dslB.email]].sort());
  }, 120_000);

  it('stopped after queueing, before sending: still exactly one each, and a further restart sends nothing more', async () => {
    const concernId = await raiseUrgent(p, ta);
    // This platform's timer is not to send it: it stops while the emails are queued but unsent.
    await p.close({ keepDatabase: true });
    p = await startTestPlatform({ reuse, env: env() });
    await p.settle();
    expect((await p.app.get(Notifier).runOnce({ send: false })).queued).toBe(2);
    expect(aboutConcern(concernId)).toHaveLength(0);
    await p.close({ keepDatabase: true });

    p = await startTestPlatform({ reuse, env: env() });
    await p.app.get(Notifier).runOnce();
    expect(
      aboutConcern(concernId)
        .map((m) => m.to)
        .sort(),
    ).toEqual([[dslA.email], [dslB.email]].sort());
    await p.close({ keepDatabase: true });

    p = await startTestPlatform({ reuse, env: env() });
    await p.settle();
    await p.app.get(Notifier).runOnce();
    expect(aboutConcern(concernId)).toHaveLength(2);
  }, 120_000);

  it('an SMTP server that is down: retried later, sent once when it is back', async () => {
    await p.close({ keepDatabase: true });
    p = await startTestPlatform({ reuse, env: env({ smtp: 'smtp://127.0.0.1:9' }) });
    const concernId = await raiseUrgent(p, ta);
    await p.settle();
    expect(await p.app.get(Notifier).runOnce()).toMatchObject({ queued: 2, sent: 0, failed: 2 });
    expect(await unsent(p)).toBe(2);
    await p.close({ keepDatabase: true });
    p = await startTestPlatform({ reuse, env: env() });
    // The retry is due after a back-off: bring it forward rather than wait a minute.
    await p.db.pool.query('UPDATE notification_messages SET next_attempt_at = now() WHERE sent_at IS NULL');
    await p.app.get(Notifier).runOnce();
    expect(aboutConcern(concernId)).toHaveLength(2);
    expect(await unsent(p)).toBe(0);
  }, 120_000);
});

describe('the raiser is told in the app when their concern is closed', () => {
  it('lists a notice until it is dismissed; nobody else gets it', async () => {
    const concernId = await raiseUrgent(p, ta, 'routine');
    expect(ok(await p.http('GET', '/api/me/notices', { token: ta.token }))).toEqual([]);
    ok(
      await p.http('POST', `/api/concerns/${concernId}/triage`, {
        token: dslA.token,
        body: { riskLevel: 'medium', decision: 'early_help', rationale: 'Early help offered' },
      }),
    );
    ok(
      await p.http('POST', `/api/concerns/${concernId}/close`, {
        token: dslA.token,
        body: { outcome: 'Early help plan agreed', reasonCode: 'early_help_in_place', rationale: 'Family engaged' },
      }),
    );
    const notices = ok(await p.http<{ id: string }[]>('GET', '/api/me/notices', { token: ta.token }));
    expect(notices).toEqual([expect.objectContaining({ kind: 'concern_closed', concernId, summary: SUMMARY })]);
    expect(JSON.stringify(notices)).not.toContain('Early help plan agreed');
    expect(ok(await p.http('GET', '/api/me/notices', { token: dslB.token }))).toEqual([]);
    expect((await p.http('POST', `/api/me/notices/${encodeURIComponent(notices[0]!.id)}/dismiss`, { token: dslB.token })).status).toBe(404);
    ok(await p.http('POST', `/api/me/notices/${encodeURIComponent(notices[0]!.id)}/dismiss`, { token: ta.token }));
    expect(ok(await p.http('GET', '/api/me/notices', { token: ta.token }))).toEqual([]);
  });
});
