/**
 * A caller who walks in: at the kiosk in headless Chromium, "Already in line,
 * or called in?" and the number they gave the contact center bring back their
 * own ticket (same number, same place, printed here); a number not in line is
 * told only that; a walk-in found there may ask to be called back instead.
 * Screenshots go to test/artifacts/kiosk-find-visit-*.png.
 */
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteTopics, type PrintJob } from '../../hub/contract/index.ts';
import { ARTIFACTS, launchDisplayBrowser } from '../helpers/browser.ts';
import { DEMO_PASSWORDS, startTestHub, type TestHub } from '../helpers/hub.ts';
import { until } from '../helpers/until.ts';

let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  [hub, browser] = await Promise.all([startTestHub(), launchDisplayBrowser({ soundWithoutTap: false })]);
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function openKiosk(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1080, height: 1920 } })).newPage();
  await page.goto(`${hub.httpUrl}/kiosk/?device=kiosk-1&key=${DEMO_PASSWORDS['kiosk-1']}`);
  await page.getByRole('button', { name: 'Touch to start' }).waitFor({ timeout: 10_000 });
  await expect.poll(() => page.locator('.status-line').textContent(), { timeout: 10_000 }).toBe('');
  return page;
}

async function typeNumber(page: Page, digits: string): Promise<void> {
  await page.locator('main[data-settled="true"]').waitFor();
  await page.locator('#phone').fill(digits);
}

describe('kiosk: already in line', () => {
  it('a phone caller who walks in gets their own ticket printed, and an unknown number is told only that', async () => {
    const printed: PrintJob[] = [];
    const agent = await mqtt.connectAsync(hub.mqttUrl, { username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'], clientId: 'kiosk-1-agent-test' });
    agent.on('message', (_topic, payload) => printed.push(JSON.parse(payload.toString())));
    await agent.subscribeAsync(siteTopics('demo-clinic').deviceJobs('kiosk-1'), { qos: 1 });
    await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
    const caller = await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'phone', phone: '+12125550166', reason: 'Lab results' });
    expect(caller.status).toBe(201);

    const page = await openKiosk();
    await page.screenshot({ path: join(ARTIFACTS, 'kiosk-find-visit-1-welcome.png') });
    await page.getByRole('button', { name: 'Already in line, or called in?' }).click();
    await typeNumber(page, '212 555 0199');
    await page.getByRole('button', { name: 'Find my place' }).click();
    await expect.poll(() => page.locator('#phone-error').textContent()).toContain('We could not find a place in line for this number');
    await page.screenshot({ path: join(ARTIFACTS, 'kiosk-find-visit-2-not-found.png') });

    await typeNumber(page, '(212) 555-0166');
    await expect.poll(() => page.locator('#phone-error').textContent()).toBe('');
    await page.getByRole('button', { name: 'Find my place' }).click();
    await page.locator('main.screen-ticket').waitFor();
    await expect.poll(() => page.locator('main').textContent()).toContain(caller.body.ticket);
    expect(await page.locator('main').textContent()).not.toContain('Lab results');
    await page.screenshot({ path: join(ARTIFACTS, 'kiosk-find-visit-3-ticket.png') });

    const visit = await hub.api('GET', `/entries/${caller.body.entryId}`);
    expect(visit.body).toMatchObject({ ticket: caller.body.ticket, channel: 'kiosk', channelHistory: ['phone', 'kiosk'], position: 2 });
    expect((await hub.api('GET', '/entries')).body).toHaveLength(2);
    await until(() => printed.some((job) => job.ticket === caller.body.ticket), 'the ticket printed at the kiosk');
    await agent.endAsync();
  });

  it('a walk-in who gave their number finds their visit and asks, in Spanish, to be called back instead', async () => {
    const walkIn = await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk', phone: '+12125550177', language: 'es' });
    expect(walkIn.status).toBe(201);
    const page = await openKiosk();
    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('button', { name: '¿Ya está en la fila o nos llamó?' }).click();
    await typeNumber(page, '212 555 0177');
    await page.getByRole('button', { name: 'Buscar mi lugar' }).click();
    await page.locator('main.screen-ticket').waitFor();
    await page.locator('main[data-settled="true"]').waitFor();
    await page.getByRole('button', { name: 'Mejor llámenme' }).click();
    await page.getByRole('heading', { name: '¿Quiere que le llamemos?' }).waitFor();
    await typeNumber(page, '(212) 555-0123');
    await page.screenshot({ path: join(ARTIFACTS, 'kiosk-find-visit-5-call-back-es.png') });
    await page.getByRole('button', { name: 'Llámenme', exact: true }).click();
    await page.getByRole('heading', { name: 'Le llamaremos' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('.screen-body [role="status"]').textContent()).toBe(`Le llamaremos al •••0123 cuando sea su turno. Conserva el número ${walkIn.body.ticket}.`);
    await page.screenshot({ path: join(ARTIFACTS, 'kiosk-find-visit-6-calling-back-es.png') });

    const visit = await hub.api('GET', `/entries/${walkIn.body.entryId}`);
    expect(visit.body).toMatchObject({ ticket: walkIn.body.ticket, channel: 'phone', channelHistory: ['kiosk', 'phone'], status: 'waiting' });
    expect(hub.engine.state.entries[walkIn.body.entryId]!.phone).toBe('+12125550123');
    expect((await hub.api('GET', '/entries')).body.filter((e: { ticket: string }) => e.ticket === walkIn.body.ticket)).toHaveLength(1);
  });

  it('asks in Spanish', async () => {
    const page = await openKiosk();
    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('button', { name: '¿Ya está en la fila o nos llamó?' }).click();
    await page.getByRole('heading', { name: '¿Ya está en la fila?' }).waitFor();
    await page.locator('main[data-settled="true"]').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'kiosk-find-visit-4-spanish.png') });
  });
});
