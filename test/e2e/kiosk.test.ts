/**
 * The kiosk check-in app in headless Chromium against a real in-process hub,
 * signed in as kiosk-1: tap through in English and in Spanish, the entry shows
 * over REST with its language and phone, a double tap enrols once, the hub
 * sends the ticket to kiosk-1's printer (read by a real MQTT client as kiosk-1,
 * like the agent), a printer that cannot print puts the ticket on screen, and
 * every screen passes axe. Screenshots go to test/artifacts.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { MqttClient } from 'mqtt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteTopics, type EntryView, type KioskStatus, type PrintJob } from '../../hub/contract/index.ts';
import { ARTIFACTS, axeViolations, launchDisplayBrowser } from '../helpers/browser.ts';
// browser.ts's launchBrowser() passes --user-data-dir, which playwright-core refuses in launch(); this one does not.
import { DEMO_PASSWORDS, startTestHub, type TestHub } from '../helpers/hub.ts';
import { connectClient, publishAsync, subscribeGranted } from '../helpers/mqtt.ts';
import { waiterViewOf } from '../helpers/wait-link.ts';

const SITE = 'demo-clinic';
const topics = siteTopics(SITE);
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };

let hub: TestHub;
let browser: Browser;
/** kiosk-1's print jobs, as its agent would receive them. */
let agent: MqttClient;
const jobs: PrintJob[] = [];

beforeAll(async () => {
  [hub, browser] = await Promise.all([startTestHub(), launchDisplayBrowser({ soundWithoutTap: false })]);
  agent = await connectClient(hub.mqttUrl, { clientId: 'kiosk-1-agent-test', username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'] });
  expect(await subscribeGranted(agent, topics.deviceJobs('kiosk-1'))).toEqual([1]);
  agent.on('message', (topic, payload) => {
    if (topic === topics.deviceJobs('kiosk-1')) jobs.push(JSON.parse(payload.toString()) as PrintJob);
  });
});
afterAll(async () => {
  agent?.end(true);
  await browser?.close();
  await hub?.stop();
});

async function openKiosk(context: BrowserContext, query = '?device=kiosk-1&key=demo-kiosk-1'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${hub.httpUrl}/kiosk/${query}`);
  await page.getByRole('button', { name: /Touch to start|Toque para empezar/ }).waitFor({ timeout: 5_000 });
  return page;
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.map((v) => `${screen}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `kiosk-${name}.png`), animations: 'disabled' });

async function waitingEntries(): Promise<EntryView[]> {
  const response = await hub.api('GET', '/entries?status=waiting');
  expect(response.status).toBe(200);
  return response.body as EntryView[];
}

async function tapDigits(page: Page, digits: string): Promise<void> {
  for (const digit of digits) await page.getByRole('button', { name: digit, exact: true }).click();
}

describe('kiosk check-in app', () => {
  it('checks in in English with a text, shows the ticket with a QR code, and prints it at kiosk-1', async () => {
    const context = await browser.newContext({ viewport: PORTRAIT });
    const page = await openKiosk(context);
    expect(page.url()).not.toContain('key=');
    await expectAccessible(page, 'attract');
    await shot(page, 'attract-1080x1920');

    await page.getByRole('button', { name: 'Touch to start' }).click();
    await page.getByRole('heading', { name: 'What are you here for?' }).waitFor();
    await expectAccessible(page, 'services');
    await shot(page, 'services-1080x1920');

    await page.getByRole('button', { name: /Lab tests/ }).click();
    await page.getByRole('heading', { name: 'Want a text when you are next?' }).waitFor();
    await tapDigits(page, '12345');
    await page.getByRole('button', { name: 'Get my ticket and text me' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('does not look like a mobile number');
    await expectAccessible(page, 'phone (invalid number)');
    await page.getByRole('button', { name: 'Clear number' }).click();
    await page.getByLabel('Mobile number').fill('(555) 123-4567');
    await shot(page, 'phone-1080x1920');

    const jobsBefore = jobs.length;
    await page.getByRole('button', { name: 'Get my ticket and text me' }).click();
    const ticket = page.getByTestId('ticket');
    await ticket.waitFor({ timeout: 5_000 });
    const number = (await ticket.textContent())!;
    expect(number).toMatch(/^L-\d+$/);
    await expect.poll(() => page.locator('main').textContent()).toContain('We will text (555) 123-4567 when you are next.');
    expect(await page.getByRole('img', { name: /QR code/ }).count()).toBe(1);
    await expectAccessible(page, 'ticket');
    await shot(page, 'ticket-1080x1920');

    const entry = (await waitingEntries()).find((e) => e.ticket === number);
    expect(entry).toMatchObject({ serviceId: 'lab', channel: 'kiosk', language: 'en', hasPhone: true, status: 'waiting' });

    // The QR code on screen reads back (zbarimg) as the same status link as on paper, and the link leads to this entry.
    const { stdout } = await promisify(execFile)('zbarimg', ['-q', '--raw', join(ARTIFACTS, 'kiosk-ticket-1080x1920.png')]);
    const statusUrl = stdout.trim();
    expect(statusUrl).toMatch(new RegExp(`^${hub.httpUrl}/wait/#[A-Za-z0-9_-]{24}$`));
    expect(await waiterViewOf(hub.httpUrl, statusUrl)).toMatchObject({ ticket: number, status: 'waiting', position: entry!.position });

    await expect.poll(() => jobs.length, { timeout: 3_000 }).toBe(jobsBefore + 1);
    expect(jobs.at(-1)).toMatchObject({
      ticket: number,
      language: 'en',
      serviceName: { en: 'Lab tests', es: 'Análisis de laboratorio' },
      siteName: 'Demo Clinic',
      statusUrl,
    });

    // Credentials were kept: after a "reboot" the kiosk starts without them in the address.
    const again = await openKiosk(context, '');
    await again.getByRole('button', { name: 'Touch to start' }).click();
    await again.getByRole('button', { name: /Lab tests/ }).waitFor();
    await context.close();
  });

  it('checks in in Spanish without a text, in landscape', async () => {
    const context = await browser.newContext({ viewport: LANDSCAPE });
    const page = await openKiosk(context);
    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('button', { name: 'Toque para empezar' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await expectAccessible(page, 'attract (es)');
    await shot(page, 'attract-es-1920x1080');

    await page.getByRole('button', { name: 'Toque para empezar' }).click();
    await page.getByRole('button', { name: /Rayos X/ }).waitFor();
    await shot(page, 'services-es-1920x1080');
    await page.getByRole('button', { name: /Rayos X/ }).click();
    await page.getByRole('heading', { name: '¿Quiere un mensaje de texto cuando sea su turno?' }).waitFor();
    await expectAccessible(page, 'phone (es)');
    await shot(page, 'phone-es-1920x1080');
    await page.getByRole('button', { name: 'Sin mensaje, solo el turno' }).click();

    const ticket = page.getByTestId('ticket');
    await ticket.waitFor({ timeout: 5_000 });
    const number = (await ticket.textContent())!;
    expect(number).toMatch(/^X-\d+$/);
    expect(await page.locator('main').textContent()).toContain('Su número de turno');
    await expectAccessible(page, 'ticket (es)');
    await shot(page, 'ticket-es-1920x1080');
    expect((await waitingEntries()).find((e) => e.ticket === number)).toMatchObject({ serviceId: 'xray', language: 'es', hasPhone: false });
    await expect.poll(() => jobs.at(-1)?.ticket).toBe(number);
    expect(jobs.at(-1)?.language).toBe('es');

    await page.getByRole('button', { name: 'Listo' }).click();
    await page.getByRole('button', { name: /Touch to start/ }).waitFor();
    await context.close();
  });

  it('enrols once when the button is tapped twice', async () => {
    const context = await browser.newContext({ viewport: PORTRAIT });
    const page = await openKiosk(context);
    await page.getByRole('button', { name: 'Touch to start' }).click();
    await page.getByRole('button', { name: /Registration/ }).click();
    const before = (await waitingEntries()).filter((e) => e.serviceId === 'reg').length;
    const jobsBefore = jobs.length;
    // Two taps in the same instant on the settled screen, before it can change.
    await page.locator('main.screen-phone[data-settled="true"]').waitFor();
    await page.getByRole('button', { name: 'No text, just my ticket' }).evaluate((button: HTMLButtonElement) => {
      button.click();
      button.click();
    });
    await page.getByTestId('ticket').waitFor({ timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await waitingEntries()).filter((e) => e.serviceId === 'reg').length).toBe(before + 1);
    expect(jobs.length).toBe(jobsBefore + 1);
    await context.close();
  });

  it('shows the ticket on screen with what to do when the printer is out of paper', async () => {
    const status: KioskStatus = {
      deviceId: 'kiosk-1',
      online: true,
      at: new Date().toISOString(),
      detail: { printer: 'paper-out', printerMessage: 'Printer is out of paper', scanner: 'connected' },
    };
    await publishAsync(agent, topics.deviceStatus('kiosk-1'), JSON.stringify(status), { qos: 1, retain: true });
    try {
      const context = await browser.newContext({ viewport: PORTRAIT });
      const page = await openKiosk(context);
      await page.getByRole('button', { name: 'Touch to start' }).click();
      await page.getByRole('button', { name: /Lab tests/ }).click();
      await page.getByRole('button', { name: 'No text, just my ticket' }).click();
      const warning = page.getByTestId('not-printed');
      await warning.waitFor({ timeout: 5_000 });
      expect(await warning.textContent()).toContain('Please take a photo of this screen or see the desk');
      expect(await page.getByTestId('ticket').textContent()).toMatch(/^L-\d+$/);
      expect(await page.getByRole('img', { name: /QR code/ }).count()).toBe(1);
      await expectAccessible(page, 'ticket (paper out)');
      await shot(page, 'ticket-paper-out-1080x1920');
      await context.close();
    } finally {
      await publishAsync(agent, topics.deviceStatus('kiosk-1'), '', { qos: 1, retain: true });
    }
  });

  it('says so plainly when the device key is wrong', async () => {
    const context = await browser.newContext({ viewport: LANDSCAPE });
    const page = await context.newPage();
    await page.goto(`${hub.httpUrl}/kiosk/?device=kiosk-1&key=wrong`);
    await page.getByText('The hub refused this kiosk’s device id or key.').waitFor({ timeout: 8_000 });
    await expectAccessible(page, 'refused');
    await context.close();
  });
});
