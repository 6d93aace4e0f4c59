/**
 * "I'm here" on the status page in headless Chromium: a remote waiter who
 * comes into the building taps it, the hub records the arrival, and the page
 * says staff know; in English and in Spanish. Screenshots before and after go
 * to test/artifacts/wait-here-*.png; every screen passes axe.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EntryView } from '../../hub/contract/index.ts';
import { ARTIFACTS, axeViolations, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let hub: TestHub;
let chromium: TestBrowser;
let browser: Browser;

beforeAll(async () => {
  [hub, chromium] = await Promise.all([startTestHub(), launchBrowser()]);
  browser = chromium.browser;
  expect((await hub.api('POST', '/counters/c1/status', { status: 'open' })).status).toBe(200);
});
afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
});

async function joinRemotely(language: string, requestId: string): Promise<{ ticket: string; token: string }> {
  const response = await fetch(`${hub.httpUrl}/wait/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'lab', language, requestId }),
  });
  return (await response.json()) as { ticket: string; token: string };
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.map((v) => `${screen}: ${v.id} (${v.impact})`)).toEqual([]);
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}wait-here-${name}.png`, fullPage: true, animations: 'disabled' });

it.each([
  ['en', 'en-US', 'I’m here', 'Thanks, the staff know you are here. Please wait in the waiting area.'],
  ['es', 'es-MX', 'Ya llegué', 'Gracias, el personal sabe que ya llegó. Espere en la sala de espera.'],
])('lets a remote waiter say "I\'m here" (%s)', async (language, locale, button, noted) => {
  const { ticket, token } = await joinRemotely(language, `wait-here-${language}-1`);
  const context = await browser.newContext({ ...PHONE, locale });
  const page = await context.newPage();
  await page.goto(`${hub.httpUrl}/wait/#${token}`);
  await page.getByTestId('ticket').waitFor();
  await expectAccessible(page, `${language} before`);
  await shot(page, `${language}-before`);

  await page.getByRole('button', { name: button }).click();
  await page.getByRole('status').filter({ hasText: noted }).waitFor();
  expect(await page.getByRole('button', { name: button }).count()).toBe(0);
  const entry = ((await hub.api('GET', '/entries?status=waiting')).body as EntryView[]).find((e) => e.ticket === ticket)!;
  expect(entry.arrivedAt).not.toBeNull();
  await expectAccessible(page, `${language} after`);
  await shot(page, `${language}-after`);
  await context.close();
});
