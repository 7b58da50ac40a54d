import type { Browser, BrowserContext } from 'playwright-core';
import { FakeClock } from '#lib/core';
import {
  RI_SEED_TERM,
  seedRestrictiveInterventionsTerm,
  startTestPlatform,
  type SeededInterventionsTerm,
  type TestPlatform,
  type TestStaff,
} from '#lib/testing';
import {
  axeStates,
  buildWebApp,
  catchUp,
  DESKTOP,
  expectAxeClean,
  launchBrowser,
  newContext,
  shot,
  signIn,
  whyNotRunnable,
} from './browser-harness.js';

/*
 * Issue 15's report in Debian's Chromium: the headteacher opens the restrictive-interventions report
 * for a seeded half term and sees the charts, each with its numbers in a table beside it; the
 * behaviour support plan shows on the pupil's page.
 */

const notRunnable = whyNotRunnable();

if (notRunnable) {
  console.log(`[browser] NOT RUN: ${notRunnable}`);
  describe('the restrictive-interventions report in the browser', () => {
    it(`was NOT RUN: ${notRunnable}`, () => undefined);
  });
} else {
  describe('the restrictive-interventions report in the browser (Chromium)', () => {
    let p: TestPlatform;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    let head: TestStaff;
    let dsl: TestStaff;
    let seed: SeededInterventionsTerm;

    beforeAll(async () => {
      buildWebApp();
      [p, browser] = await Promise.all([startTestPlatform({ label: 'browser_ri', clock: new FakeClock(new Date()) }), launchBrowser()]);
      head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher', name: 'Helen Head' });
      dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl', name: 'Dina Lead' });
      seed = await seedRestrictiveInterventionsTerm(p, dsl);
      catchUp(p);
      const plan = await p.http('POST', `/api/pupils/${seed.pupils.P1}/behaviour-support-plan`, {
        token: dsl.token,
        body: {
          summary: 'Loud noise is a trigger: offer ear defenders and the quiet room first.',
          reviewDueOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        },
      });
      expect(plan.status).toBe(201);
      await p.settle();
    }, 240_000);

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser?.close();
      await p?.close();
      console.log(`[browser] axe-core: 0 violations on ${axeStates.length} page states of the restrictive-interventions journey`);
    });

    it('the head opens the report for the term: charts drawn, their numbers in tables beside them, axe clean', async () => {
      const context = await newContext(browser, DESKTOP);
      contexts.push(context);
      const page = await context.newPage();
      await signIn(page, p, head, '/reports/restrictive-interventions');
      await page.getByRole('heading', { name: 'Restrictive interventions' }).waitFor();
      await page.getByLabel('From', { exact: true }).fill(RI_SEED_TERM.from);
      await page.getByLabel('To', { exact: true }).fill(RI_SEED_TERM.to);
      const summary = page.getByRole('list', { name: 'Summary' });
      await summary.getByText('14').waitFor();
      // Each chart is drawn (SVG) and named in words.
      const bySex = page.getByRole('img', { name: /^By sex\./ });
      await bySex.waitFor();
      expect(await bySex.locator('svg').count()).toBeGreaterThan(0);
      expect(await bySex.getAttribute('aria-label')).toBe('By sex. Female: 4; Male: 7; Not known: 2; Not recorded: 1');
      // …and beside it, the same numbers in a table that is open from the start.
      for (const row of ['Male 7', 'Female 4', 'Physical restraint 9', 'Seclusion 2']) {
        expect(await page.getByRole('row', { name: row, exact: true }).isVisible()).toBe(true);
      }
      expect(await page.getByRole('row', { name: 'EHC plan 4', exact: true }).isVisible()).toBe(true);
      expect(await page.getByRole('row', { name: 'Year 4 7', exact: true }).isVisible()).toBe(true);
      expect(await page.getByRole('row', { name: 'Sam Okoro 7', exact: true }).isVisible()).toBe(true);
      expect(await page.getByRole('row', { name: 'Alfie Seed 4', exact: true }).isVisible()).toBe(true);
      await expectAxeClean(page, 'restrictive-interventions report');
      await shot(page, 'restrictive-interventions-report');

      // The repeat pupil's page shows the plan the repeat-restraint alert asks to review.
      await page.getByRole('link', { name: 'Alfie Seed' }).click();
      await page.getByRole('heading', { name: 'Behaviour support plan' }).waitFor();
      await page.getByRole('paragraph').filter({ hasText: 'offer ear defenders and the quiet room first' }).waitFor();
      await expectAxeClean(page, 'pupil page with the behaviour support plan');
      await shot(page, 'behaviour-support-plan');
    });
  });
}
