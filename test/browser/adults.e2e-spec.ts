import type { Browser, BrowserContext } from 'playwright-core';
import { FakeClock } from '#lib/core';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import {
  axeStates,
  buildWebApp,
  catchUp,
  expectAxeClean,
  launchBrowser,
  newContext,
  PHONE,
  shot,
  signIn,
  whyNotRunnable,
} from './browser-harness.js';

/*
 * Issue 13's journey in Debian's Chromium: a teaching assistant on a phone raises a low-level concern
 * about a member of staff, with no pupil; the headteacher, as case manager, sees it with who raised
 * it; the adult it is about, signed in, finds nothing of it anywhere in the app.
 */

const notRunnable = whyNotRunnable();

if (notRunnable) {
  console.log(`[browser] NOT RUN: ${notRunnable}`);
  describe('concerns about adults in the browser', () => {
    it(`were NOT RUN: ${notRunnable}`, () => undefined);
  });
} else {
  describe('concerns about adults in the browser (Chromium)', () => {
    let p: TestPlatform;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    let head: TestStaff;
    let dsl: TestStaff;
    let ta: TestStaff;
    let adult: TestStaff;
    const summary = 'Kept a pupil back alone in the music room again';

    const open = async (viewport?: { width: number; height: number }) => {
      const context = await newContext(browser, viewport);
      context.setDefaultTimeout(20_000);
      contexts.push(context);
      return context.newPage();
    };

    beforeAll(async () => {
      buildWebApp();
      [p, browser] = await Promise.all([startTestPlatform({ label: 'browser_adults', clock: new FakeClock(new Date()) }), launchBrowser()]);
      head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher', name: 'Helen Head' });
      dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl', name: 'Dina Lead' });
      ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant', name: 'Tasha Assistant' });
      adult = await p.createStaff({ school: 'oakfield', jobRole: 'teacher', name: 'Morgan Music' });
    }, 90_000);

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser?.close();
      await p?.close();
      console.log(`[browser] axe-core: 0 violations on ${axeStates.length} page states of the concerns-about-adults journey`);
    });

    it('a TA on a phone raises a low-level concern about an adult, no pupil: the case manager sees it, the adult nothing', async () => {
      const phone = await open(PHONE);
      await signIn(phone, p, ta, '/concerns/new');
      await phone.getByRole('heading', { name: 'Raise a safeguarding concern' }).waitFor();
      const started = Date.now();
      await phone.getByLabel('A member of staff').check();
      await phone.getByLabel('Which member of staff?').selectOption({ label: 'Morgan Music (Teacher)' });
      await phone.getByLabel('No: a low-level concern').check();
      await expectAxeClean(phone, 'concern form, about an adult');
      await shot(phone, 'adults-concern-form-phone');
      await phone.getByLabel('Other', { exact: true }).check();
      await phone.getByLabel('Summary in one line').fill(summary);
      await phone.getByLabel('What was seen or heard').fill('Third time this month; the door was shut.');
      // The server's fake clock follows real time up to now, so the minute the form shows is not in its future.
      catchUp(p);
      await phone.getByRole('button', { name: 'Send to the headteacher' }).click();
      await phone.getByRole('heading', { name: 'Concern sent' }).waitFor();
      console.log(`[browser] a concern about an adult, from a phone, sent in ${Date.now() - started} ms of form filling`);
      await expectAxeClean(phone, 'concern about an adult sent');
      await shot(phone, 'adults-concern-sent-phone');
      expect(await phone.getByRole('status').first().textContent()).toContain('The person it is about is not told');

      // The case manager: in the inbox, in the view of concerns about adults, and the concern with who raised it.
      const desk = await open();
      await signIn(desk, p, head, '/allegations');
      await desk.getByRole('heading', { name: 'Concerns about adults' }).waitFor();
      await desk.getByRole('heading', { name: 'Morgan Music (Teacher)' }).waitFor();
      await expectAxeClean(desk, 'case manager’s concerns about adults');
      await shot(desk, 'adults-case-manager-view');
      await desk.getByRole('link', { name: summary }).click();
      await desk.getByRole('heading', { name: summary }).waitFor();
      await desk.getByText('Low-level concern').first().waitFor();
      await desk.getByText('Tasha Assistant').first().waitFor();
      await expectAxeClean(desk, 'case manager’s concern about an adult');
      await shot(desk, 'adults-case-manager-concern');
      await desk.goto(`${p.baseUrl}/#/inbox`);
      await desk
        .getByText(/low-level concern about an adult/i)
        .first()
        .waitFor();

      // The DSL is not the case manager: nothing in the inbox or the concerns.
      const dslPage = await open();
      await signIn(dslPage, p, dsl, '/concerns');
      await dslPage.getByRole('heading', { name: 'Concerns' }).waitFor();
      await dslPage.waitForLoadState('networkidle');
      expect(await dslPage.content()).not.toContain(summary);

      // The adult concerned: every screen their home offers, and the concern's own address, show nothing.
      const theirs = await open();
      await signIn(theirs, p, adult, '/');
      const screens = await theirs
        .locator('main a[href^="#/"]')
        .evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute('href')!))]);
      expect(screens.length).toBeGreaterThan(0);
      const concernId = (await p.http('GET', '/api/concerns', { token: head.token })).body.find(
        (c: { summary?: string }) => c.summary === summary,
      ).id as string;
      for (const path of ['#/', ...screens, `#/concerns/${concernId}`, '#/allegations', '#/inbox']) {
        await theirs.goto(`${p.baseUrl}/${path}`);
        await theirs.waitForLoadState('networkidle');
        await theirs.locator('main').waitFor();
        const text = await theirs.locator('body').innerText();
        // Forms list the school's staff to choose from (the reporter among them): there only the concern itself is looked for.
        const picker = path === '#/concerns/new' || path === '#/incidents/new';
        for (const needle of [summary, 'Third time this month', concernId, ...(picker ? [] : ['Tasha Assistant'])])
          expect({ path, shows: text.includes(needle) ? needle : null }).toEqual({ path, shows: null });
      }
      await shot(theirs, 'adults-the-adult-sees-nothing');
    }, 240_000);

    it('the case manager records the LADO referral, the advice and the outcome of an allegation', async () => {
      const raised = await p.http('POST', '/api/concerns', {
        token: ta.token,
        body: {
          pupilIds: [],
          categories: ['physical_abuse'],
          summary: 'Grabbed a pupil by the arm in the corridor',
          details: 'The pupil cried; I saw a red mark.',
          occurredAt: p.clock.now().toISOString(),
          urgency: 'urgent',
          informedDslVerbally: false,
          aboutAdult: { staffId: adult.id },
        },
      });
      expect(raised.status).toBe(201);
      const page = await open();
      await signIn(page, p, head, `/concerns/${raised.body.id}`);
      await page.getByRole('heading', { name: 'Referral to the LADO and the outcome' }).waitFor();
      await page.getByLabel('Designated officer spoken to').fill('Alex Officer');
      await page.getByLabel('The LADO’s reference (optional)').fill('LADO/26/7');
      await page.getByLabel('The advice given').fill('Strategy meeting on Thursday; no contact with the class meanwhile');
      await expectAxeClean(page, 'LADO referral form');
      // The LADO's form, not the agency referrals' beside it.
      await page
        .getByRole('form', { name: /^Record the referral to the/ })
        .getByRole('button', { name: 'Record the referral' })
        .click();
      await page.getByText('Strategy meeting on Thursday; no contact with the class meanwhile').first().waitFor();
      await page.getByLabel('Unsubstantiated').check();
      await page.getByLabel('Why', { exact: true }).fill('No witness beyond the pupil; no injury found by the nurse');
      await expectAxeClean(page, 'allegation outcome form');
      await shot(page, 'adults-lado-and-outcome-forms');
      await page.getByRole('button', { name: 'Record the outcome' }).click();
      await page.getByText('Unsubstantiated, decided').waitFor();
      await expectAxeClean(page, 'allegation with its referral and outcome');
      await shot(page, 'adults-allegation-decided');
    }, 120_000);
  });
}
