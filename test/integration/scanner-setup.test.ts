/**
 * Scanner setup from the desk: staff press "Print scanner setup codes" for a
 * kiosk whose scanner the site file names, and that kiosk's agent prints the
 * maker's programming bar codes on its own printer, laid out for it. A kiosk
 * without a known scanner gets a clear refusal and nothing is printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../hub/log.ts';
import { parseSiteConfig } from '../../hub/site/config.ts';
import { KioskAgent } from '../../kiosk/agent/agent.ts';
import { DEFAULT_PRINTER_PROFILE } from '../../hardware/printer-profile.ts';
import { appointmentPattern } from '../../kiosk/agent/scanner/scan-meaning.ts';
import { VirtualPrinter } from '../../kiosk/agent/virtual/virtual-printer.ts';
import { scannerModel, setupCodes } from '../../hardware/scanners.ts';
import { signInToDesk } from '../helpers/desk.ts';
import { DEMO_PASSWORDS, nextDeviceStatus, startTestHub, testSite, type TestHub } from '../helpers/hub.ts';

let hub: TestHub;
let agent: KioskAgent;
let printer: VirtualPrinter;
let desk: (method: string, path: string) => Promise<{ status: number; body: any }>;

beforeAll(async () => {
  const site = JSON.parse(JSON.stringify(testSite()));
  site.devices.find((d: { id: string }) => d.id === 'kiosk-1').scanner = { profile: 'honeywell', mode: 'hid-pos', usbId: '0c2e:0b61' };
  site.devices.push({ ...site.devices.find((d: { id: string }) => d.id === 'kiosk-1'), id: 'kiosk-2', name: 'Side kiosk', scanner: undefined });
  hub = await startTestHub({ site: parseSiteConfig(site) });

  desk = (await signInToDesk(hub.httpUrl)).call;

  const profile = { ...DEFAULT_PRINTER_PROFILE, paperWidthMm: 58 as const, statusTimeoutMs: 1_000 };
  printer = new VirtualPrinter({ profile });
  agent = new KioskAgent({
    mqttUrl: hub.mqttUrl,
    siteId: 'demo-clinic',
    deviceId: 'kiosk-1',
    password: DEMO_PASSWORDS['kiosk-1'],
    printer: { transport: printer, profile },
    scans: { ticketUrlPrefixes: [], appointmentPattern: appointmentPattern() },
    log: createLogger('error', () => {}),
  });
  const online = nextDeviceStatus(hub.broker, 'kiosk-1');
  await agent.start();
  await online;
});
afterAll(async () => {
  await agent?.stop();
  await hub?.stop();
});

describe('scanner setup codes from the desk', () => {
  it('tells the desk which kiosks have setup codes', async () => {
    const site = await desk('GET', '/site');
    expect(site.body.kiosks).toEqual([
      { deviceId: 'kiosk-1', name: 'Lobby kiosk', scannerSetup: true },
      { deviceId: 'kiosk-2', name: 'Side kiosk', scannerSetup: false },
    ]);
  });

  it("prints the maker's programming bar codes at the kiosk, laid out for its 58 mm printer", async () => {
    const sent = await desk('POST', '/kiosks/kiosk-1/scanner-setup');
    expect(sent.status).toBe(202);
    const [sheet] = await printer.waitForTickets(1);
    const expected = setupCodes(scannerModel('honeywell')!, 'hid-pos').map((code) => code.command);
    expect(expected.length).toBeGreaterThan(0);
    const barcodes = sheet!.items.flatMap((item) => (item.kind === 'barcode' ? [item.barcode] : []));
    // Code 128 (73), code set B then FNC3, which makes it a programming code, then the command.
    expect(barcodes).toEqual(expected.map((command) => ({ symbology: 73, data: `{B{3${command}` })));
    expect(Math.max(...sheet!.text.split('\n').map((line) => line.length))).toBeLessThanOrEqual(32);
    await expect.poll(() => (hub.broker.deviceStatuses().get('kiosk-1')?.detail as { lastJob?: { jobId: string; outcome: string } })?.lastJob).toMatchObject({
      jobId: sent.body.jobId,
      outcome: 'printed',
    });
  });

  it('refuses, and prints nothing, for a kiosk whose scanner is not named or a device that is no kiosk', async () => {
    expect(await desk('POST', '/kiosks/kiosk-2/scanner-setup')).toMatchObject({ status: 409, body: { error: { message: expect.stringMatching(/name its scanner profile/) } } });
    expect(await desk('POST', '/kiosks/display-1/scanner-setup')).toMatchObject({ status: 404 });
    expect(printer.tickets).toHaveLength(1);
  });
});
