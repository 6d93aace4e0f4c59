/** A phone caller's turn at a counter: the desk says the contact center is calling them back. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, signInAtDesk, type TestBrowser } from '../helpers/browser.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';

let hub: TestHub;
let chromium: TestBrowser;

beforeAll(async () => {
  hub = await startTestHub();
  chromium = await launchBrowser();
});
afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
});

it('shows that a called phone caller is with the contact center', async () => {
  const caller = await hub.api('POST', '/contact-center/enroll', { requestId: 'cb-1', serviceId: 'lab', phone: '+15550001111' });
  expect(caller.body.ok).toBe(true);
  await hub.api('POST', '/counters/c1/status', { status: 'open' });
  expect((await hub.api('POST', '/counters/c1/call-next')).body.channel).toBe('phone');

  const page = await chromium.browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`${hub.httpUrl}/desk/`);
  await signInAtDesk(page, 'ana', 'demo-ana');
  await page.locator('.counter-choice', { hasText: 'Counter 1' }).click();
  await expect.poll(() => page.locator('.current-status').textContent()).toMatch(/contact center is calling this person back/);
});
