/**
 * The kiosk with its agent, in headless Chromium against a real hub: the
 * agent drives a serial receipt printer and a serial barcode scanner, each on
 * a socat pty pair that the test plays. Scanning an appointment letter checks
 * in and prints; scanning a ticket's QR code shows that person's place, with
 * "Print again" or "Call me back instead" (scanned again on coming back, it
 * says "I'm here"); a scan mid-flow waits; the idle timeout starts over; and a
 * hub that goes away while someone enrols gets one entry when it is back.
 * Screenshots go to test/artifacts/kiosk-scan-*.png.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryView } from '../../hub/contract/index.ts';
import { createLogger } from '../../hub/log.ts';
import { KioskAgent } from '../../kiosk/agent/agent.ts';
import { DEFAULT_PRINTER_PROFILE } from '../../hardware/printer-profile.ts';
import { SerialTransport } from '../../kiosk/agent/printer/serial-transport.ts';
import { appointmentPattern } from '../../kiosk/agent/scanner/scan-meaning.ts';
import { SerialScanner } from '../../kiosk/agent/scanner/serial-scanner.ts';
import { codepageNumbers, EscPosDecoder } from '../../kiosk/agent/virtual/escpos-decoder.ts';
import { ARTIFACTS, axeViolations, launchDisplayBrowser } from '../helpers/browser.ts';
import { startRestartableHub, type RestartableHub } from '../helpers/display-hub.ts';
import { DEMO_PASSWORDS, nextDeviceStatus, startTestHub, type RestApi, type TestHub } from '../helpers/hub.ts';
import { openPtyEnd, openPtyPair, type PtyEnd, type PtyPair } from '../helpers/pty.ts';
import { waiterViewOf } from '../helpers/wait-link.ts';

const SITE = 'demo-clinic';
const PORTRAIT = { width: 1080, height: 1920 };
/** DLE EOT 1, 2, 4 answers of a ready Epson printer. */
const READY = { 1: 0x12, 2: 0x12, 4: 0x12 };
const MINUTE = 60_000;

interface PaperTicket {
  lines: string[];
  qrCodes: string[];
}

/** The printer's side of the pty: answers status requests as a ready printer and collects each ticket up to its cut. */
function playPrinter(end: PtyEnd): PaperTicket[] {
  const tickets: PaperTicket[] = [];
  let current: PaperTicket = { lines: [], qrCodes: [] };
  const decoder = new EscPosDecoder({
    codepages: codepageNumbers('epson'),
    onStatusRequest: (n) => {
      const byte = READY[n as keyof typeof READY];
      if (byte !== undefined) void end.write(Buffer.from([byte]));
    },
    onItem: (item) => {
      if (item.kind === 'line') current.lines.push(item.line.text.trim());
      else if (item.kind === 'qr') current.qrCodes.push(item.qr.data);
      else if (item.kind === 'cut') {
        tickets.push(current);
        current = { lines: [], qrCodes: [] };
      }
    },
  });
  end.onData((chunk) => decoder.push(chunk));
  return tickets;
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.map((v) => `${screen}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `kiosk-scan-${name}.png`), animations: 'disabled' });

async function openKiosk(context: BrowserContext, baseUrl: string, extra = ''): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/kiosk/?device=kiosk-1&key=${DEMO_PASSWORDS['kiosk-1']}${extra}`);
  await page.getByRole('button', { name: 'Touch to start' }).waitFor({ timeout: 10_000 });
  // Connected (and so subscribed to its scans) once "Connecting…" is gone.
  await expect.poll(() => page.locator('.status-line').textContent(), { timeout: 10_000 }).toBe('');
  return page;
}

async function entriesWhere(api: RestApi, test: (entry: EntryView) => boolean): Promise<EntryView[]> {
  const response = await api('GET', '/entries');
  expect(response.status).toBe(200);
  return (response.body as EntryView[]).filter(test);
}

describe('kiosk with its agent: scanning and printing', () => {
  let hub: TestHub;
  let browser: Browser;
  let printerPair: PtyPair;
  let scannerPair: PtyPair;
  let scanner: PtyEnd;
  let printerEnd: PtyEnd;
  let paper: PaperTicket[];
  let agent: KioskAgent;

  const scan = (code: string) => scanner.write(`${code}\r\n`);

  beforeAll(async () => {
    [hub, browser, printerPair, scannerPair] = await Promise.all([startTestHub(), launchDisplayBrowser({ soundWithoutTap: false }), openPtyPair(), openPtyPair()]);
    printerEnd = openPtyEnd(printerPair.b);
    paper = playPrinter(printerEnd);
    scanner = openPtyEnd(scannerPair.b);
    agent = new KioskAgent({
      mqttUrl: hub.mqttUrl,
      siteId: SITE,
      deviceId: 'kiosk-1',
      password: DEMO_PASSWORDS['kiosk-1'],
      printer: { transport: new SerialTransport({ path: printerPair.a }), profile: { ...DEFAULT_PRINTER_PROFILE, statusTimeoutMs: 2_000 } },
      scanner: new SerialScanner({ path: scannerPair.a }),
      scans: { ticketUrlPrefixes: [`${hub.httpUrl}/wait/`], appointmentPattern: appointmentPattern() },
      log: createLogger('error', () => {}),
      reconnectMs: 200,
    });
    const online = nextDeviceStatus(hub.broker, 'kiosk-1');
    await agent.start();
    await online;

    const now = Date.now();
    const book = (reference: string, from: number, to: number) =>
      hub.api('POST', '/appointments', { serviceId: 'reg', reference, windowStart: new Date(from).toISOString(), windowEnd: new Date(to).toISOString() });
    expect((await book('APT-20001', now - 5 * MINUTE, now + 30 * MINUTE)).status).toBe(201);
    expect((await book('APT-20002', now + 24 * 60 * MINUTE, now + 24 * 60 * MINUTE + 30 * MINUTE)).status).toBe(201);
  });
  afterAll(async () => {
    await agent?.stop();
    scanner?.close();
    printerEnd?.close();
    await Promise.all([printerPair?.close(), scannerPair?.close()]);
    await browser?.close();
    await hub?.stop();
  });

  it('checks in an appointment letter scanned at the welcome screen and prints its ticket', async () => {
    const context = await browser.newContext({ viewport: PORTRAIT });
    const page = await openKiosk(context, hub.httpUrl);
    const printed = paper.length;
    await scan('APT-20001');
    const ticket = page.getByTestId('ticket');
    await ticket.waitFor({ timeout: 10_000 });
    const number = (await ticket.textContent())!;
    expect(number).toMatch(/^R-\d+$/);
    await expectAccessible(page, 'ticket after an appointment scan');
    await shot(page, 'appointment-1080x1920');

    await expect.poll(() => paper.length, { timeout: 10_000 }).toBe(printed + 1);
    expect(paper.at(-1)!.lines).toContain(number);
    const [checkedIn] = await entriesWhere(hub.api, (e) => e.reference === 'APT-20001');
    expect(checkedIn).toMatchObject({ ticket: number, status: 'waiting', channel: 'kiosk', serviceId: 'reg' });

    // The letter scanned again shows the same place and prints nothing new.
    await page.getByRole('button', { name: 'Done' }).click();
    await scan('APT-20001');
    await expect.poll(() => ticket.textContent(), { timeout: 10_000 }).toBe(number);
    expect(await entriesWhere(hub.api, (e) => e.reference === 'APT-20001')).toHaveLength(1);
    await context.close();
  });

  it('sends people to the desk for an unknown appointment or one that is not for today', async () => {
    const context = await browser.newContext({ viewport: PORTRAIT });
    const page = await openKiosk(context, hub.httpUrl);
    await scan('APT-29999');
    await page.getByRole('heading', { name: 'Please see the desk' }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('alert').textContent()).toBe('We could not find this appointment.');
    await expectAccessible(page, 'see the desk');
    await shot(page, 'see-desk-1080x1920');

    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Touch to start' }).waitFor();
    await scan('APT-20002');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toContain('cannot be checked in here right now');
    expect(await entriesWhere(hub.api, (e) => e.reference === 'APT-20002')).toMatchObject([{ status: 'booked', ticket: null }]);
    await context.close();
  });

  it('shows the place of a scanned ticket QR code and prints it again, twice at most', async () => {
    const context = await browser.newContext({ viewport: PORTRAIT });
    const page = await openKiosk(context, hub.httpUrl);
    await page.getByRole('button', { name: 'Touch to start' }).click();
    await page.getByRole('button', { name: /Lab tests/ }).click();
    const printed = paper.length;
    await page.getByRole('button', { name: 'No text, just my ticket' }).click();
    const number = (await page.getByTestId('ticket').textContent({ timeout: 10_000 }))!;
    await expect.poll(() => paper.length, { timeout: 10_000 }).toBe(printed + 1);
    const [statusUrl] = paper.at(-1)!.qrCodes;
    expect(statusUrl).toMatch(/\/wait\/#[A-Za-z0-9_-]{24}$/);
    expect(await waiterViewOf(hub.httpUrl, statusUrl!)).toMatchObject({ ticket: number });
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Touch to start' }).waitFor();

    await scan(statusUrl!);
    await page.getByRole('heading', { name: 'Your place in line' }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('ticket').textContent()).toBe(number);
    const facts = await page.locator('.facts').textContent();
    expect(facts).toContain('Lab tests');
    expect(facts).toContain('Estimated wait');
    const [entry] = await entriesWhere(hub.api, (e) => e.ticket === number);
    expect(facts).toContain(entry!.position === 1 ? 'You are next' : String(entry!.position));
    await expectAccessible(page, 'place of a scanned ticket');
    await shot(page, 'place-1080x1920');

    const printAgain = page.getByRole('button', { name: 'Print again' });
    await printAgain.click();
    await expect.poll(() => paper.length, { timeout: 10_000 }).toBe(printed + 2);
    expect(paper.at(-1)!.lines).toContain(number);
    expect(paper.at(-1)!.qrCodes).toEqual([statusUrl]);
    await expect.poll(() => page.locator('.status-line').textContent()).toBe('Your ticket is printing again. Please take it below.');
    await expectAccessible(page, 'printed again');
    await shot(page, 'printed-again-1080x1920');
    await printAgain.click();
    await expect.poll(() => paper.length, { timeout: 10_000 }).toBe(printed + 3);
    await expect.poll(() => printAgain.count()).toBe(0);
    // Reprints change nothing in the line.
    expect(await entriesWhere(hub.api, (e) => e.ticket === number)).toMatchObject([{ status: 'waiting', position: entry!.position }]);
    await context.close();
  });

  it('records "I\'m here" for a remote waiter who scans their status link, and shows their place', async () => {
    const joined = await fetch(`${hub.httpUrl}/wait/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: 'lab', language: 'es', requestId: 'kiosk-scan-remote-1' }),
    }).then((r) => r.json() as Promise<{ ticket: string; token: string }>);
    const context = await browser.newContext({ viewport: PORTRAIT });
    const page = await openKiosk(context, hub.httpUrl);
    await page.getByRole('button', { name: 'Touch to start' }).waitFor();
    await scan(`${hub.httpUrl}/wait/#${joined.token}`);
    await page.getByRole('heading', { name: 'Your place in line' }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('ticket').textContent()).toBe(joined.ticket);
    expect(await page.locator('.here-noted').textContent()).toBe('Welcome! The staff know you are here. Please wait in the waiting area.');
    const [entry] = await entriesWhere(hub.api, (e) => e.ticket === joined.ticket);
    expect(entry).toMatchObject({ channel: 'remote', status: 'waiting' });
    expect(entry!.arrivedAt).not.toBeNull();
    await expectAccessible(page, 'a remote waiter is here');
    await shot(page, 'remote-here-1080x1920');
    await context.close();
  });

  it('a walk-in who scans their ticket can leave and be called back, and scanning it again on coming back says they are here', async () => {
    const context = await browser.newContext({ viewport: PORTRAIT });
    const page = await openKiosk(context, hub.httpUrl);
    await page.getByRole('button', { name: 'Touch to start' }).click();
    await page.getByRole('button', { name: /Lab tests/ }).click();
    await page.getByRole('button', { name: 'No text, just my ticket' }).click();
    const number = (await page.getByTestId('ticket').textContent({ timeout: 10_000 }))!;
    await expect.poll(() => paper.at(-1)?.lines.includes(number), { timeout: 10_000 }).toBe(true);
    const [statusUrl] = paper.at(-1)!.qrCodes;
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Touch to start' }).waitFor();

    await scan(statusUrl!);
    await page.getByRole('heading', { name: 'Your place in line' }).waitFor({ timeout: 10_000 });
    await page.locator('main[data-settled="true"]').waitFor();
    await page.getByRole('button', { name: 'Call me back instead' }).click();
    await page.getByRole('heading', { name: 'Want us to call you back?' }).waitFor();
    await page.locator('main[data-settled="true"]').waitFor();
    await page.getByLabel('Mobile number').fill('212 555 01');
    await page.getByRole('button', { name: 'Call me back', exact: true }).click();
    await expect.poll(() => page.locator('#phone-error').textContent()).toContain('does not look like a mobile number');
    expect(await entriesWhere(hub.api, (e) => e.ticket === number)).toMatchObject([{ channel: 'kiosk' }]);
    for (const key of ['2', '3']) await page.getByRole('button', { name: key, exact: true }).click();
    await expectAccessible(page, 'call me back instead');
    await shot(page, 'call-back-1080x1920');
    await page.getByRole('button', { name: 'Call me back', exact: true }).click();
    await page.getByRole('heading', { name: 'We will call you back' }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('status').filter({ hasText: 'We will call' }).textContent()).toBe(`We will call you at •••0123 when it is your turn. You keep number ${number}.`);
    expect(await page.locator('main').textContent()).not.toContain('555');
    await expectAccessible(page, 'calling back');
    await shot(page, 'calling-back-1080x1920');
    const [byPhone] = await entriesWhere(hub.api, (e) => e.ticket === number);
    expect(byPhone).toMatchObject({ channel: 'phone', channelHistory: ['kiosk', 'phone'], status: 'waiting', arrivedAt: null });
    expect(hub.engine.state.entries[byPhone!.entryId]!.phone).toBe('+12125550123');

    // Back in the lobby with the same paper ticket: the same visit goes on, nothing new is printed or numbered.
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Touch to start' }).waitFor();
    const entries = (await entriesWhere(hub.api, () => true)).length;
    const printed = paper.length;
    await scan(statusUrl!);
    await page.getByRole('heading', { name: 'Your place in line' }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('ticket').textContent()).toBe(number);
    expect(await page.locator('.here-noted').textContent()).toBe('Welcome! The staff know you are here. Please wait in the waiting area.');
    expect(await page.getByRole('button', { name: 'Call me back instead' }).count()).toBe(0);
    await shot(page, 'back-in-lobby-1080x1920');
    const [back] = await entriesWhere(hub.api, (e) => e.ticket === number);
    expect(back).toMatchObject({ entryId: byPhone!.entryId, status: 'waiting', position: byPhone!.position });
    expect(back!.arrivedAt).not.toBeNull();
    expect((await entriesWhere(hub.api, () => true)).length).toBe(entries);
    expect(paper.length).toBe(printed);
    await context.close();
  });

  it('does not let a scan take over someone who is choosing', async () => {
    const context = await browser.newContext({ viewport: PORTRAIT });
    const page = await openKiosk(context, hub.httpUrl);
    await page.getByRole('button', { name: 'Touch to start' }).click();
    await page.getByRole('button', { name: /Lab tests/ }).click();
    await page.getByRole('heading', { name: 'Want a text when you are next?' }).waitFor();
    await scan('APT-20001');
    await expect.poll(() => page.locator('.status-line').textContent(), { timeout: 10_000 }).toBe('Please finish checking in first, then scan again.');
    expect(await page.getByRole('heading', { name: 'Want a text when you are next?' }).count()).toBe(1);
    await context.close();
  });

  it("says what to scan when a code is not ours, in the person's language, and the note goes away by itself", async () => {
    const context = await browser.newContext({ viewport: PORTRAIT });
    const page = await openKiosk(context, hub.httpUrl);
    const status = page.locator('.status-line');
    const entries = (await entriesWhere(hub.api, () => true)).length;
    await scan('4006381333931'); // a shop bar code
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('We could not read that code. Scan the QR code on your ticket or appointment letter.');
    await shot(page, 'unreadable-1080x1920');
    expect(await page.getByRole('button', { name: 'Touch to start' }).count()).toBe(1);
    await expectAccessible(page, 'unreadable code');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('');

    await page.getByRole('button', { name: 'Español' }).click();
    await scan(`${hub.httpUrl}/wait/?service=lab`); // the join poster: a link of ours, but no ticket
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('No pudimos leer ese código. Escanee el código QR de su turno o de su carta de cita.');
    expect((await entriesWhere(hub.api, () => true)).length).toBe(entries);
    await context.close();
  });

  it('goes back to the welcome screen when left alone (idle time from the address)', async () => {
    const context = await browser.newContext({ viewport: PORTRAIT });
    const page = await openKiosk(context, hub.httpUrl, '&idle=1');
    await page.getByRole('button', { name: 'Touch to start' }).click();
    await page.getByRole('heading', { name: 'What are you here for?' }).waitFor();
    await page.getByRole('button', { name: 'Touch to start' }).waitFor({ timeout: 10_000 });
    await context.close();
  });
});

describe('kiosk while the hub is away', () => {
  let dataDir: string;
  let hub: RestartableHub;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-kiosk-scan-'));
    [hub, browser] = await Promise.all([startRestartableHub(dataDir), launchDisplayBrowser({ soundWithoutTap: false })]);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says it cannot reach the hub, keeps trying, and enrols once when the hub is back', async () => {
    const context = await browser.newContext({ viewport: PORTRAIT });
    const page = await openKiosk(context, hub.base);
    await page.getByRole('button', { name: 'Touch to start' }).click();
    await page.getByRole('button', { name: /Lab tests/ }).click();
    await hub.kill();
    await page.getByRole('button', { name: 'No text, just my ticket' }).click();
    await expect
      .poll(() => page.locator('.status-line').textContent(), { timeout: 10_000 })
      .toBe('We cannot reach the check-in system right now. Trying again… Please wait, or see the desk.');
    expect(await page.getByTestId('ticket').count()).toBe(0);
    await expectAccessible(page, 'hub unreachable');
    await shot(page, 'unreachable-1080x1920');

    await hub.restart();
    const ticket = page.getByTestId('ticket');
    await ticket.waitFor({ timeout: 20_000 });
    const number = (await ticket.textContent())!;
    expect(await entriesWhere(hub.api, (e) => e.serviceId === 'lab')).toMatchObject([{ ticket: number, channel: 'kiosk', status: 'waiting' }]);
    await context.close();
  });
});
