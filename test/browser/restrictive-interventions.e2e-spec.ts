import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FakeClock } from '#lib/core';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import {
  accessibilityProblems,
  axeStates,
  buildWebApp,
  catchUp,
  expectAxeClean,
  launchBrowser,
  newContext,
  PHONE,
  registerPupil,
  shot,
  signIn,
  whyNotRunnable,
} from './browser-harness.js';

/*
 * The 2026 regulations in Debian's Chromium against the real platform: a learning and behaviour
 * assistant records a seclusion on a phone without meeting a hold step and marks an injury on the
 * body map; only the DSL is offered the decision not to tell parents. The fake clock is kept at
 * real time, because the browser sends times from its own clock.
 */

const notRunnable = whyNotRunnable();

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

async function expectAccessible(page: Page, state: string): Promise<void> {
  expect(await accessibilityProblems(page)).toEqual([]);
  await expectAxeClean(page, `restrictive interventions ${state} #${axeStates.length + 1}`);
}

if (notRunnable) {
  console.log(`[browser] NOT RUN: ${notRunnable}`);
  describe('restrictive interventions in the browser', () => {
    it(`were NOT RUN: ${notRunnable}`, () => undefined);
  });
} else {
  describe('restrictive interventions in the browser (Chromium)', () => {
    let p: TestPlatform;
    let browser: Browser;
    const contexts: BrowserContext[] = [];
    let dsl: TestStaff;
    let lba: TestStaff;

    const open = async (viewport?: { width: number; height: number }) => {
      const context = await newContext(browser, viewport);
      contexts.push(context);
      return context.newPage();
    };

    beforeAll(async () => {
      buildWebApp();
      [p, browser] = await Promise.all([
        startTestPlatform({ label: 'browser_restrictive', clock: new FakeClock(new Date()) }),
        launchBrowser(),
      ]);
      dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl', name: 'Dana Lead' });
      lba = await p.createStaff({ school: 'oakfield', jobRole: 'learning_behaviour_assistant', name: 'Lara Behaviour' });
      await registerPupil(p, dsl, 'Amara', 'Okafor');
    }, 60_000);

    afterAll(async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser?.close();
      await p?.close();
    });

    it('a learning and behaviour assistant records a seclusion on a phone with no hold step and marks an injury on the body map', async () => {
      const page = await open(PHONE);
      await signIn(page, p, lba);
      await page.goto(`${p.baseUrl}/#/incidents/new`);
      await page.getByRole('heading', { name: 'Record a restrictive intervention' }).waitFor();
      const step = async (title: string, name: string) => {
        await page.getByRole('heading', { name: title, level: 2 }).waitFor();
        await expectAccessible(page, name);
        await shot(page, `seclusion-step-${name}`);
      };
      const next = () => page.getByRole('button', { name: 'Continue' }).click();

      await step('Pupil', '1-pupil');
      await page.getByLabel('Search pupils by name').fill('Okafor');
      await page.getByRole('button', { name: /Choose Amara Okafor/ }).click();
      await next();
      await step('Time and place', '2-time-place');
      await page.getByLabel('When did the intervention start?').fill(londonInput(new Date(Date.now() - 30 * 60_000)));
      await page.getByLabel('When did it end?').fill(londonInput(new Date(Date.now() - 20 * 60_000)));
      await page.getByLabel('Where did it happen?').fill('The calm room off the Year 3 corridor');
      await next();
      await step('Type of intervention and why', '3-type');
      await page.getByLabel('Seclusion', { exact: true }).check();
      await page.locator('#field-reason input[type=radio]').first().check();
      await next();

      // The staff step follows the type: no holds for a seclusion, and nowhere a step named for them.
      await step('Staff involved', '4-staff');
      expect(await page.getByText(/Holds used/).count()).toBe(0);
      expect(await page.locator('[id^="hold-"]').count()).toBe(0);
      expect(await page.getByRole('navigation', { name: 'Steps' }).textContent()).not.toMatch(/hold/i);
      await page.getByLabel('Name').selectOption(lba.id);
      await page.getByRole('button', { name: 'Add another person' }).click();
      await page.getByLabel('Agency staff or a volunteer (not on the list)').last().check();
      await page.getByLabel('Their name').fill('Jordan Mensah');
      await page.getByLabel('Their role').fill('Agency teaching assistant');
      await expectAccessible(page, '4-staff-agency');
      await next();
      await step('What happened before', '5-antecedents');
      await page.getByLabel('What happened before the intervention?').fill('Amara threw chairs at other pupils after a dispute at break.');
      await next();
      await step('De-escalation tried', '6-de-escalation');
      await page.locator('#field-deEscalation input[type=checkbox]').first().check();
      await next();

      await step('Injuries and aftercare', '7-injuries');
      await page.getByRole('button', { name: 'Add an injury' }).click();
      await page.getByLabel('The pupil', { exact: true }).check();
      await page.getByLabel('What was the injury?').fill('Red mark on the left wrist');
      // Tapped on the figure (front view): the region is a checkbox drawn as part of the body.
      const wrist = page.locator('[data-region="left_hand"]');
      await wrist.tap();
      await page.getByText(/Marked: Left hand\./).waitFor();
      expect(await wrist.getAttribute('aria-checked')).toBe('true');
      await page.getByLabel('First aid was given').check();
      await page.getByLabel('Aftercare given').fill('Quiet time with a familiar adult; water; calm within 10 minutes.');
      await expectAccessible(page, '7-injuries-marked');
      await shot(page, 'seclusion-body-map');
      await next();
      await step('Witnesses', '8-witnesses');
      await next();
      await step('Check and submit', '9-check');
      await page.getByText(/Jordan Mensah \(Agency teaching assistant\)/).waitFor();
      catchUp(p);
      await page.getByRole('button', { name: 'Record incident' }).click();
      await page.waitForURL(/#\/incidents\/[0-9a-f-]{36}/);
      const incidentId = /incidents\/([0-9a-f-]{36})/.exec(page.url())![1]!;

      // The record shows the type, the agency worker and the injury, and suggests a concern.
      await page.getByTestId('suggest-concern').waitFor();
      await page.getByText('Red mark on the left wrist', { exact: false }).first().waitFor();
      await page.getByText(/Jordan Mensah \(Agency teaching assistant\)/).waitFor();
      expect(await page.getByLabel(/I decide they are not told/).count()).toBe(0);
      await expectAccessible(page, 'seclusion-recorded');
      await shot(page, 'seclusion-recorded');

      const stored = await p.http('GET', `/api/incidents/${incidentId}`, { token: dsl.token });
      expect(stored.body).toMatchObject({
        interventionType: 'seclusion',
        staffInvolved: [
          { staffId: lba.id, holds: [] },
          { name: 'Jordan Mensah', roleDescription: 'Agency teaching assistant', holds: [] },
        ],
        injuries: [
          {
            person: 'pupil',
            description: 'Red mark on the left wrist',
            bodyMap: ['left_hand'],
            firstAidGiven: true,
            medicalAttention: false,
            riddorReportable: false,
          },
        ],
      });

      // The DSL alone is offered the decision not to tell parents, and it reads as an exemption.
      const dslPage = await open();
      await signIn(dslPage, p, dsl);
      await dslPage.goto(`${p.baseUrl}/#/incidents/${incidentId}`);
      await dslPage.getByLabel(/I decide they are not told/).check();
      await dslPage
        .getByLabel('Why would telling them put the child at risk of significant harm?')
        .fill('Section 47 enquiry open about the father.');
      await dslPage.getByLabel('Telling the parents would put the child at risk of significant harm').check();
      await expectAccessible(dslPage, 'exemption-form');
      catchUp(p);
      await dslPage.getByRole('button', { name: 'Record the decision not to tell parents' }).click();
      await dslPage
        .getByRole('region', { name: 'Follow-up' })
        .getByText(/Parents not told — decided by the DSL/)
        .waitFor();
      await expectAccessible(dslPage, 'exemption-recorded');
    }, 120_000);
  });
}
