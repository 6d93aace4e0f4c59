/**
 * The kiosk agent against a real hub (in-process: SQLite file, aedes broker
 * on an ephemeral port) with its demo credentials: jobs published on its
 * jobs topic come out of the (virtual) printer, its retained status reaches
 * the hub, a printer that cannot print fails the job in that status, and a
 * dead connection marks the kiosk offline through its Last Will, also when
 * the agent process itself is killed.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { siteTopics, type DeviceStatus, type KioskStatus, type PrintJob } from '../../hub/contract/index.ts';
import { createLogger } from '../../hub/log.ts';
import { KioskAgent } from '../../kiosk/agent/agent.ts';
import { DEFAULT_PRINTER_PROFILE, type PrinterProfile } from '../../hardware/printer-profile.ts';
import { appointmentPattern, type ScanMeaning } from '../../kiosk/agent/scanner/scan-meaning.ts';
import { VirtualPrinter } from '../../kiosk/agent/virtual/virtual-printer.ts';
import { VirtualScanner } from '../../kiosk/agent/virtual/virtual-scanner.ts';
import { DEMO_PASSWORDS, startTestHub, type TestHub } from '../helpers/hub.ts';

const SITE = 'demo-clinic';
const topics = siteTopics(SITE);
const ROOT = new URL('../../', import.meta.url).pathname;

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
});

let sequence = 0;
function job(overrides: Partial<PrintJob> = {}): PrintJob {
  sequence += 1;
  return {
    jobId: `job-${Date.now()}-${sequence}`,
    ticket: `L-${String(sequence).padStart(3, '0')}`,
    serviceName: { en: 'Lab tests', es: 'Análisis de laboratorio' },
    language: 'es',
    position: 2,
    estimate: { lowMinutes: 4, highMinutes: 9 },
    issuedAt: new Date().toISOString(),
    timeZone: 'America/New_York',
    siteName: 'Demo Clinic',
    statusUrl: `http://127.0.0.1:8080/wait/${sequence}`,
    ...overrides,
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const kioskStatus = () => hub.broker.deviceStatuses().get('kiosk-1') as KioskStatus | undefined;

/** The next status of kiosk-1 that passes `match`. */
function nextStatus(match: (status: DeviceStatus) => boolean, timeoutMs = 5_000, what = 'matching'): Promise<DeviceStatus> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no ${what} kiosk-1 status within ${timeoutMs} ms; latest: ${JSON.stringify(kioskStatus())}`));
    }, timeoutMs);
    const stop = hub.broker.onDeviceStatus((status) => {
      if (status.deviceId !== 'kiosk-1' || !match(status)) return;
      clearTimeout(timer);
      stop();
      resolve(status);
    });
  });
}

describe('kiosk agent with a virtual printer', () => {
  let agent: KioskAgent;
  let printer: VirtualPrinter;
  let scanner: VirtualScanner;
  const logs: { level: string; message: string; [key: string]: unknown }[] = [];

  const start = async (profile: PrinterProfile = { ...DEFAULT_PRINTER_PROFILE, statusTimeoutMs: 1_000 }) => {
    printer = new VirtualPrinter({ profile });
    scanner = new VirtualScanner();
    agent = new KioskAgent({
      mqttUrl: hub.mqttUrl,
      siteId: SITE,
      deviceId: 'kiosk-1',
      password: DEMO_PASSWORDS['kiosk-1'],
      printer: { transport: printer, profile },
      scanner,
      scans: { ticketUrlPrefixes: ['http://127.0.0.1:8080/wait/'], appointmentPattern: appointmentPattern() },
      log: createLogger('debug', (line) => logs.push(JSON.parse(line))),
      reconnectMs: 200,
    });
    const online = nextStatus((s) => s.online);
    await agent.start();
    await online;
  };

  beforeEach(() => {
    logs.length = 0;
  });
  afterEach(async () => {
    await agent?.stop();
  });

  it('prints a job published on its jobs topic and reports it printed in its retained status', async () => {
    await start();
    expect(kioskStatus()).toMatchObject({ online: true, detail: { printer: 'online', scanner: 'connected' } });
    const ticket = job();
    const printed = nextStatus((s) => (s as KioskStatus).detail?.lastJob?.jobId === ticket.jobId);
    hub.broker.publish(topics.deviceJobs('kiosk-1'), ticket);
    const [paper] = await printer.waitForTickets(1);
    expect(paper!.qrCodes.map((qr) => qr.data)).toEqual([ticket.statusUrl]);
    expect(paper!.text).toContain('Análisis de laboratorio');
    expect(paper!.text).toContain('Su lugar en la fila: 2');
    expect(paper!.text).toMatch(new RegExp([...ticket.ticket].join(' {3,}'))); // magnified: letters spread out
    expect(paper!.text).toMatch(/-+ cut -+/);
    expect((await printed) as KioskStatus).toMatchObject({
      deviceId: 'kiosk-1',
      online: true,
      detail: { printer: 'online', lastJob: { jobId: ticket.jobId, ticket: ticket.ticket, outcome: 'printed' } },
    });
  });

  it('prints a job delivered twice once', async () => {
    await start();
    const ticket = job();
    const printed = nextStatus((s) => (s as KioskStatus).detail?.lastJob?.jobId === ticket.jobId);
    hub.broker.publish(topics.deviceJobs('kiosk-1'), ticket);
    hub.broker.publish(topics.deviceJobs('kiosk-1'), ticket);
    await printed;
    await expect.poll(() => logs.some((l) => l.message === 'Print job already handled; not printing it twice')).toBe(true);
    expect(printer.tickets).toHaveLength(1);
  });

  it('fails the job when the printer is out of paper, says why, and prints nothing', async () => {
    await start();
    printer.setCondition('paper-out');
    const ticket = job();
    const failed = nextStatus((s) => (s as KioskStatus).detail?.lastJob?.jobId === ticket.jobId);
    hub.broker.publish(topics.deviceJobs('kiosk-1'), ticket);
    expect(((await failed) as KioskStatus).detail).toMatchObject({
      printer: 'paper-out',
      printerMessage: 'Printer is out of paper',
      lastJob: { jobId: ticket.jobId, outcome: 'failed', reason: 'Printer is out of paper' },
    });
    expect(printer.tickets).toHaveLength(0);
    expect(logs.some((l) => l.level === 'warn' && l.message === 'Ticket not printed on kiosk kiosk-1')).toBe(true);
  });

  it('fails the job when the printer does not answer (unplugged)', async () => {
    await start({ ...DEFAULT_PRINTER_PROFILE, statusTimeoutMs: 150 });
    printer.setCondition('silent');
    const ticket = job();
    const failed = nextStatus((s) => (s as KioskStatus).detail?.lastJob?.jobId === ticket.jobId);
    hub.broker.publish(topics.deviceJobs('kiosk-1'), ticket);
    expect(((await failed) as KioskStatus).detail).toMatchObject({ printer: 'offline', lastJob: { outcome: 'failed', reason: expect.stringMatching(/does not answer/) } });
  });

  it('refuses an invalid job with the reason, and a stale one', async () => {
    await start();
    const invalid = nextStatus((s) => (s as KioskStatus).detail?.lastJob?.jobId === 'bad-job');
    hub.broker.publish(topics.deviceJobs('kiosk-1'), { ...job(), jobId: 'bad-job', phone: '+15551234567' });
    expect(((await invalid) as KioskStatus).detail.lastJob).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/Invalid print job.*phone/) });

    const stale = job({ issuedAt: new Date(Date.now() - 30 * 60_000).toISOString() });
    const late = nextStatus((s) => (s as KioskStatus).detail?.lastJob?.jobId === stale.jobId);
    hub.broker.publish(topics.deviceJobs('kiosk-1'), stale);
    expect(((await late) as KioskStatus).detail.lastJob).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/30 min ago; not printed late/) });
    expect(printer.tickets).toHaveLength(0);
  });

  it('reports a cover opened between jobs at once, through Automatic Status Back', async () => {
    await start({ ...DEFAULT_PRINTER_PROFILE, statusTimeoutMs: 1_000, automaticStatusBack: true });
    const coverOpen = nextStatus((s) => (s as KioskStatus).detail?.printer === 'cover-open');
    printer.setCondition('cover-open');
    expect(((await coverOpen) as KioskStatus).detail.printerMessage).toBe('Printer cover is open');
    const ready = nextStatus((s) => (s as KioskStatus).detail?.printer === 'online');
    printer.setCondition('ready');
    await ready;
  });

  it('tells scans apart: ticket QR, appointment letter, unknown', async () => {
    await start();
    const meanings: ScanMeaning[] = [];
    agent.onScan((_scan, meaning) => meanings.push(meaning));
    scanner.scan('http://127.0.0.1:8080/wait/7');
    scanner.scan('APT-20240');
    scanner.scan('4006381333931');
    expect(meanings).toEqual([
      { kind: 'ticket', statusUrl: 'http://127.0.0.1:8080/wait/7' },
      { kind: 'appointment', reference: 'APT-20240' },
      { kind: 'unknown', reason: 'neither a ticket QR code nor an appointment reference' },
    ]);
  });

  it('is marked offline by its Last Will when its connection dies, and comes back by itself', async () => {
    await start();
    await sleep(5); // statuses carry millisecond times: everything from here on is strictly later
    const offline = nextStatus((s) => !s.online, 5_000, 'offline');
    const before = Date.now();
    agent.mqtt!.stream.destroy(); // no DISCONNECT: the hub only sees the socket go
    const status = await offline;
    expect(status).toMatchObject({ deviceId: 'kiosk-1', online: false });
    expect(Date.parse(status.at)).toBeGreaterThanOrEqual(before - 1_000); // stamped by the hub when the will went out
    // mqtt.js may first resend the status it had in flight; the one that counts is written after the new subscription.
    await nextStatus((s) => s.online && Date.parse(s.at) > before, 5_000, 'fresh online');
    const ticket = job();
    const printed = nextStatus((s) => (s as KioskStatus).detail?.lastJob?.jobId === ticket.jobId);
    hub.broker.publish(topics.deviceJobs('kiosk-1'), ticket);
    expect(((await printed) as KioskStatus).detail.lastJob?.outcome).toBe('printed');
  });

  it('says goodbye with a retained offline status when stopped', async () => {
    await start();
    const offline = nextStatus((s) => !s.online);
    await agent.stop();
    expect(await offline).toMatchObject({ online: false });
  });
});

describe('kiosk agent process (kiosk/agent/main.ts)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lobbyline-kiosk-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs from its configuration file, prints a job, and is marked offline when killed', async () => {
    const ticketsFile = join(dir, 'tickets.txt');
    const configFile = join(dir, 'kiosk-agent.json');
    await writeFile(
      configFile,
      JSON.stringify({
        hub: { mqttUrl: hub.mqttUrl, siteId: SITE },
        device: { id: 'kiosk-1' },
        printer: { connection: 'virtual', output: ticketsFile },
        printerProfile: { paperWidthMm: 58 },
        scanner: { connection: 'none' },
      }),
    );
    const online = nextStatus((s) => s.online, 15_000);
    const child = spawn(process.execPath, ['--import', 'tsx', 'kiosk/agent/main.ts', '--config', configFile], {
      cwd: ROOT,
      env: { ...process.env, LOBBYLINE_KIOSK_PASSWORD: DEMO_PASSWORDS['kiosk-1'] },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      await online.catch((error: Error) => {
        throw new Error(`${error.message}\nagent stderr: ${stderr}`);
      });
      const ticket = job({ ticket: 'X-042', serviceName: { en: 'X-ray', es: 'Rayos X' } });
      const printed = nextStatus((s) => (s as KioskStatus).detail?.lastJob?.jobId === ticket.jobId);
      hub.broker.publish(topics.deviceJobs('kiosk-1'), ticket);
      expect(((await printed) as KioskStatus).detail).toMatchObject({ printer: 'online', scanner: 'disconnected', lastJob: { outcome: 'printed' } });
      const text = await readFile(ticketsFile, 'utf8');
      expect(text).toMatch(/X {3,}- {3,}0 {3,}4 {3,}2/);
      expect(text).toContain('Rayos X');
      expect(text).toContain(`[QR code: ${ticket.statusUrl}]`);

      const offline = nextStatus((s) => !s.online);
      child.kill('SIGKILL');
      expect(await offline).toMatchObject({ deviceId: 'kiosk-1', online: false });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
  });

  it('refuses a configuration with a clear message', async () => {
    const configFile = join(dir, 'bad.json');
    await writeFile(configFile, JSON.stringify({ hub: { mqttUrl: 'http://x', siteId: SITE }, device: { id: 'kiosk-1' }, printer: { connection: 'serial' } }));
    const child = spawn(process.execPath, ['--import', 'tsx', 'kiosk/agent/main.ts', '--config', configFile], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/is not a valid kiosk agent configuration: hub\.mqttUrl: must be an MQTT URL.*printer\.path/);
  });
});
