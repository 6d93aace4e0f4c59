/**
 * A phone caller's callback that nobody reports on, seen at the desk in
 * headless Chromium: while it runs the counter shows the contact center is
 * calling; once the site's answer time has passed on the hub's clock, the
 * counter is free and Activity says why, in English and Spanish.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ARTIFACTS, launchBrowser, signInAtDesk } from '../helpers/browser.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';
import { until } from '../helpers/until.ts';

const clock = { now: Date.parse('2026-03-02T15:00:00Z') };
let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  [hub, browser] = await Promise.all([startTestHub({ clock: () => clock.now, callbackCheckMs: 50 }), launchBrowser().then((b) => b.browser)]);
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function signIn(locale: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale })).newPage();
  await page.goto(`${hub.httpUrl}/desk/`);
  await signInAtDesk(page, 'ana', 'demo-ana');
  return page;
}

it('frees the counter when a callback times out, and Activity says so', async () => {
  const caller = await hub.api('POST', '/contact-center/enroll', { requestId: 'cb-1', serviceId: 'lab', phone: '+15550001111' });
  const entryId = caller.body.result.entryId;
  await hub.api('POST', '/counters/c1/status', { status: 'open' });
  expect((await hub.api('POST', '/counters/c1/call-next')).body.channel).toBe('phone');

  const page = await signIn('en-US');
  await page.locator('.counter-choice', { hasText: 'Counter 1' }).click();
  await expect.poll(() => page.locator('.current-status').textContent()).toMatch(/contact center is calling this person back/);
  expect(await page.locator('.current-status .callback-deadline').textContent()).toBe(' · attempt 1: with no outcome by 10:10 AM, the hub frees this counter');
  await page.screenshot({ path: `${ARTIFACTS}desk-callback-pending-1366x768.png` });

  clock.now += 10 * 60_000;
  await until(() => hub.engine.state.entries[entryId]!.status === 'no_show' || hub.engine.state.entries[entryId]!.status === 'waiting', 'the time-out');
  await page.getByRole('link', { name: 'Activity' }).click();
  const line = page.locator('.activity-table tr', { hasText: 'Callback to L-001, attempt 1: no outcome reported in time, the counter was freed' });
  await line.waitFor();
  expect(await line.locator('.who').textContent()).toBe('Hub');
  await page.screenshot({ path: `${ARTIFACTS}desk-callback-timed-out-activity-1366x768.png` });

  const spanish = await signIn('es-MX');
  await spanish.getByRole('link', { name: 'Actividad' }).click();
  await spanish.locator('.activity-table tr', { hasText: 'Llamada de vuelta a L-001, intento 1: nadie informó el resultado a tiempo, se liberó la ventanilla' }).waitFor();
  await spanish.screenshot({ path: `${ARTIFACTS}desk-callback-timed-out-activity-es-1366x768.png` });
});
