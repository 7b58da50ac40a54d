import { extractText, getDocumentProxy } from 'unpdf';
import { ViewLog } from '#lib/core';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

let p: TestPlatform;
let dsl: TestStaff;
let ta: TestStaff;
let concernId: string;

beforeAll(async () => {
  p = await startTestPlatform({ label: 'concern-pdf' });
  p.clock.set('2026-03-02T10:00:00Z');
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl', name: 'Dee Lead' });
  ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant', name: 'Tia Assistant' });
  const head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
  const pupil = await p.http('POST', '/api/pupils', {
    token: head.token,
    body: { firstName: 'Mia', lastName: 'Brown', dateOfBirth: '2017-05-14', yearGroup: '3', sen: false, ehcp: false },
  });
  const raised = await p.http('POST', '/api/concerns', {
    token: ta.token,
    body: {
      pupilIds: [pupil.body.id],
      categories: ['neglect'],
      summary: 'Came in hungry again, no coat',
      details: 'Third day this week; said there was no food at home.',
      occurredAt: '2026-03-02T08:30:00Z',
      urgency: 'routine',
      informedDslVerbally: false,
    },
  });
  concernId = raised.body.id;
  const triage = { riskLevel: 'medium', decision: 'early_help', rationale: 'Pattern of neglect over two weeks' };
  expect((await p.http('POST', `/api/concerns/${concernId}/triage`, { token: dsl.token, body: triage })).status).toBe(200);
}, 60_000);
afterAll(async () => p.close());

async function printed(token: string): Promise<{ status: number; text: string; pages: string[] }> {
  const res = await fetch(`${p.baseUrl}/api/concerns/${concernId}?format=pdf`, { headers: { authorization: `Bearer ${token}` } });
  if (res.headers.get('content-type') !== 'application/pdf') return { status: res.status, text: await res.text(), pages: [] };
  const pages = (await extractText(await getDocumentProxy(new Uint8Array(await res.arrayBuffer())), { mergePages: false }))
    .text as string[];
  return { status: res.status, text: pages.join('\n'), pages };
}

describe('a concern printed as PDF', () => {
  it('prints the account and its history, with the school, the reader and the time on every page, and records the print', async () => {
    const before = (await p.app.get(ViewLog).viewsOf(concernId)).length;
    const { status, text, pages } = await printed(dsl.token);
    expect(status).toBe(200);
    for (const page of pages) expect(page).toContain('CONFIDENTIAL · Oakfield Primary · printed by Dee Lead (DSL) · 02/03/2026, 10:00');
    expect(text).toContain('Safeguarding concern: Mia Brown');
    expect(text).toContain('Came in hungry again, no coat');
    expect(text).toContain('Third day this week; said there was no food at home.');
    expect(text).toMatch(/Concern raised by Tia Assistant[\s\S]*Triaged by Dee Lead[\s\S]*Rationale: Pattern of neglect over two weeks/);
    const views = await p.app.get(ViewLog).viewsOf(concernId);
    expect(views).toHaveLength(before + 1);
    expect(views.at(-1)).toMatchObject({ viewerId: dsl.id, subjectType: 'concern', format: 'pdf' });
  });

  it('prints for the raiser only what the JSON shows them: their account, never the DSL’s rationale', async () => {
    const { status, text } = await printed(ta.token);
    expect(status).toBe(200);
    expect(text).toContain('Came in hungry again, no coat');
    expect(text).toContain('Triaged by Dee Lead');
    expect(text).not.toContain('Pattern of neglect');
    const other = await p.createStaff({ school: 'oakfield', jobRole: 'teacher' });
    expect((await printed(other.token)).status).toBe(404);
  });

  it('still ignores the school a trust reader’s app adds to every read, and refuses a format it does not make', async () => {
    const auditor = await p.createTrustUser('trust_auditor');
    const token = await p.stepUp(auditor);
    expect((await p.http('GET', `/api/concerns/${concernId}?schoolId=${p.schools.oakfield}`, { token })).status).toBe(200);
    const odd = await p.http('GET', `/api/concerns/${concernId}?format=docx`, { token: dsl.token });
    expect(odd.status).toBe(400);
    expect(odd.body.errors[0].field).toBe('format');
  });
});
