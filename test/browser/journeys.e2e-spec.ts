import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FakeClock } from '#lib/core';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import {
  accessibilityProblems,
  axeStates,
  expectAxeClean,
  buildWebApp,
  catchUp,
  focusOutline,
  launchBrowser,
  newContext,
  PHONE,
  registerPupil,
  shot,
  signIn,
  tabTo,
  whyNotRunnable,
} from './browser-harness.js';

/*
 * The journeys of issue 6 in Debian's Chromium against the real platform (fresh database, web app
 * served at `/`). The platform's fake clock is kept at real time, because the browser sends times
 * from its own clock.
 */

const notRunnable = whyNotRunnable();

/** A London wall-clock time as an `<input type="datetime-local">` value. */
function londonInput(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const londonDate = (date: Date): string => londonInput(date).slice(0, 10);
const daysAgo = (days: number): Date => new Date(Date.now() - days * 86_400_000);

/** Labelled controls (our own check) and no axe-core violation, on the page state as it is now. */
async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityProblems(page)).toEqual([]);
  await expectAxeClean(page, `journeys ${new URL(page.url()).hash || '/'} #${axeStates.length + 1}`);
}

if (notRunnable) {
  console.log(`[browser] NOT RUN: ${notRunnable}`);
  describe('browser journeys', () => {
    it(`were NOT RUN: ${notRunnable}`, () => undefined);
  });
} else {
  describe('browser journeys (Chromium)', () => {
    let p: TestPlatform;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    let dsl: TestStaff;
    let ta: TestStaff;
    let lba: TestStaff;
    let auditor: TestStaff;
    let dslPage: Page;

    const open = async (viewport?: { width: number; height: number }) => {
      const context = await newContext(browser, viewport);
      contexts.push(context);
      return context.newPage();
    };

    beforeAll(async () => {
      buildWebApp();
      [p, browser] = await Promise.all([startTestPlatform({ label: 'browser', clock: new FakeClock(new Date()) }), launchBrowser()]);
      dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl', name: 'Dana Lead' });
      ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant', name: 'Tom Assistant' });
      // Registered two months ago, so a replay as of a past date already knows her.
      p.clock.set(daysAgo(60));
      lba = await p.createStaff({ school: 'oakfield', jobRole: 'learning_behaviour_assistant', name: 'Lara Behaviour' });
      catchUp(p);
      auditor = await p.createTrustUser('trust_auditor');
      await registerPupil(p, dsl, 'Amara', 'Okafor');
      await registerPupil(p, dsl, 'Ben', 'Carter');
      dslPage = await open();
      await signIn(dslPage, p, dsl);
    }, 60_000);

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser?.close();
      await p?.close();
    });

    it('a teaching assistant raises a concern on a phone; the DSL’s inbox shows it live; the DSL triages and closes it; the assistant sees it closed', async () => {
      await dslPage.goto(`${p.baseUrl}/#/inbox`);
      await dslPage.getByText('connected', { exact: true }).waitFor();
      await shot(dslPage, 'dsl-inbox-empty');
      await expectAccessible(dslPage);
      // Set on this document only: it survives only if the alert arrives without a reload.
      await dslPage.evaluate(() => ((globalThis as any).sameDocument = true));

      const phone = await open(PHONE);
      await signIn(phone, p, ta);
      await phone.getByRole('heading', { name: 'Raise a safeguarding concern' }).waitFor();
      await shot(phone, 'ta-concern-form-mobile');
      await expectAccessible(phone);
      // Nothing is wider than the phone's screen.
      expect(await phone.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

      await phone.getByLabel('Search pupils by name').fill('Okaf');
      await phone.getByRole('button', { name: /Add Amara Okafor/ }).click();
      await expect(phone.getByRole('list', { name: 'Chosen pupils' }).textContent()).resolves.toContain('Amara Okafor');
      await phone.getByLabel('Neglect').check();
      await phone.getByLabel('Urgent', { exact: true }).check();
      await phone.getByLabel('Summary in one line').fill('Came in hungry and without a coat again');
      await phone.getByLabel('What was seen or heard').fill('Amara said "there was no food at home this morning". Third time this week.');
      await phone.getByText('Body map (optional)').click();
      await phone.getByLabel('Left arm (front)').check();
      await phone.getByLabel('What you saw on the left arm').fill('Small bruise, about 2 cm');
      await shot(phone, 'ta-concern-form-mobile-filled');
      catchUp(p);
      await phone.getByRole('button', { name: 'Send to the DSL' }).click();
      await phone.getByRole('heading', { name: 'Concern sent to the DSL' }).waitFor();
      const concernId = (await phone.getByTestId('concern-reference').textContent())!;
      await phone.getByText('Open — waiting for the DSL').waitFor();
      await shot(phone, 'ta-concern-sent-mobile');

      const alert = dslPage.getByTestId('alert').filter({ hasText: 'New urgent concern' });
      await alert.waitFor({ timeout: 15_000 });
      expect(await dslPage.evaluate(() => (globalThis as any).sameDocument)).toBe(true);
      await expect(alert.textContent()).resolves.toMatch(/Priority: high/i);
      await shot(dslPage, 'dsl-inbox-live-alert');

      await alert.getByRole('link', { name: /Open the concern/ }).click();
      await dslPage.getByRole('heading', { name: 'Came in hungry and without a coat again' }).waitFor();
      await expectAccessible(dslPage);
      await dslPage.getByRole('button', { name: 'Acknowledge concern' }).click();
      await dslPage.getByText('Acknowledged by the DSL').first().waitFor();
      await dslPage.getByLabel('Medium').check();
      await dslPage.getByLabel('Decision', { exact: true }).selectOption('monitor');
      await dslPage.getByLabel('Rationale', { exact: true }).fill('Pattern of neglect indicators; monitor and speak to parents.');
      await dslPage.getByRole('button', { name: 'Record triage decision' }).click();
      await dslPage.getByText('Triaged — a decision is recorded').first().waitFor();
      await shot(dslPage, 'dsl-concern-triaged');
      await dslPage.getByRole('button', { name: 'Monitoring complete' }).click();
      await dslPage.getByLabel('Outcome').fill('Breakfast club place arranged; family engaged with early help.');
      await dslPage.getByLabel('Rationale for closing').fill('No further indicators over the monitoring period.');
      await dslPage.getByLabel(/this concern can be closed/).check();
      await dslPage.getByRole('button', { name: 'Close concern' }).click();
      await dslPage.locator('.facts').getByText('Closed', { exact: true }).waitFor();
      await shot(dslPage, 'dsl-concern-closed');

      // The alert itself: acknowledged, then resolved with a note.
      await dslPage.goto(`${p.baseUrl}/#/inbox`);
      const sameAlert = dslPage.getByTestId('alert').filter({ hasText: 'New urgent concern' });
      await sameAlert.getByRole('button', { name: /^Acknowledge/ }).click();
      await sameAlert.waitFor({ state: 'detached' });
      await dslPage.getByLabel('Show alerts that are').selectOption('acknowledged');
      await sameAlert.getByRole('button', { name: /^Resolve/ }).click();
      await sameAlert.getByLabel('How was it resolved?').fill('Concern triaged and closed.');
      await sameAlert.getByRole('button', { name: 'Resolve alert' }).click();
      await sameAlert.waitFor({ state: 'detached' });
      await dslPage.getByLabel('Show alerts that are').selectOption('resolved');
      await sameAlert.waitFor();
      await shot(dslPage, 'dsl-inbox-resolved');

      await phone.goto(`${p.baseUrl}/#/concerns`);
      await phone.getByRole('heading', { name: 'My concerns' }).waitFor();
      await phone.getByRole('cell', { name: 'Closed' }).waitFor();
      await shot(phone, 'ta-my-concerns-closed-mobile');
      const mine = await p.http('GET', '/api/concerns', { token: ta.token });
      expect(mine.body).toEqual([expect.objectContaining({ id: concernId, status: 'closed' })]);
    }, 90_000);

    it('the concern form can be completed and submitted with the keyboard alone, with visible focus', async () => {
      const page = await open();
      catchUp(p);
      await page.goto(`${p.baseUrl}/#/sign-in`);
      await tabTo(page, '#field-email');
      expect((await focusOutline(page)).outlineStyle).not.toBe('none');
      await page.keyboard.type(ta.email);
      await page.keyboard.press('Tab');
      await page.keyboard.type(ta.password);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Raise a safeguarding concern' }).waitFor();

      await tabTo(page, 'input[type=search]');
      await page.keyboard.type('Carter');
      await page.getByRole('button', { name: /Add Ben Carter/ }).waitFor();
      await tabTo(page, '.results button');
      expect((await focusOutline(page)).outlineStyle).not.toBe('none');
      await page.keyboard.press('Enter');
      await page.getByRole('list', { name: 'Chosen pupils' }).waitFor();
      await tabTo(page, '#category-bullying');
      await page.keyboard.press('Space');
      expect((await focusOutline(page)).outlineStyle).not.toBe('none');
      await tabTo(page, '#urgency-routine');
      await page.keyboard.press('ArrowDown');
      expect(await page.locator('#urgency-urgent').isChecked()).toBe(true);
      await tabTo(page, '#field-summary');
      await page.keyboard.type('Name-calling in the lunch queue');
      await tabTo(page, '#field-details');
      await page.keyboard.type('Ben was called names by two older pupils; he was upset afterwards.');
      await tabTo(page, '#informed-dsl');
      await page.keyboard.press('Space');
      await tabTo(page, 'button[type=submit]');
      const focus = await focusOutline(page);
      expect(focus.outlineStyle).not.toBe('none');
      expect(focus.outlineWidth).not.toBe('0px');
      await shot(page, 'concern-form-keyboard-focus');
      catchUp(p);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Concern sent to the DSL' }).waitFor();
      const raised = (await p.http('GET', '/api/concerns', { token: dsl.token })).body as any[];
      expect(raised.find((c) => c.summary === 'Name-calling in the lunch queue')).toMatchObject({
        urgency: 'urgent',
        categories: ['bullying'],
        pupils: [expect.objectContaining({ fullName: 'Ben Carter' })],
      });
    }, 60_000);

    it('keeps what was typed when the server refuses the concern, and sends it once corrected', async () => {
      const page = await open();
      await signIn(page, p, ta);
      await page.getByLabel('Search pupils by name').fill('Amara');
      await page.getByRole('button', { name: /Add Amara Okafor/ }).click();
      await page.getByLabel('Online safety').check();
      await page.getByLabel('Summary in one line').fill('Messages from an unknown adult');
      await page.getByLabel('What was seen or heard').fill('Amara showed me messages asking her to keep a secret.');
      // The server's clock is behind the browser's: "happened in the future" is a real refusal (422).
      p.clock.set(new Date(Date.now() - 3 * 3_600_000));
      await page.getByRole('button', { name: 'Send to the DSL' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'The concern has not been sent' });
      await summary.waitFor();
      await expect(summary.textContent()).resolves.toMatch(/future/);
      await shot(page, 'concern-refused-text-kept');
      expect(await page.getByLabel('Summary in one line').inputValue()).toBe('Messages from an unknown adult');
      expect(await page.getByLabel('What was seen or heard').inputValue()).toBe('Amara showed me messages asking her to keep a secret.');
      await page.reload();
      expect(await page.getByLabel('What was seen or heard').inputValue()).toBe('Amara showed me messages asking her to keep a secret.');
      expect(await page.getByLabel('Online safety').isChecked()).toBe(true);

      catchUp(p);
      await page.getByRole('button', { name: 'Send to the DSL' }).click();
      await page.getByRole('heading', { name: 'Concern sent to the DSL' }).waitFor();
      const raised = (await p.http('GET', '/api/concerns', { token: dsl.token })).body as any[];
      expect(raised.filter((c) => c.summary === 'Messages from an unknown adult')).toHaveLength(1);
    }, 60_000);

    it('a learning and behaviour assistant records a restraint step by step; the Team Teach dashboard counts it', async () => {
      const page = await open();
      await signIn(page, p, lba);
      await page.goto(`${p.baseUrl}/#/incidents/new`);
      await page.getByRole('heading', { name: 'Record a restrictive intervention' }).waitFor();
      const step = async (title: string, name: string) => {
        await page.getByRole('heading', { name: title, level: 2 }).waitFor();
        await expectAccessible(page);
        await shot(page, `incident-step-${name}`);
      };
      const next = () => page.getByRole('button', { name: 'Continue' }).click();

      await step('Pupil', '1-pupil');
      await page.getByLabel('Search pupils by name').fill('Okafor');
      await page.getByRole('button', { name: /Choose Amara Okafor/ }).click();
      await next();
      await step('Time and place', '2-time-place');
      await page.getByLabel('When did the intervention start?').fill(londonInput(new Date(Date.now() - 40 * 60_000)));
      await page.getByLabel('When did it end?').fill(londonInput(new Date(Date.now() - 35 * 60_000)));
      await page.getByLabel('Where did it happen?').fill('Year 3 corridor by the hall doors');
      await next();
      await step('Type of intervention and why', '3-type');
      await page.getByLabel('Physical restraint', { exact: true }).check();
      await page.locator('#field-reason input[type=radio]').first().check();
      await next();
      await page.getByRole('heading', { name: 'Staff involved and holds used' }).waitFor();
      await page.getByLabel('Name').selectOption(lba.id);
      await page.locator('.checkbox-grid input[type=checkbox]').first().check();
      await step('Staff involved and holds used', '4-staff-holds');
      await next();
      await step('What happened before', '5-antecedents');
      await page.getByLabel('What happened before the intervention?').fill('Amara ran towards the fire exit after a dispute at break.');
      await next();
      await step('De-escalation tried', '6-de-escalation');
      await page.locator('#field-deEscalation input[type=checkbox]').first().check();
      await next();
      await step('Injuries and aftercare', '7-injuries');
      await page.getByLabel('Aftercare given').fill('Quiet room with a familiar adult; water; calm within 10 minutes.');
      await next();
      await step('Witnesses', '8-witnesses');
      await next();
      await step('Check and submit', '9-check');
      catchUp(p);
      await page.getByRole('button', { name: 'Record incident' }).click();
      await page.waitForURL(/#\/incidents\/[0-9a-f-]{36}/);
      const incidentId = /incidents\/([0-9a-f-]{36})/.exec(page.url())![1]!;
      await page.getByText('Year 3 corridor by the hall doors').first().waitFor();
      await expectAccessible(page);
      await shot(page, 'incident-recorded');

      // Follow-up on the day: the parent is told and the pupil is debriefed; the DSL reviews.
      catchUp(p);
      // Nothing is filled in for them: whether, when and how the parent was told are answers.
      await page.getByRole('button', { name: 'Record parent notification' }).click();
      await page.locator('#error-notifiedAt').waitFor();
      // Only the DSL or the headteacher is offered the decision not to tell parents.
      expect(await page.getByLabel(/I decide they are not told/).count()).toBe(0);
      await page.getByLabel('When were they told?').fill(londonInput(new Date(Date.now() - 60_000)));
      await page.getByLabel('How?').selectOption('phone');
      await page.getByLabel('Which parent or carer?').fill('Grace Okafor');
      await page.getByLabel('Their relationship to the pupil').selectOption('mother');
      await page.getByLabel('What were they told?').fill('What happened, the hold used and that Amara was calm within ten minutes.');
      await page.getByRole('button', { name: 'Record parent notification' }).click();
      const followUps = page.getByRole('region', { name: 'Follow-up' });
      await followUps.getByText(/Phone call/).waitFor();
      await page.getByLabel('Debrief notes').fill('Amara talked through what happened and what would help next time.');
      catchUp(p);
      await page.getByRole('button', { name: 'Record debrief' }).click();
      await followUps.getByText(/Amara talked through/).waitFor();
      await shot(page, 'incident-follow-up');
      await dslPage.goto(`${p.baseUrl}/#/incidents/${incidentId}`);
      await dslPage.getByLabel('Review notes').fill('Proportionate and well recorded; staff debrief to follow.');
      await dslPage.getByRole('button', { name: 'Record review' }).click();
      await dslPage
        .getByRole('region', { name: 'Follow-up' })
        .getByText(/Proportionate and well recorded/)
        .waitFor();

      await p.settle();
      await dslPage.goto(`${p.baseUrl}/#/audits/team-teach`);
      const stats = dslPage.getByRole('list', { name: 'Summary' });
      await stats.waitFor();
      await expect(stats.textContent()).resolves.toMatch(/1\s*incidents/);
      const row = dslPage.getByRole('row').filter({ has: dslPage.locator(`a[href="#/incidents/${incidentId}"]`) });
      await row.waitFor();
      // Recorded, parent notified, pupil debrief, staff debrief (still inside its 2 school days), reviewed, all staff certified,
      // holds within the certified level (judged only for those certified at all).
      expect(await row.locator('td .badge').allTextContents()).toEqual([
        '✓ Yes',
        '✓ Yes',
        '✓ Yes',
        '… Not yet due',
        '✓ Yes',
        '✗ No',
        '✓ Yes',
      ]);
      await expect(row.textContent()).resolves.toContain('Amara Okafor');
      await dslPage.locator('.recharts-surface').first().waitFor();
      await expectAccessible(dslPage);
      await shot(dslPage, 'team-teach-dashboard');
    }, 90_000);

    it('an auditor replays the training matrix as of a past date', async () => {
      // Team Teach level 2 recorded 40 days ago; emergency first aid only today.
      p.clock.set(daysAgo(40));
      const past = await p.http('POST', `/api/staff/${lba.id}/training`, {
        token: dsl.token,
        body: { course: 'team_teach_level_2', completedOn: londonDate(daysAgo(40)) },
      });
      expect(past.status).toBe(201);
      catchUp(p);
      const today = await p.http('POST', `/api/staff/${lba.id}/training`, {
        token: dsl.token,
        body: { course: 'emergency_first_aid', completedOn: londonDate(new Date()) },
      });
      expect(today.status).toBe(201);
      await p.settle();

      const page = await open();
      await signIn(page, p, auditor);
      await page.goto(`${p.baseUrl}/#/training`);
      const liveRow = page.getByRole('row').filter({ hasText: 'Lara Behaviour' });
      await liveRow.waitFor();
      await expectAccessible(page);
      await shot(page, 'training-matrix');
      const cell = (row: typeof liveRow, course: number) => row.locator('td.cell').nth(course);
      const courses = await page.locator('table.matrix thead th').allTextContents();
      const teamTeach = courses.indexOf('Team Teach Level 2') - 2;
      const firstAid = courses.indexOf('Emergency First Aid at Work') - 2;
      expect(teamTeach).toBeGreaterThanOrEqual(0);
      expect(firstAid).toBeGreaterThanOrEqual(0);
      expect(await cell(liveRow, firstAid).getAttribute('data-status')).toBe('valid');

      await page.goto(`${p.baseUrl}/#/audit/replay`);
      await page.getByRole('heading', { name: 'Replay as of a date' }).waitFor();
      await page.getByLabel('Report').selectOption('training-matrix');
      await page.getByLabel('As it stood at').fill(londonInput(daysAgo(20)));
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Replay' }).click();
      await page.getByRole('heading', { name: /Training matrix as of/ }).waitFor();
      const replayed = page.getByRole('row').filter({ hasText: 'Lara Behaviour' });
      await replayed.waitFor();
      expect(await cell(replayed, teamTeach).getAttribute('data-status')).toBe('valid');
      expect(await cell(replayed, firstAid).getAttribute('data-status')).toBe('missing');
      await shot(page, 'audit-replay-training-matrix');
    }, 60_000);

    it('every page a DSL can reach labels its controls and shows where focus is', async () => {
      for (const route of [
        '/inbox',
        '/concerns',
        '/concerns/new',
        '/incidents/new',
        '/chronology',
        '/training',
        '/cover',
        '/audit/history',
        '/audit/replay',
        '/audit/verify',
        '/audit/views',
        '/overview',
        '/incidents',
        '/staff',
        '/pupils',
        '/cover/new',
        '/audits/team-teach',
      ]) {
        await dslPage.goto(`${p.baseUrl}/#${route}`);
        await dslPage.locator('h1').first().waitFor();
        await dslPage.waitForLoadState('networkidle');
        const problems = await accessibilityProblems(dslPage);
        expect({ route, problems }).toEqual({ route, problems: [] });
        await dslPage.keyboard.press('Tab');
        const focus = await focusOutline(dslPage);
        expect({ route, outline: focus.outlineStyle }).not.toEqual({ route, outline: 'none' });
        await expectAxeClean(dslPage, `dsl ${route}`);
        await shot(dslPage, `dsl-page${route.replaceAll('/', '-')}`);
      }
    }, 60_000);
  });
}
