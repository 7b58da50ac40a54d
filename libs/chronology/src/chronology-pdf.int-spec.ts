import { extractText, getDocumentProxy } from 'unpdf';
import { ViewLog } from '#lib/core';
import { Seeder, startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';

let p: TestPlatform;
let dsl: TestStaff;
let pupil: string;
let adultConcern: string;
const summaries: { occurredAt: string; summary: string }[] = [];

beforeAll(async () => {
  p = await startTestPlatform({ label: 'chronology-pdf' });
  const seed = new Seeder(p);
  const lead = seed.actor(p.schools.oakfield, ['dsl']);
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl', name: 'Dee Lead' });
  pupil = await seed.pupil(p.schools.oakfield, 'Zoë', 'Łukasiewicz');
  // Enough lines for several pages, raised out of order: the record prints them by when they happened.
  for (let day = 40; day >= 1; day--) {
    const occurredAt = new Date(Date.parse('2026-01-01T09:15:00Z') + day * 86_400_000).toISOString();
    const summary = `Day ${day}: arrived without a coat, said “nobody was up”`;
    await seed.concern(lead, { pupilIds: [pupil], occurredAt, summary });
    summaries.push({ occurredAt, summary });
  }
  summaries.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  adultConcern = await seed.concern(seed.actor(p.schools.oakfield, ['headteacher']), {
    pupilIds: [pupil],
    occurredAt: '2026-01-20T10:00:00Z',
    summary: 'A volunteer grabbed Zoë',
    aboutAdult: { name: 'A volunteer' },
  });
  p.clock.set('2026-03-02T12:00:00Z');
  await p.settle();
  dsl.token = await p.stepUp(dsl);
}, 120_000);
afterAll(async () => p.close());

async function pdfPages(res: Response): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(await res.arrayBuffer()));
  return (await extractText(pdf, { mergePages: false })).text as string[];
}

const printChronology = (token: string) =>
  fetch(`${p.baseUrl}/api/pupils/${pupil}/chronology?format=pdf`, { headers: { authorization: `Bearer ${token}` } });

describe('the chronology printed as PDF', () => {
  it('has every entry’s date and summary in order, and the school, the reader and the time on every page', async () => {
    const res = await printChronology(dsl.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const pages = await pdfPages(res);
    expect(pages.length).toBeGreaterThan(1);
    for (const [i, page] of pages.entries()) {
      expect(page).toContain('CONFIDENTIAL · Oakfield Primary · printed by Dee Lead (DSL) · 02/03/2026, 12:00');
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
    }
    const text = pages.join('\n');
    expect(text).toContain('Chronology: Zoë Łukasiewicz');
    let at = -1;
    for (const { occurredAt, summary } of summaries) {
      const when = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'short', timeStyle: 'short' }).format(
        new Date(occurredAt),
      );
      const next = text.indexOf(`${when} — Concern raised`, at + 1);
      expect(next).toBeGreaterThan(at);
      expect(text.indexOf(summary, next)).toBeGreaterThan(next);
      at = text.indexOf(summary, next);
    }
  });

  it('is recorded as a view, printed', async () => {
    const before = (await p.app.get(ViewLog).viewsOf(pupil)).length;
    await printChronology(dsl.token);
    const views = await p.app.get(ViewLog).viewsOf(pupil);
    expect(views).toHaveLength(before + 1);
    expect(views.at(-1)).toMatchObject({ viewerId: dsl.id, subjectType: 'chronology', format: 'pdf' });
  });

  it('keeps the JSON route’s access: a concern about an adult is left out for the DSL, the step-up and the school apply', async () => {
    const text = (await pdfPages(await printChronology(dsl.token))).join('\n');
    expect(text).not.toContain('A volunteer grabbed');
    expect(adultConcern).toEqual(expect.any(String));
    const head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher' });
    const headToken = await p.stepUp(head);
    expect((await pdfPages(await printChronology(headToken))).join('\n')).toContain('A volunteer grabbed Zoë');
    const riversideDsl = await p.createStaff({ school: 'riverside', roles: ['dsl'], jobRole: 'dsl' });
    expect((await printChronology(await p.stepUp(riversideDsl))).status).toBe(404);
    const ta = await p.createStaff({ school: 'oakfield' });
    expect((await printChronology(ta.token)).status).toBe(403);
    p.clock.advanceMinutes(16);
    expect((await printChronology(dsl.token)).status).toBe(401);
    p.clock.advanceMinutes(-16);
    expect(
      (await fetch(`${p.baseUrl}/api/pupils/${pupil}/chronology?format=docx`, { headers: { authorization: `Bearer ${dsl.token}` } }))
        .status,
    ).toBe(400);
  });
});
