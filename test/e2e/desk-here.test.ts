/**
 * Who is in the building, at the desk: a remote waiter who said "I'm here"
 * carries a tag, and H marks the selected caller as here (from the keyboard,
 * as the desk is used). Screenshots before and after go to test/artifacts/desk-here-*.png.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ARTIFACTS, axeViolations, launchBrowser, signInAtDesk, type TestBrowser } from '../helpers/browser.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';

let hub: TestHub;
let chromium: TestBrowser;

beforeAll(async () => {
  [hub, chromium] = await Promise.all([startTestHub(), launchBrowser()]);
});
afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
});

it('shows who is here, and H marks the selected caller as here', async () => {
  const remote = (await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'remote' })).body;
  const caller = (await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'phone', phone: '+15550001112' })).body;
  expect((await hub.api('POST', `/entries/${remote.entryId}/arrived`, { via: 'status-page' })).status).toBe(200);

  const page = await chromium.browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`${hub.httpUrl}/desk/`);
  await signInAtDesk(page, 'ana', 'demo-ana');
  await page.locator('.counter-choice', { hasText: 'Counter 1' }).click();
  const row = (ticket: string) => page.locator('button.entry', { hasText: ticket });
  await row(remote.ticket).locator('.tag-here').waitFor();
  expect(await row(remote.ticket).locator('.tag-here').textContent()).toMatch(/^Here since \d{1,2}:\d{2}/);
  expect(await row(caller.ticket).locator('.tag-here').count()).toBe(0);
  await page.screenshot({ path: `${ARTIFACTS}desk-here-before-1366x768.png` });

  await row(caller.ticket).click();
  await page.getByRole('button', { name: /Is here/ }).waitFor();
  await page.locator('body').press('h');
  await row(caller.ticket).locator('.tag-here').waitFor();
  expect((await hub.api('GET', `/entries/${caller.entryId}`)).body.arrivedAt).not.toBeNull();
  await expect.poll(() => page.getByRole('button', { name: /Is here/ }).count()).toBe(0);
  expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `${ARTIFACTS}desk-here-after-1366x768.png` });
});
