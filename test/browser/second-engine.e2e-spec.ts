import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FakeClock } from '#lib/core';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import { AXE_INSTALL, buildWebApp, catchUp, FIREFOX, registerPupil, SCREENSHOTS, whyFirefoxNotRunnable } from './browser-harness.js';

/*
 * The concern and inbox journeys again in a second engine: Debian's Firefox ESR, driven over
 * WebDriver BiDi by puppeteer-core (no browser download). Says plainly when it cannot run.
 */

const notRunnable = whyFirefoxNotRunnable();

async function axeIn(page: Page, state: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_INSTALL);
  const violations = await page.evaluate(async () => {
    const result = await (globalThis as any).axe.run((globalThis as any).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v: any) => ({ id: v.id, nodes: v.nodes.map((n: any) => n.target.join(' ')).slice(0, 5) }));
  });
  expect({ state, violations }).toEqual({ state, violations: [] });
}

const text = (t: string) => `::-p-text(${t})`;

async function signInFirefox(page: Page, p: TestPlatform, who: TestStaff): Promise<void> {
  catchUp(p);
  await page.goto(`${p.baseUrl}/#/sign-in`);
  await page.locator('#field-email').fill(who.email);
  await page.locator('#field-password').fill(who.password);
  await page.locator('form button[type=submit]').click();
  if (who.totpSecret) {
    await page.waitForSelector('#field-totp');
    // Never the code the account's API sign-in just used: codes are single-use.
    await page.locator('#field-totp').fill(p.totp(who.totpSecret));
    await page.locator('form button[type=submit]').click();
  }
  await page.waitForSelector(text('Sign out'));
}

if (notRunnable) {
  console.log(`[browser] second engine NOT RUN: ${notRunnable}`);
  describe('second engine (Firefox over WebDriver BiDi)', () => {
    it(`was NOT RUN: ${notRunnable}`, () => undefined);
  });
} else {
  describe('second engine (Firefox ESR over WebDriver BiDi)', () => {
    let p: TestPlatform;
    let browser: Browser;
    let dsl: TestStaff;
    let ta: TestStaff;

    beforeAll(async () => {
      buildWebApp();
      [p, browser] = await Promise.all([
        startTestPlatform({ label: 'browser_firefox', clock: new FakeClock(new Date()) }),
        puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true }),
      ]);
      console.log(`[browser] second engine: ${await browser.version()} over WebDriver BiDi`);
      dsl = await p.createStaff({ school: 'oakfield', roles: ['dsl'], jobRole: 'dsl', name: 'Dana Lead' });
      ta = await p.createStaff({ school: 'oakfield', jobRole: 'teaching_assistant', name: 'Tom Assistant' });
      await registerPupil(p, dsl, 'Amara', 'Okafor');
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await p?.close();
    });

    it('a TA raises a concern on a phone-sized window, with the body map, and the DSL’s inbox shows it live, named and first', async () => {
      const inbox = await (await browser.createBrowserContext()).newPage();
      await inbox.setViewport({ width: 1280, height: 900 });
      await signInFirefox(inbox, p, dsl);
      await inbox.goto(`${p.baseUrl}/#/inbox`);
      await inbox.waitForSelector(text('connected'));
      await axeIn(inbox, 'firefox: empty inbox');

      const phone = await (await browser.createBrowserContext()).newPage();
      await phone.setViewport({ width: 375, height: 812 });
      await signInFirefox(phone, p, ta);
      await phone.waitForSelector(text('Raise a safeguarding concern'));
      await axeIn(phone, 'firefox: concern form');
      await phone.locator('input[type=search]').fill('Okaf');
      await phone.locator(text('Add Amara Okafor')).click();
      await phone.waitForSelector('.chosen');
      await phone.locator('#category-physical_abuse').click();
      await phone.locator('#urgency-urgent').click();
      await phone.locator('#field-summary').fill('Bruise on her cheek, said she fell');
      await phone.locator('#field-details').fill('Amara said "I fell" but would not look at me.');
      await phone.locator(text('Body map (optional)')).click();
      // The body map by keyboard: from its heading, Tab past the head to the face, and press Space.
      await phone.focus('#field-bodyMap summary');
      await phone.keyboard.press('Tab');
      await phone.keyboard.press('Tab');
      expect(await phone.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('data-region'))).toBe('face');
      await phone.keyboard.press(' ');
      await phone.waitForSelector('[data-region="face"][aria-checked="true"]');
      await phone.locator('#region-note-face').fill('Yellowing bruise, left cheek');
      await axeIn(phone, 'firefox: concern form filled');
      await phone.screenshot({ path: `${SCREENSHOTS}/firefox-concern-form-filled.png`, fullPage: true });
      catchUp(p);
      await phone.locator(text('Send to the DSL')).click();
      await phone.waitForSelector(text('Concern sent to the DSL'));
      await axeIn(phone, 'firefox: concern sent');

      const card = await inbox.waitForSelector('[data-testid=alert] ::-p-text(Pupil: )', { timeout: 20_000 });
      expect(card).not.toBeNull();
      const first = await inbox.$eval('[data-testid=alert]', (el: any) => el.textContent as string);
      expect(first).toMatch(/Amara Okafor[\s\S]*Physical abuse/);
      await axeIn(inbox, 'firefox: inbox with the new concern');
      await inbox.screenshot({ path: `${SCREENSHOTS}/firefox-inbox-live.png`, fullPage: true });

      const stored = (await p.http('GET', '/api/concerns', { token: dsl.token })).body as { summary: string; bodyMap?: unknown }[];
      expect(stored.filter((c) => c.summary === 'Bruise on her cheek, said she fell')).toHaveLength(1);
    }, 120_000);
  });
}
