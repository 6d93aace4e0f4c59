/**
 * "Call me back instead" on the remote-wait page, in headless Chromium against
 * a real in-process hub: a remote waiter gives a number and keeps their place,
 * now waiting by phone; a number that cannot be called is worded back to them.
 * A walk-in's visit in Spanish asks the same in Spanish. A caller already in
 * line who joins on the page keeps their visit, told only that the link was
 * texted. Screenshots go to
 * test/artifacts/wait-call-me-back-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeViolations, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';
import { smsConfigSchema } from '../../hub/sms/config.ts';

let hub: TestHub;
let chromium: TestBrowser;

beforeAll(async () => {
  // A site that texts (to the console), so the join page asks for a number.
  const site = { ...testSite(), sms: smsConfigSchema.parse({ gateway: { type: 'console' } }) };
  [hub, chromium] = await Promise.all([startTestHub({ site }), launchBrowser()]);
});
afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `wait-call-me-back-${name}.png`), fullPage: true, animations: 'disabled' });

async function statusPage(language: string): Promise<{ page: Page; entryId: string }> {
  await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
  const joined = await fetch(`${hub.httpUrl}/wait/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'lab', language, requestId: `call-me-back-${language}` }),
  }).then((r) => r.json() as Promise<{ ticket: string; token: string }>);
  const entries = (await hub.api('GET', '/entries')).body as { entryId: string; ticket: string }[];
  const context = await chromium.browser.newContext({ viewport: { width: 390, height: 844 }, locale: language });
  const page = await context.newPage();
  await page.goto(`${hub.httpUrl}/wait/#${joined.token}`);
  await page.getByTestId('ticket').waitFor();
  return { page, entryId: entries.find((e) => e.ticket === joined.ticket)!.entryId };
}

describe('wait page: call me back instead', () => {
  it('keeps the place and waits by phone from then on', async () => {
    const { page, entryId } = await statusPage('en');
    await shot(page, '1-before');
    await page.getByRole('button', { name: 'Call me back instead' }).click();
    await page.getByLabel('Number to call').fill('12345');
    await page.getByRole('button', { name: 'Call me back at this number' }).click();
    await expect.poll(() => page.locator('.call-me-back [role="alert"]').textContent()).toContain('too short');
    expect((await hub.api('GET', `/entries/${entryId}`)).body.channel).toBe('remote');

    await page.getByLabel('Number to call').fill('(212) 555-0142');
    await page.getByRole('button', { name: 'Call me back at this number' }).click();
    await page.getByText('We will phone you when it is your turn. You keep your place in line.').waitFor();
    expect((await hub.api('GET', `/entries/${entryId}`)).body).toMatchObject({ channel: 'phone', channelHistory: ['remote', 'phone'], position: 2, hasPhone: true });
    expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
    await shot(page, '2-after');
  });

  it('asks in Spanish', async () => {
    const { page } = await statusPage('es');
    await page.getByRole('button', { name: 'Prefiero que me llamen' }).click();
    await page.getByLabel('Número para llamarle').waitFor();
    await shot(page, '3-spanish');
  });

  it('a caller already in line who joins on the page keeps their visit, and the page shows no link', async () => {
    const caller = await hub.api('POST', '/entries', { serviceId: 'xray', channel: 'phone', phone: '+12015550177' });
    const context = await chromium.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${hub.httpUrl}/wait/?service=xray`);
    await page.getByRole('heading', { name: 'Wait from anywhere' }).waitFor();
    await page.getByLabel('Text me when it’s almost my turn.').check();
    await page.getByLabel('Mobile number').fill('(201) 555-0177');
    await page.getByRole('button', { name: 'Join the line' }).click();
    await page.getByText('You are already in line with this number').waitFor();
    expect(page.url()).not.toContain('#');
    expect((await hub.api('GET', `/entries/${caller.body.entryId}`)).body).toMatchObject({ channel: 'remote', channelHistory: ['phone', 'remote'] });
    expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
    await shot(page, '4-already-in-line');
  });
});
