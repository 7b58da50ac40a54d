import type { Browser, BrowserContext } from 'playwright-core';
import { FakeClock } from '#lib/core';
import { upnCheckLetter } from '#lib/mis-import';
import { startTestPlatform, type TestPlatform, type TestStaff } from '#lib/testing';
import { axeStates, buildWebApp, expectAxeClean, launchBrowser, newContext, shot, signIn, whyNotRunnable } from './browser-harness.js';

/*
 * Issue 20's import wizard in Debian's Chromium: the headteacher chooses a SIMS export, reads the
 * dry run's table — each row to create, and each rejected row with its reason — and imports it.
 */

const notRunnable = whyNotRunnable();
const upn = (serial: string) => `${upnCheckLetter(`09320011${serial}`)}09320011${serial}`;

if (notRunnable) {
  console.log(`[browser] NOT RUN: ${notRunnable}`);
  describe('the MIS import wizard in the browser', () => {
    it(`was NOT RUN: ${notRunnable}`, () => undefined);
  });
} else {
  describe('the MIS import wizard in the browser (Chromium)', () => {
    let p: TestPlatform;
    let browser: Browser;
    let context: BrowserContext;
    let head: TestStaff;

    beforeAll(async () => {
      buildWebApp();
      [p, browser] = await Promise.all([startTestPlatform({ label: 'browser_import', clock: new FakeClock(new Date()) }), launchBrowser()]);
      head = await p.createStaff({ school: 'oakfield', roles: ['headteacher'], jobRole: 'headteacher', name: 'Helen Head' });
      context = await newContext(browser);
      context.setDefaultTimeout(20_000);
    }, 90_000);

    afterAll(async () => {
      await context?.close().catch(() => undefined);
      await browser?.close();
      await p?.close();
      console.log(`[browser] axe-core: 0 violations on ${axeStates.length} page states of the import journey`);
    });

    it('the headteacher checks a SIMS export row by row, sees the rejected rows with reasons, and imports the rest', async () => {
      const csv = [
        'UPN,Legal Surname,Legal Forename,DOB,Year,SEN Status',
        `${upn('6001')},Brown,Mia,04/05/2017,Year 3,N`,
        `${upn('6002')},Okafor,Amara,14/05/2017,Year 3,K`,
        `,Nobody,Nia,01/01/2017,Year 3,N`,
        `${upn('6003')},Smith,Leo,31/02/2017,Year 3,N`,
      ].join('\n');
      const page = await context.newPage();
      await signIn(page, p, head, '/imports');
      await page.getByRole('heading', { name: 'Import from the MIS' }).waitFor();
      await expectAxeClean(page, 'import wizard, empty');
      await page.getByLabel('CSV export').setInputFiles({ name: 'sims-students.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.getByRole('heading', { name: 'What the import would do' }).waitFor();
      expect(await page.getByTestId('import-counts').textContent()).toBe('2 to create, 0 to change, 0 unchanged, 2 rejected.');
      const rows = await page.getByTestId('import-table').locator('tbody tr').allTextContents();
      expect(rows).toEqual([
        `2CreateMia Brown (${upn('6001')})`,
        `3CreateAmara Okafor (${upn('6002')})`,
        '4RejectedUPN missing',
        '5Rejecteddate of birth "31/02/2017" is not a date',
      ]);
      const before = await p.eventCount();
      await expectAxeClean(page, 'import wizard, dry-run table');
      await shot(page, 'mis-import-dry-run');
      await page.getByRole('button', { name: 'Import 2 pupils' }).click();
      await page.getByRole('heading', { name: 'Imported' }).waitFor();
      await page.getByText('2 created, 0 changed, 0 unchanged, 2 rejected (not imported).').waitFor();
      expect(await p.eventCount()).toBe(before + 2);
      await expectAxeClean(page, 'import wizard, imported');
    });
  });
}
