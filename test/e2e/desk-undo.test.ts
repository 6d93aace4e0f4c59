/**
 * Undo at the desk in headless Chromium against a real hub: X marks a no-show
 * at once and the notice offers Undo; U puts the person back at their place by
 * arrival; a done is undone from Activity, and the trail says who did it.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeViolations, launchBrowser, signInAtDesk } from '../helpers/browser.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';

describe('undo at the desk', () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;

  const rowTickets = () => page.locator('.service-line ol.line > li').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.ticket));
  const statusOf = async (ticket: string) => ((await hub.api('GET', '/entries')).body as { ticket: string; status: string }[]).find((e) => e.ticket === ticket)!.status;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    [hub, browser] = await Promise.all([startTestHub(), launchBrowser().then((b) => b.browser)]);
    for (const channel of ['kiosk', 'remote', 'kiosk', 'desk']) await hub.api('POST', '/entries', { serviceId: 'lab', channel });
    await hub.api('POST', '/counters/c1/status', { status: 'open' });
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await page.goto(`${hub.httpUrl}/desk/`);
    await signInAtDesk(page, 'ana', 'demo-ana');
    await page.locator('.counter-choice', { hasText: 'Counter 1' }).click();
    await page.locator('.at-counter h1', { hasText: 'At Counter 1' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  it('X marks a no-show at once, the notice offers Undo, and U puts them back in their place', async () => {
    await page.keyboard.press('n');
    await page.locator('.current .ticket', { hasText: 'L-001' }).waitFor();
    await page.keyboard.press('x');
    const notice = page.locator('.notice-ok', { hasText: 'L-001 marked as no-show' });
    await notice.waitFor();
    expect(await statusOf('L-001')).toBe('no_show');
    expect(await notice.getByRole('button', { name: 'Undo' }).getAttribute('aria-keyshortcuts')).toBe('U');
    expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}desk-undo-offered-1366x768.png` });

    await page.keyboard.press('u');
    await page.locator('.notice-ok', { hasText: 'L-001 is back in line at place 1' }).waitFor();
    expect(await statusOf('L-001')).toBe('waiting');
    await expect.poll(rowTickets).toEqual(['L-001', 'L-002', 'L-003', 'L-004']);
    // The undo is spent: U again says what can still be done.
    await page.keyboard.press('u');
    await page.locator('.notice-error', { hasText: 'Nothing to undo' }).waitFor();
  });

  it('the Undo button does the same for a cancel made by mistake', async () => {
    await page.locator('li[data-ticket="L-003"] button.entry').click();
    await page.getByRole('button', { name: 'Cancel ticket…' }).click();
    await page.getByRole('dialog').locator('button.danger').click();
    const notice = page.locator('.notice-ok', { hasText: 'L-003 taken out of the line' });
    await notice.waitFor();
    await expect.poll(rowTickets).toEqual(['L-001', 'L-002', 'L-004']);
    await notice.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(rowTickets).toEqual(['L-001', 'L-002', 'L-003', 'L-004']);
  });

  it('a done is undone from Activity while the window lasts: the visit goes on at the counter, and the trail names who undid it', async () => {
    await page.keyboard.press('n');
    await page.locator('.current .ticket', { hasText: 'L-001' }).waitFor();
    await page.keyboard.press('s');
    await page.locator('.current', { hasText: 'Serving' }).waitFor();
    await page.keyboard.press('d');
    await page.locator('.notice-ok', { hasText: 'Finished with L-001' }).waitFor();

    await page.getByRole('link', { name: 'Activity' }).click();
    const finished = page.locator('.activity-table tr', { hasText: 'Finished with L-001' });
    await finished.getByRole('button', { name: 'Undo for L-001' }).click();
    await page.locator('.activity-table tr', { hasText: 'Undid the finish of L-001: serving again at Counter 1' }).locator('.who', { hasText: 'Ana' }).waitFor();
    await expect.poll(() => finished.getByRole('button').count()).toBe(0);
    expect(await statusOf('L-001')).toBe('serving');
    expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}desk-undo-activity-1366x768.png` });
  });
});
