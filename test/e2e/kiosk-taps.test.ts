/**
 * Double taps on the kiosk, on a touch screen (headless Chromium with touch
 * emulation) against a real in-process hub: the second tap of a double tap,
 * 100 or 250 ms after the first, in portrait and landscape, never acts on the
 * screen the first tap brought up. "Touch to start" shows the services and
 * chooses none; a service card shows the texts offer and gets no ticket; "No
 * text, just my ticket" gets one ticket and stays on it. Each second tap is
 * known to have arrived (its touch counted in the page, and the new screen
 * settled) before the check that it did nothing. Screenshots go to
 * test/artifacts/kiosk-taps-*.png.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryView } from '../../hub/contract/index.ts';
import { ARTIFACTS, launchDisplayBrowser } from '../helpers/browser.ts';
import { DEMO_PASSWORDS, startTestHub, type TestHub } from '../helpers/hub.ts';

const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };

let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  [hub, browser] = await Promise.all([startTestHub(), launchDisplayBrowser({ soundWithoutTap: false })]);
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function entryCount(): Promise<number> {
  const response = await hub.api('GET', '/entries');
  expect(response.status).toBe(200);
  return (response.body as EntryView[]).length;
}

/** The kiosk on a touch screen, connected, counting every touch that ends on the page. */
async function openTouchKiosk(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, hasTouch: true });
  const page = await context.newPage();
  await page.addInitScript(() => {
    const counted = window as unknown as { touches: number };
    counted.touches = 0;
    window.addEventListener('touchend', () => counted.touches++, true);
  });
  await page.goto(`${hub.httpUrl}/kiosk/?device=kiosk-1&key=${DEMO_PASSWORDS['kiosk-1']}`);
  await page.getByRole('button', { name: 'Touch to start' }).waitFor({ timeout: 10_000 });
  await expect.poll(() => page.locator('.status-line').textContent(), { timeout: 10_000 }).toBe('');
  return page;
}

const touches = (page: Page) => page.evaluate(() => (window as unknown as { touches: number }).touches);
const screenName = (page: Page) => page.locator('main').getAttribute('class');

/** A point on an element: its centre, or lower down with `down` (0 top … 1 bottom). */
async function pointOn(page: Page, selector: string, nth = 0, down = 0.5): Promise<{ x: number; y: number }> {
  const box = (await page.locator(selector).nth(nth).boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height * down };
}

/**
 * Two taps on one spot, `gapMs` apart; resolves once the page has had both
 * touches (a tap on a disabled button makes no click, so touches are counted).
 * The taps carry their touch times, `gapMs` apart, as a touch screen stamps
 * them: on a busy machine the second may reach the page later, as on a busy kiosk.
 */
async function doubleTap(page: Page, at: { x: number; y: number }, gapMs: number): Promise<void> {
  const before = await touches(page);
  const screen = await page.context().newCDPSession(page);
  const firstAt = Date.now() / 1000;
  const tapAt = async (touchedAt: number) => {
    await screen.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at], timestamp: touchedAt });
    await screen.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [], timestamp: touchedAt + 0.05 });
  };
  await tapAt(firstAt);
  await page.waitForTimeout(gapMs);
  await tapAt(firstAt + gapMs / 1000);
  await screen.detach();
  await expect.poll(() => touches(page), { timeout: 5_000 }).toBe(before + 2);
}

/** Once the screen now shown takes taps: by then whatever the second tap did has been done. */
const settled = (page: Page) => page.locator('main[data-settled="true"]').waitFor();

/** What a tap at `at` would hit on the screen now shown, once it takes taps. */
async function underFinger(page: Page, at: { x: number; y: number }): Promise<string> {
  await settled(page);
  return page.evaluate(({ x, y }) => {
    const button = document.elementFromPoint(x, y)?.closest('button');
    return button ? `${button.className}: ${button.textContent?.trim()}` : 'no button';
  }, at);
}

describe('a double tap on the kiosk acts once, on the screen it was meant for', () => {
  // Where on the services a tap is followed by one on a key or a ticket button of the texts offer, in each layout.
  for (const [layout, viewport, cardIndex, cardDown] of [
    ['portrait', PORTRAIT, 0, 0.5],
    ['landscape', LANDSCAPE, 2, 0.8],
  ] as const) {
    for (const gapMs of [100, 250]) {
      it(`${layout}, ${gapMs} ms between taps`, async () => {
        const page = await openTouchKiosk(viewport);
        const entriesBefore = await entryCount();

        // "Touch to start", twice: the services, none chosen, although a service card lies under the finger.
        const start = await pointOn(page, 'button.huge');
        await doubleTap(page, start, gapMs);
        await page.getByRole('heading', { name: 'What are you here for?' }).waitFor();
        expect(await screenName(page)).toContain('screen-service');
        expect(await underFinger(page, start)).toMatch(/^service: /);
        expect(await screenName(page)).toContain('screen-service');
        if (gapMs === 250) await page.screenshot({ path: join(ARTIFACTS, `kiosk-taps-after-start-${layout}.png`) });

        // A service card, twice: the texts offer, nothing typed, no ticket, although a button of the offer lies under the finger.
        const card = await pointOn(page, 'button.service', cardIndex, cardDown);
        await doubleTap(page, card, gapMs);
        await page.getByRole('heading', { name: 'Want a text when you are next?' }).waitFor();
        expect(await screenName(page)).toContain('screen-phone');
        expect(await page.getByLabel('Mobile number').inputValue()).toBe('');
        expect(await screenName(page)).toContain('screen-phone');
        expect(await entryCount()).toBe(entriesBefore);
        if (gapMs === 250) await page.screenshot({ path: join(ARTIFACTS, `kiosk-taps-after-card-${layout}.png`) });
        expect(await underFinger(page, card)).toMatch(/^(key|primary): /);

        // "No text, just my ticket", twice: one ticket, and it stays on screen (no "Done" or "Print again" from the second tap).
        const noText = await pointOn(page, 'button:text("No text, just my ticket")');
        await doubleTap(page, noText, gapMs);
        await page.getByTestId('ticket').waitFor({ timeout: 5_000 });
        await settled(page);
        expect(await screenName(page)).toContain('screen-ticket');
        expect(await entryCount()).toBe(entriesBefore + 1);
        await page.context().close();
      }, 60_000);
    }
  }

  it('takes a single tap as soon as the new screen has settled', async () => {
    const page = await openTouchKiosk(PORTRAIT);
    await page.touchscreen.tap(...Object.values(await pointOn(page, 'button.huge')) as [number, number]);
    await page.locator('main.screen-service[data-settled="true"]').waitFor();
    await page.touchscreen.tap(...Object.values(await pointOn(page, 'button.service')) as [number, number]);
    await page.getByRole('heading', { name: 'Want a text when you are next?' }).waitFor();
    await page.context().close();
  });
});
