/**
 * Before any counter opens, in headless Chromium against a real in-process hub
 * whose site file says counters usually open at 08:00: the kiosk's service
 * cards and its ticket, and the remote-wait page's service list and status
 * page, say that no counter is open for the service yet and when counters
 * usually open, in English and Spanish, never a range of minutes. Once a
 * counter for the service opens, the range comes back. Screenshots go to
 * test/artifacts/no-counter-*.png.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeViolations, launchDisplayBrowser, signInAtDesk } from '../helpers/browser.ts';
import { DEMO_PASSWORDS, startTestHub, testSite, type TestHub } from '../helpers/hub.ts';

const PORTRAIT = { width: 1080, height: 1920 };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
/** "8:00 AM" as Chromium writes it (with a narrow no-break space). */
const EIGHT_AM = /8:00\sAM/;
const RANGE = /\d+ (to \d+ )?min|de \d+ a \d+ min/;

let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  const site = testSite();
  site.hours = { opens: '08:00' };
  [hub, browser] = await Promise.all([startTestHub({ site }), launchDisplayBrowser({ soundWithoutTap: false })]);
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `no-counter-${name}.png`), fullPage: true, animations: 'disabled' });

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.map((v) => `${screen}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** Joins from a phone over the wait page's API and returns the status link. */
async function joinRemotely(serviceId: string, language: string): Promise<string> {
  const response = await fetch(`${hub.httpUrl}/wait/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId, language, requestId: `closed-${language}-${Date.now()}` }),
  });
  expect(response.status).toBe(201);
  const { token } = (await response.json()) as { token: string };
  return `${hub.httpUrl}/wait/#${token}`;
}

describe('estimates while no counter is open', () => {
  it('the kiosk says no counter is open yet and when counters usually open, on the cards and the ticket, in English and Spanish', async () => {
    const context = await browser.newContext({ viewport: PORTRAIT });
    const page = await context.newPage();
    await page.goto(`${hub.httpUrl}/kiosk/?device=kiosk-1&key=${DEMO_PASSWORDS['kiosk-1']}`);
    await page.getByRole('button', { name: 'Touch to start' }).click();
    const labCard = page.getByRole('button', { name: /Lab tests/ });
    await expect.poll(() => labCard.textContent(), { timeout: 10_000 }).toMatch(/No counter open yet · Counters usually open at 8:00\sAM\./);
    expect(await labCard.textContent()).not.toMatch(RANGE);
    await shot(page, 'kiosk-services');

    await labCard.click();
    await page.getByRole('button', { name: 'No text, just my ticket' }).click();
    await page.getByTestId('ticket').waitFor({ timeout: 10_000 });
    const estimate = page.getByTestId('estimate');
    expect(await estimate.textContent()).toMatch(/^No counter is open for Lab tests yet\. Counters usually open at 8:00\sAM\.$/);
    await expectAccessible(page, 'ticket, no counter open');
    await shot(page, 'kiosk-ticket');

    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('button', { name: 'Toque para empezar' }).click();
    const xrayCard = page.getByRole('button', { name: /Rayos X/ });
    await expect.poll(() => xrayCard.textContent(), { timeout: 10_000 }).toContain('Aún no hay ventanilla abierta · Las ventanillas suelen abrir a las 8:00.');
    await xrayCard.click();
    await page.getByRole('button', { name: 'Sin mensaje, solo el turno' }).click();
    await page.getByTestId('ticket').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('estimate').textContent()).toBe('Aún no hay ninguna ventanilla abierta para Rayos X. Las ventanillas suelen abrir a las 8:00.');
    await shot(page, 'kiosk-ticket-es');
    await context.close();
  }, 90_000);

  it('the wait page says so in the service list and on the status page, and shows a range once a counter opens', async () => {
    const context = await browser.newContext({ ...PHONE, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${hub.httpUrl}/wait/`);
    const labChoice = page.locator('label.service', { hasText: 'Lab tests' });
    await expect.poll(() => labChoice.textContent(), { timeout: 10_000 }).toMatch(/No counter open yet · Counters usually open at 8:00\sAM\./);
    await shot(page, 'wait-join');

    await page.goto(await joinRemotely('lab', 'en'));
    const estimate = page.getByTestId('estimate');
    await expect.poll(() => estimate.textContent(), { timeout: 10_000 }).toMatch(/^No counter is open for Lab tests yet\. Counters usually open at 8:00\sAM\.$/);
    expect(await estimate.textContent()).toMatch(EIGHT_AM);
    await expectAccessible(page, 'status, no counter open');
    await shot(page, 'wait-status');

    // Counter 1 serves lab: the live page turns to a range of minutes.
    expect((await hub.api('POST', '/counters/c1/status', { status: 'open' })).status).toBe(200);
    await expect.poll(() => estimate.textContent(), { timeout: 10_000 }).toMatch(new RegExp(`^Estimated wait: ${RANGE.source}`));
    await shot(page, 'wait-status-open');
    expect((await hub.api('POST', '/counters/c1/status', { status: 'closed' })).status).toBe(200);

    const spanish = await joinRemotely('xray', 'es');
    await page.goto(spanish);
    await expect.poll(() => estimate.textContent(), { timeout: 10_000 }).toBe('Aún no hay ninguna ventanilla abierta para Rayos X. Las ventanillas suelen abrir a las 8:00.');
    await shot(page, 'wait-status-es');
    await context.close();
  }, 90_000);
  it('the desk says no counter is open yet for a line, with when counters usually open, and a range once one opens', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${hub.httpUrl}/desk/`);
    await signInAtDesk(page, 'ana', 'demo-ana');
    await page.locator('.counter-choice', { hasText: 'Counter 1' }).click();
    const labSummary = page.locator('.service-line h2', { hasText: 'Lab tests' }).locator('.line-summary');
    await labSummary.filter({ hasText: /no counter open yet \(usually opens at 8:00\sAM\)/ }).waitFor();
    expect(await labSummary.textContent()).not.toMatch(RANGE);
    await shot(page, 'desk');

    expect((await hub.api('POST', '/counters/c1/status', { status: 'open' })).status).toBe(200);
    await labSummary.filter({ hasText: /new arrivals wait \d+–\d+ min/ }).waitFor();
    expect(await labSummary.textContent()).not.toContain('no counter open');
    expect((await hub.api('POST', '/counters/c1/status', { status: 'closed' })).status).toBe(200);
    await context.close();
  });
});
