/**
 * One public address for phones, through the real parts. A hub whose site
 * file sets publicUrl hands it out everywhere a person gets a link: the
 * entrance poster's QR code (read back by zbarimg), the kiosk screen's QR code
 * (Chromium, zbarimg), the print job kiosk-1's agent receives over MQTT and the
 * QR code in the ESC/POS bytes it prints, a text, and the desk. A hub that
 * would hand out a loopback or foreign address warns at start, in its log.
 * The demo kiosk agent that `npm start` runs knows its hub's tickets on any port.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteTopics, type KioskScan } from '../../hub/contract/index.ts';
import { createLogger } from '../../hub/log.ts';
import { demoSite } from '../../hub/site/demo.ts';
import { KioskAgent } from '../../kiosk/agent/agent.ts';
import { DEFAULT_PRINTER_PROFILE } from '../../hardware/printer-profile.ts';
import { appointmentPattern } from '../../kiosk/agent/scanner/scan-meaning.ts';
import { VirtualPrinter } from '../../kiosk/agent/virtual/virtual-printer.ts';
import { ARTIFACTS, launchDisplayBrowser } from '../helpers/browser.ts';
import { signInToDesk } from '../helpers/desk.ts';
import { DEMO_PASSWORDS, nextDeviceStatus, startTestHub, TEST_API_KEY, testSite, type TestHub } from '../helpers/hub.ts';
import { startHubProcess, type HubProcess } from '../helpers/hub-process.ts';
import { connectClient, nextMessage, subscribeGranted } from '../helpers/mqtt.ts';
import { until } from '../helpers/until.ts';

const run = promisify(execFile);
/** TEST-NET-1 (RFC 5737): never an address of this machine. */
const PUBLIC = 'http://192.0.2.10:8080';
const topics = siteTopics('demo-clinic');

interface LogLine {
  level: string;
  message: string;
  publicUrl?: string;
}

const readQr = async (file: string) => (await run('zbarimg', ['-q', '--raw', file])).stdout.trim();

describe('a hub with a public address for phones', () => {
  let dir: string;
  let hub: TestHub;
  let browser: Browser;
  let agent: KioskAgent;
  let printer: VirtualPrinter;
  const logs: LogLine[] = [];
  const textsFile = () => join(dir, 'texts.txt');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lobbyline-public-url-'));
    const sms = { ...demoSite(TEST_API_KEY).sms!, gateway: { type: 'console' as const, file: textsFile() } };
    [hub, browser] = await Promise.all([
      startTestHub({ site: { ...testSite(), publicUrl: `${PUBLIC}/`, sms }, logger: createLogger('warn', (line) => logs.push(JSON.parse(line) as LogLine)) }),
      launchDisplayBrowser({ soundWithoutTap: false }),
    ]);
    printer = new VirtualPrinter({ profile: DEFAULT_PRINTER_PROFILE });
    agent = new KioskAgent({
      mqttUrl: hub.mqttUrl,
      siteId: 'demo-clinic',
      deviceId: 'kiosk-1',
      password: DEMO_PASSWORDS['kiosk-1'],
      printer: { transport: printer, profile: DEFAULT_PRINTER_PROFILE },
      scans: { ticketUrlPrefixes: [`${PUBLIC}/wait/`], appointmentPattern: appointmentPattern() },
      log: createLogger('error', () => {}),
    });
    const online = nextDeviceStatus(hub.broker, 'kiosk-1');
    await agent.start();
    await online;
  });
  afterAll(async () => {
    await agent?.stop();
    await browser?.close();
    await hub?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('says at start, in its log, that phones may not reach an address that is not this machine’s', async () => {
    await until(() => logs.some((l) => l.level === 'warn' && l.message.startsWith(`The public address ${PUBLIC} is not an address of this machine`)), 'the foreign-address warning');
    expect(logs.find((l) => l.message.startsWith('The hub listens only on 127.0.0.1'))?.message).toContain('start the hub with --host 0.0.0.0');
    expect(hub.publicUrl).toBe(PUBLIC);
  });

  it('puts it on the entrance poster', async () => {
    const response = await fetch(`${hub.httpUrl}/wait/api/join-qr.png?service=lab`);
    expect(response.status).toBe(200);
    const file = join(dir, 'poster.png');
    await writeFile(file, Buffer.from(await response.arrayBuffer()));
    expect(await readQr(file)).toBe(`${PUBLIC}/wait/?service=lab`);
  });

  it('puts it on the kiosk screen, on the printed ticket and in a text, one status link for one person', async () => {
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    const page = await context.newPage();
    await page.goto(`${hub.httpUrl}/kiosk/?device=kiosk-1&key=${DEMO_PASSWORDS['kiosk-1']}`);
    await page.getByRole('button', { name: 'Touch to start' }).click();
    await page.getByRole('button', { name: /Lab tests/ }).click();
    await page.getByLabel('Mobile number').fill('(555) 123-4567');
    await page.getByRole('button', { name: 'Get my ticket and text me' }).click();
    const ticket = (await page.getByTestId('ticket').textContent({ timeout: 5_000 }))!;
    const shot = join(ARTIFACTS, 'public-address-kiosk-ticket.png');
    await page.screenshot({ path: shot, animations: 'disabled' });
    await context.close();

    const statusUrl = await readQr(shot);
    expect(statusUrl).toMatch(new RegExp(`^${PUBLIC}/wait/#[A-Za-z0-9_-]{24}$`));

    // The agent got the job over MQTT and printed its link as the ticket's QR code (GS ( k), as the ESC/POS bytes hold it.
    const [paper] = await printer.waitForTickets(1);
    // Magnified letters print spread out.
    expect(paper!.text.replace(/ +/g, '')).toContain(ticket);
    expect(paper!.qrCodes.map((qr) => qr.data)).toEqual([statusUrl]);

    // Moved to another line, the person is texted their place, with the same link.
    const entry = ((await hub.api('GET', '/entries?status=waiting')).body as { entryId: string; ticket: string }[]).find((e) => e.ticket === ticket)!;
    expect((await hub.api('POST', `/entries/${entry.entryId}/transfer`, { toServiceId: 'reg', keepPlace: false })).status).toBe(200);
    const texts = () => readFile(textsFile(), 'utf8').catch(() => '');
    await expect.poll(texts, { timeout: 10_000 }).toContain(`Your place: ${statusUrl}`);
    expect(await texts()).toMatch(new RegExp(`ticket ${ticket} is now in the Registration line\\..* Your place: ${statusUrl.replace(/[/.#-]/g, '\\$&')}`));
  });

  it('shows it on the desk as where phones join', async () => {
    const desk = await signInToDesk(hub.httpUrl);
    expect((await desk.call('GET', '/site')).body.phonesJoinAt).toEqual({ url: `${PUBLIC}/wait/`, reachable: true });
  });
});

describe('a hub without a public address, listening on loopback only', () => {
  it('warns at start that phones cannot open its links, and how to fix it', async () => {
    const logs: LogLine[] = [];
    const hub = await startTestHub({ logger: createLogger('warn', (line) => logs.push(JSON.parse(line) as LogLine)) });
    try {
      await until(() => logs.some((l) => l.level === 'warn' && l.message.startsWith('Phones cannot open the QR codes')), 'the loopback warning');
      const warning = logs.find((l) => l.message.startsWith('Phones cannot open the QR codes'))!;
      expect(warning.message).toContain(`no public address is set and the hub listens only on 127.0.0.1, so they are ${hub.httpUrl}, which on a phone means the phone itself`);
      expect(warning.message).toMatch(/set publicUrl in the site file .* or start the hub with --public-url/);
      expect(warning.publicUrl).toBe(hub.httpUrl);
      const desk = await signInToDesk(hub.httpUrl);
      expect((await desk.call('GET', '/site')).body.phonesJoinAt).toEqual({ url: `${hub.httpUrl}/wait/`, reachable: false });
    } finally {
      await hub.stop();
    }
  });
});

describe('the demo that npm start runs, on a random port', () => {
  let dir: string;
  let hub: HubProcess;
  let output = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lobbyline-demo-kiosk-'));
    hub = await startHubProcess(dir, { keepLog: true, stdin: 'pipe', env: { LOBBYLINE_DEMO_KIOSK: 'on' } });
    hub.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
  afterAll(async () => {
    await hub?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints where phones join, and its kiosk scanner knows a ticket of this hub', async () => {
    await until(() => output.includes('"message":"kiosk agent started"'), 'the demo kiosk agent');
    expect(output).toContain(`Phones join   ${hub.base}/wait/`);

    const joined = await fetch(`${hub.base}/wait/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: 'lab', language: 'en', requestId: 'demo-kiosk-scan-1' }),
    });
    expect(joined.status).toBe(201);
    const { token } = (await joined.json()) as { token: string };

    // The kiosk screen's side: kiosk-1 follows its own scans.
    const screen = await connectClient(hub.mqttUrl, { clientId: 'kiosk-1-screen-test', username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'] });
    try {
      // The agent's own retained status says it is connected: only then is a scan sure to have a way to the hub.
      const agentOnline = nextMessage<{ online: boolean }>(screen, topics.deviceStatus('kiosk-1'), (status) => status.online === true, 30_000);
      expect(await subscribeGranted(screen, topics.deviceStatus('kiosk-1'))).toEqual([1]);
      await agentOnline;
      expect(await subscribeGranted(screen, topics.deviceScans('kiosk-1'))).toEqual([1]);
      const scanned = nextMessage<KioskScan>(screen, topics.deviceScans('kiosk-1'), () => true, 30_000);
      // Typed at the virtual scanner (the agent reads the hub's terminal), as a QR code reader would send it.
      hub.child.stdin!.write(`${hub.base}/wait/#${token}\n`);
      expect((await scanned).payload).toEqual({ kind: 'ticket', token });
    } finally {
      screen.end(true);
    }
  });
});
