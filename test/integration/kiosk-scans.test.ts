/**
 * Scans reach the kiosk screen: the kiosk agent reads a serial scanner on a
 * socat pty pair and passes what a code means (a status link's token, an
 * appointment reference) to `devices/{id}/scans` on a real hub, never the
 * raw code of anything else. Only that kiosk may read or write its scans.
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../hub/access/credentials.ts';
import { siteTopics, type KioskScan } from '../../hub/contract/index.ts';
import { createLogger } from '../../hub/log.ts';
import { KioskAgent } from '../../kiosk/agent/agent.ts';
import { DEFAULT_PRINTER_PROFILE } from '../../hardware/printer-profile.ts';
import { appointmentPattern } from '../../kiosk/agent/scanner/scan-meaning.ts';
import { SerialScanner } from '../../kiosk/agent/scanner/serial-scanner.ts';
import { VirtualPrinter } from '../../kiosk/agent/virtual/virtual-printer.ts';
import { DEMO_PASSWORDS, nextDeviceStatus, startTestHub, testSite, type TestHub } from '../helpers/hub.ts';
import { connectClient, publishAsync, subscribeGranted } from '../helpers/mqtt.ts';
import { openPtyEnd, openPtyPair, type PtyEnd, type PtyPair } from '../helpers/pty.ts';

const SITE = 'demo-clinic';
const topics = siteTopics(SITE);
const SCANS = topics.deviceScans('kiosk-1');
const WAIT_PREFIX = 'http://127.0.0.1:8080/wait/';
const TOKEN = 'q3Vx0-Lm_8bC2dEfGh1JkL9n';

let hub: TestHub;
let pair: PtyPair;
let scannerEnd: PtyEnd;
let agent: KioskAgent;
/** kiosk-1's screen, as the kiosk app connects. */
let screen: MqttClient;
const received: KioskScan[] = [];

beforeAll(async () => {
  const site = testSite();
  site.devices = [...site.devices, { id: 'kiosk-2', role: 'kiosk', name: 'Second kiosk', secretHash: hashSecret('test-kiosk-2') }];
  [hub, pair] = await Promise.all([startTestHub({ site }), openPtyPair()]);
  scannerEnd = openPtyEnd(pair.b);
  agent = new KioskAgent({
    mqttUrl: hub.mqttUrl,
    siteId: SITE,
    deviceId: 'kiosk-1',
    password: DEMO_PASSWORDS['kiosk-1'],
    printer: { transport: new VirtualPrinter({ profile: DEFAULT_PRINTER_PROFILE }), profile: DEFAULT_PRINTER_PROFILE },
    scanner: new SerialScanner({ path: pair.a }),
    scans: { ticketUrlPrefixes: [WAIT_PREFIX], appointmentPattern: appointmentPattern() },
    log: createLogger('error', () => {}),
    reconnectMs: 200,
  });
  const online = nextDeviceStatus(hub.broker, 'kiosk-1');
  await agent.start();
  await online;
  screen = await connectClient(hub.mqttUrl, { clientId: 'kiosk-1-screen-test', username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'] });
  expect(await subscribeGranted(screen, SCANS)).toEqual([1]);
  screen.on('message', (topic, payload, packet) => {
    if (topic !== SCANS) return;
    expect(packet.retain).toBe(false);
    received.push(JSON.parse(payload.toString()) as KioskScan);
  });
});
afterAll(async () => {
  screen?.end(true);
  await agent?.stop();
  scannerEnd?.close();
  await pair?.close();
  await hub?.stop();
});

/** Types codes on the scanner, then a marker, and returns what the screen got up to the marker. */
async function scanned(...codes: string[]): Promise<KioskScan[]> {
  const marker = `APT-${String(Date.now()).slice(-8)}`;
  const from = received.length;
  for (const code of [...codes, marker]) await scannerEnd.write(`${code}\r\n`);
  await expect.poll(() => received.slice(from).some((scan) => scan.kind === 'appointment' && scan.reference === marker)).toBe(true);
  const got = received.slice(from);
  expect(got.at(-1)).toEqual({ kind: 'appointment', reference: marker });
  return got.slice(0, -1);
}

describe('scans from the kiosk agent to its screen', () => {
  it('passes on an appointment reference and a ticket QR code as their meaning only', async () => {
    expect(await scanned('APT-12345', `${WAIT_PREFIX}#${TOKEN}`)).toEqual([
      { kind: 'appointment', reference: 'APT-12345' },
      { kind: 'ticket', token: TOKEN },
    ]);
  });

  it('keeps the code of anything else to itself and only says it was unreadable: garbage, foreign links, a join-page link without a token', async () => {
    const unreadable = { kind: 'unreadable' };
    expect(await scanned('hello world', 'https://example.com/promo', `${WAIT_PREFIX}?service=lab`, '4006381333931')).toEqual([unreadable, unreadable, unreadable, unreadable]);
  });

  it('lets no other kiosk read or write kiosk-1 scans, and drops a malformed or retained scan', async () => {
    const other = await connectClient(hub.mqttUrl, { clientId: 'kiosk-2-screen-test', username: 'kiosk-2', password: 'test-kiosk-2' });
    try {
      expect(await subscribeGranted(other, SCANS)).toEqual([128]);
      expect(await subscribeGranted(other, topics.deviceScans('+'))).toEqual([128]);
      // Refused or dropped by the hub: the screen gets only the scan typed after them.
      await publishAsync(other, SCANS, JSON.stringify({ kind: 'appointment', reference: 'APT-66666' }));
      await publishAsync(screen, SCANS, JSON.stringify({ kind: 'ticket', code: 'raw text' }));
      await publishAsync(screen, SCANS, JSON.stringify({ kind: 'unreadable', code: 'raw text' }));
      await publishAsync(screen, SCANS, 'not json');
      await publishAsync(screen, SCANS, JSON.stringify({ kind: 'appointment', reference: 'APT-77777' }), { qos: 1, retain: true });
      expect(await scanned()).toEqual([{ kind: 'appointment', reference: 'APT-77777' }]);
      // Delivered live, never kept: a screen that connects now finds nothing retained.
      const late = await connectClient(hub.mqttUrl, { clientId: 'kiosk-1-screen-late', username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'] });
      const lateScans: string[] = [];
      late.on('message', (topic) => topic === SCANS && lateScans.push(topic));
      expect(await subscribeGranted(late, SCANS)).toEqual([1]);
      await scanned();
      expect(lateScans).toHaveLength(1);
      late.end(true);
    } finally {
      other.end(true);
    }
  });
});
