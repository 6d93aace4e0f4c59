/**
 * The kiosk agent's link to the hub. It connects over MQTT with the kiosk's
 * own device credentials, takes print jobs from `devices/{id}/jobs`, prints
 * them, and keeps a retained `devices/{id}/status` saying whether the printer
 * and scanner work and how the last job went; its Last Will marks the kiosk
 * offline when the connection dies. What the scanner reads goes to the kiosk
 * screen on `devices/{id}/scans`, as its meaning only (a status link's token,
 * an appointment reference): the screen acts on it.
 *
 * A kiosk may publish only its own status (hub/access/topic-rights.ts), so a job that
 * could not be printed is reported there, as `lastJob` with the reason, for
 * the kiosk screen to show the ticket instead and for staff to be alerted.
 */
import mqtt, { type MqttClient } from 'mqtt';
import {
  idField,
  isScannerSetupJob,
  parsePrintJob,
  parseScannerSetupJob,
  siteTopics,
  type DeviceStatus,
  type KioskStatus,
  type KioskStatusDetail,
  type PrintJob,
  type PrintJobOutcome,
  type SiteTopics,
} from '../../hub/contract/index.ts';
import type { Logger } from '../../hub/log.ts';
import type { PrinterStatusReport } from './printer/printer-status.ts';
import type { PrinterProfile } from '../../hardware/printer-profile.ts';
import { ReceiptPrinter } from './printer/receipt-printer.ts';
import { errorMessage, type PrinterTransport } from './printer/transport.ts';
import type { BarcodeScanner, Scan } from './scanner/scan.ts';
import { scannerModel } from '../../hardware/scanners.ts';
import { scannerSetupSheet } from '../../hardware/scanner-setup-sheet.ts';
import { interpretScan, kioskScanOf, type ScanMeaning, type ScanMeaningOptions } from './scanner/scan-meaning.ts';

export interface KioskAgentOptions {
  /** The hub's MQTT listener, e.g. mqtt://hub.local:1883, or mqtts://hub.local:8883 over TLS. */
  mqttUrl: string;
  /** Over TLS: the CA certificate (PEM) that signed the hub's; without it, the system's trusted CAs. */
  ca?: string;
  siteId: string;
  /** The kiosk's device id in the site file; its MQTT username. */
  deviceId: string;
  password: string;
  /** Default `{deviceId}-agent`, so the kiosk screen can connect as the same device alongside. */
  clientId?: string;
  printer: { transport: PrinterTransport; profile: PrinterProfile };
  scanner?: BarcodeScanner;
  scans: ScanMeaningOptions;
  log: Logger;
  /** How often the printer is asked how it is between jobs; default 15 s. */
  statusIntervalMs?: number;
  /** Jobs issued longer ago than this are not printed (nobody is waiting at the kiosk any more); default 5 min. */
  maxJobAgeMs?: number;
  /** Default 2 s. */
  reconnectMs?: number;
  now?: () => Date;
}

export type ScanListener = (scan: Scan, meaning: ScanMeaning) => void;

/** How many recent job ids are remembered, so a job delivered twice prints once. */
const REMEMBERED_JOBS = 200;

export class KioskAgent {
  private readonly printer: ReceiptPrinter;
  private client: MqttClient | undefined;
  private readonly topics: SiteTopics;
  private readonly now: () => Date;
  private detail: KioskStatusDetail = { printer: 'offline', printerMessage: 'Printer not checked yet', scanner: 'disconnected' };
  private readonly recentJobs = new Set<string>();
  private jobs: Promise<void> = Promise.resolve();
  private readonly scanListeners = new Set<ScanListener>();
  private poller: NodeJS.Timeout | undefined;
  private lastConnectError: string | undefined;

  constructor(private readonly options: KioskAgentOptions) {
    this.topics = siteTopics(options.siteId);
    this.now = options.now ?? (() => new Date());
    this.printer = new ReceiptPrinter(options.printer.transport, options.printer.profile, {
      log: options.log,
      onStatusChange: (report) => this.notePrinter(report),
    });
  }

  /** The MQTT connection, for tests that cut it. */
  get mqtt(): MqttClient | undefined {
    return this.client;
  }

  onScan(listener: ScanListener): () => void {
    this.scanListeners.add(listener);
    return () => this.scanListeners.delete(listener);
  }

  /** Starts the devices and connects; the connection is made (and remade) in the background. */
  async start(): Promise<void> {
    const { log } = this.options;
    await this.printer.start();
    this.notePrinter(await this.printer.status());
    await this.options.scanner?.start({
      onScan: (scan) => this.handleScan(scan),
      onRejected: (rejection) => log.info('Ignored a scan', { ...rejection }),
      onConnectionChange: (connected) => this.update({ scanner: connected ? 'connected' : 'disconnected' }),
    });
    this.detail.scanner = this.options.scanner?.connected ? 'connected' : 'disconnected';
    this.poller = setInterval(() => void this.printer.status().then((report) => this.notePrinter(report)), this.options.statusIntervalMs ?? 15_000);
    this.connect();
  }

  /** Says goodbye (a retained offline status), then closes the connection and the devices. */
  async stop(): Promise<void> {
    clearInterval(this.poller);
    const client = this.client;
    this.client = undefined;
    if (client?.connected) {
      const offline: DeviceStatus = { deviceId: this.options.deviceId, online: false, at: this.now().toISOString(), detail: this.detail };
      await client.publishAsync(this.topics.deviceStatus(this.options.deviceId), JSON.stringify(offline), { qos: 1, retain: true }).catch(() => {});
    }
    await client?.endAsync().catch(() => {});
    await this.jobs;
    await this.options.scanner?.stop();
    await this.printer.close();
  }

  private connect(): void {
    const { deviceId, log } = this.options;
    const statusTopic = this.topics.deviceStatus(deviceId);
    const will: DeviceStatus = { deviceId, online: false, at: this.now().toISOString() };
    const client = mqtt.connect(this.options.mqttUrl, {
      protocolVersion: 4,
      clientId: this.options.clientId ?? `${deviceId}-agent`,
      username: deviceId,
      password: this.options.password,
      clean: true,
      // Subscribed again on every connect below, so that "online" is published only after the SUBACK;
      // mqtt.js's own resubscription would answer that subscribe at once, before the hub has it.
      resubscribe: false,
      keepalive: 30,
      reconnectPeriod: this.options.reconnectMs ?? 2_000,
      connectTimeout: 10_000,
      will: { topic: statusTopic, payload: Buffer.from(JSON.stringify(will)), qos: 1, retain: true },
      ...(this.options.ca && { ca: this.options.ca }),
    });
    this.client = client;
    const jobsTopic = this.topics.deviceJobs(deviceId);
    client.on('connect', () => {
      this.lastConnectError = undefined;
      log.info('Connected to the hub', { mqtt: this.options.mqttUrl, deviceId });
      client.subscribe(jobsTopic, { qos: 1 }, (error, granted) => {
        if (error || granted?.some((g) => g.qos === 128)) {
          log.error('The hub refused this kiosk its print jobs', { topic: jobsTopic, error: error?.message });
        }
        // Online only once jobs can reach it.
        this.publishStatus();
      });
    });
    client.on('message', (topic, payload) => {
      if (topic === jobsTopic) this.receiveJob(payload);
    });
    client.on('error', (error) => {
      // mqtt.js retries by itself; one line per kind of failure is enough.
      if (error.message === this.lastConnectError) return;
      this.lastConnectError = error.message;
      log.warn('Hub connection problem', { mqtt: this.options.mqttUrl, error: error.message });
    });
    client.on('offline', () => log.info('Hub connection lost; reconnecting', { mqtt: this.options.mqttUrl }));
  }

  private receiveJob(payload: Buffer): void {
    const { log } = this.options;
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      log.warn('Ignored a print job that is not JSON', { bytes: payload.length });
      return;
    }
    if (isScannerSetupJob(json)) {
      this.receiveScannerSetup(json);
      return;
    }
    const parsed = parsePrintJob(json);
    if (!parsed.ok) {
      log.warn('Ignored an invalid print job', { reason: parsed.message });
      const jobId = (json as { jobId?: unknown } | null)?.jobId;
      if (idField.safeParse(jobId).success) this.finishJob({ jobId: jobId as string, ticket: '' }, false, parsed.message);
      return;
    }
    const { job } = parsed;
    log.debug('Print job received', { jobId: job.jobId, ticket: job.ticket });
    if (this.recentJobs.has(job.jobId)) {
      log.info('Print job already handled; not printing it twice', { jobId: job.jobId, ticket: job.ticket });
      return;
    }
    this.remember(job.jobId);
    this.jobs = this.jobs.then(() => this.printJob(job));
  }

  /** Staff asked for the scanner's setup bar codes: printed here, laid out for this printer. */
  private receiveScannerSetup(json: unknown): void {
    const { log } = this.options;
    const parsed = parseScannerSetupJob(json);
    if (!parsed.ok) {
      log.warn('Ignored an invalid scanner setup job', { reason: parsed.message });
      return;
    }
    const { job } = parsed;
    if (this.recentJobs.has(job.jobId)) return;
    this.remember(job.jobId);
    const model = scannerModel(job.scannerProfile);
    const bytes = model ? scannerSetupSheet(model, job.scannerMode, this.options.printer.profile) : null;
    const done = { jobId: job.jobId, ticket: 'scanner setup' };
    if (!bytes) {
      this.finishJob(done, false, `No setup bar codes are known for ${model?.name ?? job.scannerProfile} in ${job.scannerMode} mode`);
      return;
    }
    this.jobs = this.jobs.then(async () => {
      const result = await this.printer.printReceipt(() => bytes, 'scanner setup sheet').catch((error: unknown) => ({ ok: false as const, reason: errorMessage(error) }));
      if ('status' in result) this.notePrinter(result.status, false);
      this.finishJob(done, result.ok, result.ok ? undefined : result.reason);
    });
  }

  private async printJob(job: PrintJob): Promise<void> {
    const ageMs = this.now().getTime() - Date.parse(job.issuedAt);
    const maxAgeMs = this.options.maxJobAgeMs ?? 5 * 60_000;
    if (ageMs > maxAgeMs) {
      this.finishJob(job, false, `Ticket ${job.ticket} was issued ${Math.round(ageMs / 60_000)} min ago; not printed late`);
      return;
    }
    try {
      const result = await this.printer.print(job);
      this.notePrinter(result.status, false);
      this.finishJob(job, result.ok, result.ok ? undefined : result.reason);
    } catch (error) {
      this.finishJob(job, false, `Could not print: ${errorMessage(error)}`);
    }
  }

  private finishJob(job: Pick<PrintJob, 'jobId' | 'ticket'>, printed: boolean, reason?: string): void {
    const outcome: PrintJobOutcome = { jobId: job.jobId, ticket: job.ticket, outcome: printed ? 'printed' : 'failed', at: this.now().toISOString() };
    if (reason) outcome.reason = clip(reason);
    const fields = { jobId: job.jobId, ticket: job.ticket, deviceId: this.options.deviceId };
    if (printed) this.options.log.info('Ticket printed', fields);
    else this.options.log.warn(`Ticket not printed on kiosk ${this.options.deviceId}`, { ...fields, reason });
    this.update({ lastJob: outcome });
  }

  private handleScan(scan: Scan): void {
    const meaning = interpretScan(scan.code, this.options.scans);
    if (meaning.kind === 'unknown') this.options.log.info('Ignored a scan', { source: scan.source, reason: meaning.reason });
    else this.options.log.info('Scanned', { source: scan.source, kind: meaning.kind });
    this.forwardScan(meaning);
    for (const listener of this.scanListeners) listener(scan, meaning);
  }

  private forwardScan(meaning: ScanMeaning): void {
    const message = kioskScanOf(meaning);
    const client = this.client;
    // Nobody can act on a scan while the hub is away; one sent later would surprise the next person.
    if (!client?.connected) {
      this.options.log.warn('Scan not passed on: no connection to the hub', { kind: message.kind });
      return;
    }
    client.publish(this.topics.deviceScans(this.options.deviceId), JSON.stringify(message), { qos: 1, retain: false }, (error) => {
      if (error) this.options.log.warn('Could not pass a scan on to the kiosk screen', { error: error.message });
    });
  }

  /** Records a printer report; publishes when what staff would see changed. */
  private notePrinter(report: PrinterStatusReport, publish = true): void {
    if (report.state === this.detail.printer && clip(report.message) === this.detail.printerMessage) return;
    if (report.state !== this.detail.printer) {
      const level = report.state === 'online' ? 'info' : 'warn';
      this.options.log[level](`${report.message} on kiosk ${this.options.deviceId}`, { printer: this.options.printer.transport.description, state: report.state });
    }
    this.detail = { ...this.detail, printer: report.state, printerMessage: clip(report.message) };
    if (publish) this.publishStatus();
  }

  private update(change: Partial<KioskStatusDetail>): void {
    this.detail = { ...this.detail, ...change };
    this.publishStatus();
  }

  private publishStatus(): void {
    const client = this.client;
    // A status queued while offline would be stale on arrival; a fresh one goes out on reconnect.
    if (!client?.connected) return;
    const status: KioskStatus = { deviceId: this.options.deviceId, online: true, at: this.now().toISOString(), detail: this.detail };
    client.publish(this.topics.deviceStatus(this.options.deviceId), JSON.stringify(status), { qos: 1, retain: true }, (error) => {
      if (error) this.options.log.warn('Could not publish the kiosk status', { error: error.message });
    });
  }

  private remember(jobId: string): void {
    this.recentJobs.add(jobId);
    if (this.recentJobs.size > REMEMBERED_JOBS) this.recentJobs.delete(this.recentJobs.values().next().value as string);
  }
}

/** Messages in the status are for people and the status must stay small (see kioskStatusDetailSchema). */
function clip(message: string): string {
  return message.length <= 200 ? message : `${message.slice(0, 199)}…`;
}
