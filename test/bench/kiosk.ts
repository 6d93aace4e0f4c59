/**
 * Kiosk printing. Latency: from the hub publishing a print job to the first
 * byte reaching a serial printer on a socat pty (the agent asks the printer
 * for its status first, then sends the ticket), with the agent connected to
 * an in-process hub. Baseline in the same run: one byte written straight into
 * the same pty. Goal: first ticket byte within 200 ms.
 * Size: bytes per ticket with the printer's own QR code (goal ≤ 4 KB)
 * against a raster QR code, on 58 and 80 mm paper.
 */
import { siteTopics, type PrintJob } from '../../hub/contract/index.ts';
import { createLogger } from '../../hub/log.ts';
import { KioskAgent } from '../../kiosk/agent/agent.ts';
import { buildTicket } from '../../kiosk/agent/printer/escpos-ticket.ts';
import { DEFAULT_PRINTER_PROFILE, type PrinterProfile } from '../../hardware/printer-profile.ts';
import { SerialTransport } from '../../kiosk/agent/printer/serial-transport.ts';
import { appointmentPattern } from '../../kiosk/agent/scanner/scan-meaning.ts';
import { DEMO_PASSWORDS, nextDeviceStatus, startTestHub } from '../helpers/hub.ts';
import { answerStatusRequests, openPtyEnd, openPtyPair } from '../helpers/pty.ts';
import { fmt, percentile } from './engine-bench.ts';

const ROUNDS = 50;
const WARMUP = 5;
const GOAL_MS = 200;
const GOAL_BYTES = 4096;
const READY = { 1: 0x12, 2: 0x12, 4: 0x12 };

function job(n: number): PrintJob {
  return {
    jobId: `bench-${n}`,
    ticket: `L-${String(n).padStart(3, '0')}`,
    serviceName: { en: 'Lab tests', es: 'Análisis de laboratorio' },
    language: 'es',
    position: 4,
    estimate: { lowMinutes: 6, highMinutes: 14 },
    issuedAt: new Date().toISOString(),
    timeZone: 'America/Lima',
    siteName: 'Clínica Demo',
    statusUrl: `http://192.168.1.10:8080/wait/L-${n}-7f3a9c`,
  };
}

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? 0 };
};

async function latency(): Promise<string[]> {
  const hub = await startTestHub();
  const pair = await openPtyPair();
  const far = openPtyEnd(pair.b);
  far.onData(answerStatusRequests((bytes) => void far.write(bytes), () => READY));
  const profile: PrinterProfile = { ...DEFAULT_PRINTER_PROFILE, paperWidthMm: 80 };
  const agent = new KioskAgent({
    mqttUrl: hub.mqttUrl,
    siteId: 'demo-clinic',
    deviceId: 'kiosk-1',
    password: DEMO_PASSWORDS['kiosk-1'],
    printer: { transport: new SerialTransport({ path: pair.a }), profile },
    scans: { ticketUrlPrefixes: [], appointmentPattern: appointmentPattern() },
    log: createLogger('error', () => {}),
    statusIntervalMs: 3_600_000,
  });
  try {
    const online = nextDeviceStatus(hub.broker, 'kiosk-1');
    await agent.start();
    await online;

    const jobsTopic = siteTopics('demo-clinic').deviceJobs('kiosk-1');
    const toRequest: number[] = [];
    const toTicket: number[] = [];
    const direct: number[] = [];
    for (let round = 0; round < ROUNDS + WARMUP; round++) {
      const from = far.received().length;
      const done = nextDeviceStatus(hub.broker, 'kiosk-1', (status) => (status.detail as { lastJob?: { jobId: string } } | undefined)?.lastJob?.jobId === `bench-${round}`);
      const started = performance.now();
      let firstByte = 0;
      const firstTicketByte = far.waitFor((b) => {
        if (!firstByte && b.length > from) firstByte = performance.now();
        return b.indexOf(Buffer.from([0x1b, 0x40]), from) >= 0;
      }, 5_000, 'the ticket');
      hub.broker.publish(jobsTopic, job(round));
      await firstTicketByte;
      const ticketAt = performance.now();
      await done;
      if (round >= WARMUP) {
        toRequest.push(firstByte - started);
        toTicket.push(ticketAt - started);
      }
    }
    // Baseline: a byte through the same pty pair, nothing else.
    await agent.stop();
    const transport = new SerialTransport({ path: pair.a });
    for (let round = 0; round < ROUNDS; round++) {
      const from = far.received().length;
      const started = performance.now();
      const arrived = far.waitFor((b) => b.length > from, 2_000, 'the byte');
      await transport.write(Uint8Array.from([0x0a]));
      await arrived;
      direct.push(performance.now() - started);
    }
    await transport.close();

    const request = stats(toRequest);
    const ticket = stats(toTicket);
    const baseline = stats(direct);
    return [
      `print job → first printer byte (DLE EOT status request), ${ROUNDS} jobs over MQTT and a pty: p50 ${fmt(request.p50)} ms, p95 ${fmt(request.p95)} ms`,
      `print job → first ticket byte (after the printer said it is ready): p50 ${fmt(ticket.p50)} ms, p95 ${fmt(ticket.p95)} ms, max ${fmt(ticket.max)} ms (goal ≤ ${GOAL_MS} ms: p95 is ${fmt(ticket.p95 / GOAL_MS, 2)}× the goal)`,
      `baseline, one byte written straight into the pty: p50 ${fmt(baseline.p50, 2)} ms; the job path costs ${fmt(ticket.p50 / baseline.p50, 0)}× that at p50`,
    ];
  } finally {
    await agent.stop().catch(() => {});
    far.close();
    await pair.close();
    await hub.stop();
  }
}

function size(): string[] {
  const lines: string[] = [];
  for (const paperWidthMm of [58, 80] as const) {
    const profile: PrinterProfile = { ...DEFAULT_PRINTER_PROFILE, paperWidthMm };
    const native = buildTicket(job(1), profile).length;
    const raster = buildTicket(job(1), { ...profile, nativeQr: false }).length;
    lines.push(
      `${paperWidthMm} mm ticket: ${native} bytes with the printer's QR code (${fmt(native / GOAL_BYTES, 2)}× the ${GOAL_BYTES}-byte goal), ${raster} bytes with a raster QR code (${fmt(raster / native, 1)}× native)`,
    );
  }
  return lines;
}

export async function benchKiosk(): Promise<string[]> {
  return [...size(), ...(await latency())];
}
