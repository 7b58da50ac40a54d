import { countStatements, Seeder, startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import type { AlertView } from './alerts.queries.js';
import { fixtures } from './testing/alert-fixtures.js';

/**
 * Issue 16's read target, counted (every statement any pg client of the process sends, which holds
 * on any machine where times would not): a page of the inbox costs a fixed number of statements,
 * whatever the number of alerts in the school.
 */
const STATEMENTS_PER_INBOX_PAGE = 2;
/** The reader's setup, sent again only when the pool hands over a connection last set up for another read. */
const isReaderSetup = (text: string) => text.trimStart().startsWith("SELECT set_config('search_path'");

let p: TestPlatform;
let dsl: TestStaff;
const statements = countStatements();

beforeAll(async () => {
  p = await startTestPlatform({ label: 'alerts_reads' });
  dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl' });
}, 60_000);
afterAll(async () => p.close());

/** The statements of one GET /api/alerts (the session already checked and cached by an earlier request). */
async function pageCost(path: string): Promise<{ sent: number; texts: string[]; body: AlertView[]; next: string | null }> {
  await p.settle();
  expect((await p.http('GET', path, { token: dsl.token })).status).toBe(200);
  statements.reset();
  const res = await p.http<AlertView[]>('GET', path, { token: dsl.token });
  const texts = statements.texts();
  expect(res.status).toBe(200);
  const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
  return { sent: texts.length, texts, body: res.body, next };
}

it('a page of the inbox costs the same few statements with 5 alerts in the school and with 150', async () => {
  const f = fixtures(p, p.schools.oakfield);
  const seeder = new Seeder(p);
  const pupils = await Promise.all([0, 1, 2].map(() => seeder.pupil(p.schools.oakfield)));
  for (let i = 0; i < 5; i++) await f.raiseConcern({ pupilIds: [pupils[i % pupils.length]!] });
  const few = await pageCost('/api/alerts');
  expect(few.body.length).toBe(5);
  expect(few.body.every((a) => a.subject.pupilName)).toBe(true);

  for (let i = 0; i < 145; i++) await f.raiseConcern({ pupilIds: [pupils[i % pupils.length]!] });
  const many = await pageCost('/api/alerts');
  expect(many.body.length).toBe(100);
  expect(many.next).not.toBeNull();
  const next = await pageCost(many.next!);
  console.log(
    `[statements] GET /api/alerts: ${few.sent} with 5 alerts, ${many.sent} with 150, ${next.sent} for a later page:\n  ${[...many.texts, '…', ...next.texts].join('\n  ')}`,
  );
  expect(next.body.length).toBeGreaterThanOrEqual(50);
  for (const cost of [few, many, next]) {
    expect(cost.texts.filter((t) => !isReaderSetup(t)).length).toBeLessThanOrEqual(STATEMENTS_PER_INBOX_PAGE);
    expect(cost.texts.filter(isReaderSetup).length).toBeLessThanOrEqual(1);
  }

  // A cursor of the right shape with values this list never gave is refused, not sent to the database.
  const forged = Buffer.from(JSON.stringify(['yesterday', 'not-an-id'])).toString('base64url');
  const refused = await p.http('GET', `/api/alerts?cursor=${forged}`, { token: dsl.token });
  expect(refused.status).toBe(400);
  expect(refused.body).toMatchObject({ errors: [{ field: 'cursor' }] });
}, 240_000);
