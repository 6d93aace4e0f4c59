/**
 * The status page of the last person in line, on a phone-sized headless
 * Chromium against a real hub whose site sends no texts: the join page offers
 * none, the status page says none are coming, and "I need more time" is only
 * offered once someone is behind (the hub would refuse it before), with the
 * reason shown until then.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeViolations, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-US' };

let hub: TestHub;
let chromium: TestBrowser;

beforeAll(async () => {
  [hub, chromium] = await Promise.all([startTestHub(), launchBrowser()]);
});

afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `wait-${name}.png`), fullPage: true, animations: 'disabled' });

describe('the last person in line, at a site without texts', () => {
  it('is told no texts are coming, and is offered more time only once someone is behind', async () => {
    const page = await (await chromium.browser.newContext(PHONE)).newPage();
    await page.goto(`${hub.httpUrl}/wait/?service=xray`);
    await page.getByText('This site does not send texts. After joining, keep this page open or bookmark it to see your place.').waitFor();
    expect(await page.getByLabel('Mobile number').count()).toBe(0);
    expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
    await shot(page, 'join-no-texts');
    await page.getByRole('button', { name: 'Join the line' }).click();

    await page.getByTestId('ticket').waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    expect(await page.getByTestId('texts').textContent()).toBe('No texts are coming: keep this page open or bookmark it to see your place.');
    // Alone in line: nothing to move back past, so no button that would only fail.
    expect(await page.getByRole('button', { name: 'I need more time' }).count()).toBe(0);
    expect(await page.locator('#more-time-details').textContent()).toBe(
      'Nobody is behind you in line yet, so there is no one to let go first. If you need longer, tell the front desk when you arrive.',
    );
    expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
    await shot(page, 'status-last-in-line');

    // Someone checks in at the kiosk behind them: now it can work, and says how far.
    expect((await hub.api('POST', '/entries', { serviceId: 'xray', channel: 'kiosk' })).status).toBe(201);
    const moreTime = page.getByRole('button', { name: 'I need more time' });
    await moreTime.waitFor();
    expect(await page.locator('#more-time-details').textContent()).toBe('Moves you back 1 place. You can ask 2 more times.');
    await moreTime.click();
    await expect.poll(() => page.getByTestId('place').textContent()).toBe('You are 2nd in line');
    expect(await page.getByRole('alert').filter({ hasText: /\S/ }).count()).toBe(0);
    expect(await moreTime.count()).toBe(0);
    await shot(page, 'status-moved-back');
  });
});
