import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestPlatform, TestStaff } from '#lib/testing';

/** Debian's Chromium; `CHROMIUM_PATH` points elsewhere (e.g. to check the not-run path). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = path.resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-results/screenshots');

/** Why the browser tests cannot run here, or null when they can. */
export function whyNotRunnable(): string | null {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (install Debian's chromium)`;
}

/** Builds apps/web when its sources are newer than apps/web/dist, so the tests never drive a stale build. */
export function buildWebApp(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-web.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    // We run as root; without the background-networking flags Chromium floods the closed network.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 900 };

export async function newContext(browser: Browser, viewport = DESKTOP): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    deviceScaleFactor: 1,
    hasTouch: viewport.width < 500,
    // Charts draw at once, so screenshots show them complete.
    reducedMotion: 'reduce',
  });
  // Browser files run beside each other and the rest of the suite on two cores: wait long enough for each condition.
  context.setDefaultTimeout(20_000);
  return context;
}

/** The server's fake clock follows real time, so what the browser sends is not "in the future". */
export function catchUp(p: TestPlatform): void {
  p.clock.set(new Date());
}

/** Signs in through the sign-in page, with the one-time code when the account needs one. */
export async function signIn(page: Page, p: TestPlatform, who: Pick<TestStaff, 'email' | 'password' | 'totpSecret'>, next?: string) {
  catchUp(p);
  await page.goto(`${p.baseUrl}/#/sign-in${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (who.totpSecret) {
    await page.getByLabel('One-time code').waitFor();
    await shot(page, 'sign-in-one-time-code');
    await page.getByLabel('One-time code').fill(p.totp(who.totpSecret));
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** A full-page PNG per page visited, under test-results/screenshots/ (git-ignored). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/**
 * Basic checks on the page as it is: every form control has an accessible name, and the first
 * control reached with Tab shows a visible focus indicator. Returns the problems found.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  for (const control of await page.locator('input:not([type=hidden]),select,textarea').all()) {
    const name = await control.evaluate((el: any) => {
      const doc = el.ownerDocument;
      const byIds = (ids: string | null) =>
        (ids ?? '')
          .split(/\s+/)
          .filter(Boolean)
          .map((id) => doc.getElementById(id)?.textContent ?? '')
          .join(' ');
      const forLabel = el.id ? doc.querySelector(`label[for="${(globalThis as any).CSS.escape(el.id)}"]`)?.textContent : '';
      const wrapping = el.closest('label')?.textContent ?? '';
      return [el.getAttribute('aria-label'), byIds(el.getAttribute('aria-labelledby')), forLabel, wrapping, el.getAttribute('title')]
        .map((t) => (t ?? '').trim())
        .find(Boolean);
    });
    if (!name) problems.push(`unlabelled control: ${await control.evaluate((el: any) => el.outerHTML.slice(0, 120))}`);
  }
  return problems;
}

/** Moves focus with Tab (from wherever it is) until the focused element matches `selector`. */
export async function tabTo(page: Page, selector: string, maxPresses = 80): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => (globalThis as any).document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The focused element's outline: visible focus means neither 'none' nor zero width. */
export async function focusOutline(page: Page): Promise<{ element: string; outlineStyle: string; outlineWidth: string }> {
  return page.evaluate(() => {
    const el = (globalThis as any).document.activeElement;
    const style = (globalThis as any).getComputedStyle(el);
    return { element: `${el.tagName.toLowerCase()}#${el.id}`, outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth };
  });
}

/** Registers a pupil through the API, as the DSL would. */
export async function registerPupil(p: TestPlatform, dsl: TestStaff, firstName: string, lastName: string): Promise<string> {
  const res = await p.http('POST', '/api/pupils', {
    token: dsl.token,
    body: { firstName, lastName, dateOfBirth: '2017-05-14', yearGroup: '3', sen: false, ehcp: false },
  });
  if (res.status !== 201) throw new Error(`pupil not registered: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core (WCAG 2.x A and AA rules, best practices) in the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated by the browser's debugging protocol: the app's CSP (no inline script) rightly refuses a <script> tag.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_INSTALL);
  return page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const result = await axe.run((globalThis as any).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => n.target.join(' ')).slice(0, 5),
    }));
  });
}

/** Page states checked with axe in this run (the report counts them). */
export const axeStates: string[] = [];

/** axe-core finds nothing on this page state; `state` names it in the failure and the count. */
export async function expectAxeClean(page: Page, state: string): Promise<void> {
  const violations = await axeViolations(page);
  axeStates.push(state);
  expect({ state, violations }).toEqual({ state, violations: [] });
}

/** Debian's firefox-esr, driven over WebDriver BiDi by puppeteer-core, for the second engine. */
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export function whyFirefoxNotRunnable(): string | null {
  return existsSync(FIREFOX) ? null : `${FIREFOX} is missing (apt-get install firefox-esr)`;
}

/** axe-core installed on the page's window from an evaluated expression (its UMD wrapper finds no module system there). */
export const AXE_INSTALL = `(() => { ${AXE_SOURCE}\n; return true; })()`;
