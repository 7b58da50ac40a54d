import { startTestPlatform, type TestPlatform } from '#lib/testing';
import { Notifier } from './notifier.js';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ label: 'no_smtp', captureLogs: true });
}, 60_000);
afterAll(async () => p.close());

it('without SMTP_URL no email is sent, and the log says so', async () => {
  expect(p.app.get(Notifier).enabled).toBe(false);
  expect(await p.app.get(Notifier).runOnce()).toEqual({ queued: 0, sent: 0, failed: 0 });
  expect(await p.logs()).toContain('SMTP_URL is not set: no email alerts will be sent');
});
