/**
 * The desk in headless Chromium against a real hub, for what stopped a clinic
 * on day one: a manager unlocks a locked-out colleague and gives another a
 * temporary password, which they replace at sign-in; "Call next" on a closed
 * counter is disabled and says how to call; the desk device is not reported
 * unheard-of while staff use the desk; the Line view has its h1. axe-core
 * checks each screen; screenshots go to test/artifacts/.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeViolations, launchBrowser, signInAtDesk } from '../helpers/browser.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';

const LAPTOP = { width: 1366, height: 768 };

describe('desk: staff accounts, a closed counter, the desk in the alerts', () => {
  let hub: TestHub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let mia: Page;

  async function signedIn(staffId: string, password: string): Promise<Page> {
    const context = await browser.newContext({ viewport: LAPTOP });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${hub.httpUrl}/desk/`);
    await signInAtDesk(page, staffId, password);
    return page;
  }

  const signInStatus = async (staffId: string, password: string) =>
    (
      await fetch(`${hub.httpUrl}/desk/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ staffId, password }),
      })
    ).status;

  async function expectAccessible(page: Page, screen: string): Promise<void> {
    const violations = await axeViolations(page);
    expect(violations.map((v) => `${screen}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}` });

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    [hub, browser] = await Promise.all([startTestHub(), launchBrowser().then((b) => b.browser)]);
    mia = await signedIn('mia', 'demo-mia');
    await mia.locator('.counter-choice').first().waitFor();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await hub?.stop();
  });

  it('lets a manager unlock a colleague locked out by wrong passwords', async () => {
    for (let i = 0; i < 5; i++) await signInStatus('ben', 'not-his-password');
    expect(await signInStatus('ben', 'demo-ben')).toBe(429);

    await mia.goto(`${hub.httpUrl}/desk/#staff`);
    const ben = mia.locator('tr[data-staff-id=ben]');
    await ben.locator('.account-state', { hasText: /^Locked until .* \(wrong passwords\)$/ }).waitFor();
    await expectAccessible(mia, 'staff accounts');
    await shot(mia, 'desk-staff-locked-1366x768.png');

    await ben.getByRole('button', { name: 'Unlock' }).click();
    await mia.locator('.notice-ok', { hasText: 'Ben (front desk) can sign in again' }).waitFor();
    await ben.locator('.account-state', { hasText: 'Can sign in' }).waitFor();
    expect(await ben.getByRole('button', { name: 'Unlock' }).count()).toBe(0);
    expect(await signInStatus('ben', 'demo-ben')).toBe(200);

    await mia.goto(`${hub.httpUrl}/desk/#activity`);
    const row = mia.locator('.activity-table tbody tr').first();
    await row.locator('.what', { hasText: 'Unlocked sign-in for Ben (front desk)' }).waitFor();
    expect(await row.locator('.who').textContent()).toBe('Mia (manager)');
  });

  it('resets a password to a temporary one, which the colleague replaces at sign-in before anything else', async () => {
    await mia.goto(`${hub.httpUrl}/desk/#staff`);
    await mia.locator('tr[data-staff-id=ana]').getByRole('button', { name: 'Reset password' }).click();
    const dialog = mia.getByRole('dialog');
    await dialog.getByText("Reset Ana (front desk)'s password?", { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    const temporary = (await dialog.locator('.temporary-password').textContent())!;
    expect(temporary).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await expectAccessible(mia, 'temporary password');
    await shot(mia, 'desk-staff-temporary-password-1366x768.png');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await mia.locator('tr[data-staff-id=ana] .account-state', { hasText: 'Temporary password given' }).waitFor();
    expect(await signInStatus('ana', 'demo-ana')).toBe(401);

    const ana = await signedIn('ana', temporary);
    await ana.getByRole('heading', { level: 1, name: 'Change your password' }).waitFor();
    await expectAccessible(ana, 'change password at sign-in');
    await shot(ana, 'desk-must-change-password-1366x768.png');
    await ana.getByLabel('Temporary password').fill(temporary);
    await ana.getByLabel('New password (at least 10 characters)').fill('ana-chose-this-1');
    await ana.getByLabel('New password again').fill('ana-chose-this-1');
    await ana.getByRole('button', { name: 'Change password' }).click();
    await ana.locator('.counter-choice').first().waitFor();

    expect(await signInStatus('ana', temporary)).toBe(401);
    expect(await signInStatus('ana', 'ana-chose-this-1')).toBe(200);
  });

  it('disables "Call next" on a closed counter and says how to call, with an h1 on the Line view', async () => {
    await mia.goto(`${hub.httpUrl}/desk/#line`);
    await mia.locator('.counter-choice', { hasText: 'Counter 1' }).click();
    await mia.getByRole('heading', { level: 1, name: 'At Counter 1' }).waitFor();
    expect((await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' })).status).toBe(201);

    const callNext = mia.locator('button.call-next');
    expect(await callNext.isDisabled()).toBe(true);
    expect(await mia.locator('#call-next-why').textContent()).toBe('Open Counter 1 to call');
    expect(await callNext.getAttribute('aria-describedby')).toBe('call-next-why');
    await expectAccessible(mia, 'line, counter closed');
    await shot(mia, 'desk-call-next-closed-1366x768.png');

    // The keyboard says the same, and nobody is called.
    await mia.keyboard.press('n');
    await mia.locator('.notice-error', { hasText: 'Open Counter 1 to call' }).waitFor();
    expect((await hub.api('GET', '/entries?status=called')).body).toEqual([]);

    await mia.getByRole('group', { name: 'Counter status' }).getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => callNext.isDisabled()).toBe(false);
    expect(await mia.locator('#call-next-why').count()).toBe(0);
    await callNext.click();
    await mia.locator('.current .ticket').waitFor();
  });

  it('shows the desk in use while staff have it open, not as a device not heard from', async () => {
    await mia.goto(`${hub.httpUrl}/desk/#alerts`);
    const deskRow = mia.locator('table.devices tr', { hasText: 'Front desk (desk-1)' });
    // Mia, and Ana from the test before.
    await deskRow.locator('.state-on', { hasText: 'In use in the browser (2 people signed in)' }).waitFor();
    expect(await mia.locator('.problems', { hasText: 'desk-1' }).count()).toBe(0);
    await expectAccessible(mia, 'alerts');
    await shot(mia, 'desk-alerts-desk-in-use-1366x768.png');
  });
});
