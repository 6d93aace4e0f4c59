/**
 * The kiosk agent: `tsx kiosk/agent/main.ts [--config FILE]`. Runs on each
 * kiosk PC, drives its receipt printer and barcode scanner, and takes print
 * jobs from the hub. With no configuration it runs the demo: the demo site's
 * kiosk-1 against a hub on this machine, a virtual printer that writes
 * tickets to the terminal, and a scanner you type codes into.
 */
import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, type Logger } from '../../hub/log.ts';
import { KioskAgent } from './agent.ts';
import { AgentConfigError, DEMO_CONFIG, loadAgentConfig, parseAgentConfig, readCaFile, type AgentConfig } from './config.ts';
import { listDevices } from './list-devices.ts';
import { SerialTransport } from './printer/serial-transport.ts';
import { TcpTransport } from './printer/tcp-transport.ts';
import type { PrinterTransport } from './printer/transport.ts';
import { UsbLpTransport } from './printer/usb-lp-transport.ts';
import { HidScanner } from './scanner/hid-scanner.ts';
import type { BarcodeScanner } from './scanner/scan.ts';
import { appointmentPattern } from './scanner/scan-meaning.ts';
import { SerialScanner } from './scanner/serial-scanner.ts';
import { VirtualPrinter } from './virtual/virtual-printer.ts';
import { VirtualScanner } from './virtual/virtual-scanner.ts';

const USAGE = `Usage: tsx kiosk/agent/main.ts [--config FILE] [--mqtt-url URL] [--list-devices]
  --config FILE     the agent's JSON configuration (default: the demo kiosk with virtual devices)
  --mqtt-url URL    the hub, overriding the configuration (e.g. mqtt://hub.local:1883)
  --ticket-url-prefix URL
                    scanned links starting with it are this site's tickets, besides the configuration's scans.ticketUrlPrefixes
  --list-devices    show serial ports, USB printers and HID devices, then exit
Environment: LOBBYLINE_KIOSK_CONFIG, LOBBYLINE_MQTT_URL, LOBBYLINE_KIOSK_PASSWORD (the device password)`;

function createPrinterTransport(config: AgentConfig, log: Logger): PrinterTransport {
  const printer = config.printer;
  switch (printer.connection) {
    case 'serial':
      return new SerialTransport({ path: printer.path, baudRate: printer.baudRate, log });
    case 'usb':
      return new UsbLpTransport({ path: printer.path, log });
    case 'tcp':
      return new TcpTransport({ host: printer.host, port: printer.port, log });
    case 'virtual': {
      const output = printer.output;
      const write = output === '-' ? (text: string) => process.stdout.write(`\n${text}`) : (text: string) => void appendFile(output, `${text}\n`);
      return new VirtualPrinter({ profile: config.printerProfile, condition: printer.condition, output: write });
    }
  }
}

function createScanner(config: AgentConfig, log: Logger): BarcodeScanner | undefined {
  const scanner = config.scanner;
  const decode = { maxLength: config.scans.maxLength, partialTimeoutMs: config.scans.partialTimeoutMs };
  switch (scanner.connection) {
    case 'serial':
      return new SerialScanner({ path: scanner.path, baudRate: scanner.baudRate, decode, log });
    case 'hid-pos':
      return new HidScanner({ mode: 'hid-pos', vendorId: scanner.vendorId, productId: scanner.productId, decode, log });
    case 'keyboard':
      return new HidScanner({
        mode: 'keyboard',
        vendorId: scanner.vendorId,
        productId: scanner.productId,
        ...(scanner.reportId !== undefined && { reportId: scanner.reportId }),
        decode,
        log,
      });
    case 'virtual':
      return new VirtualScanner(process.stdin);
    case 'none':
      return undefined;
  }
}

async function main(): Promise<void> {
  // Started by the hub's demo (`npm start`): go when the hub goes, however it ended
  // (a killed parent may leave the IPC channel open, so its pid is watched too).
  if (process.send) {
    const hubPid = process.ppid;
    process.on('disconnect', () => process.exit(0));
    setInterval(() => process.ppid !== hubPid && process.exit(0), 1_000).unref();
  }
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      'mqtt-url': { type: 'string' },
      'ticket-url-prefix': { type: 'string', multiple: true },
      'list-devices': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values['list-devices']) {
    console.log(JSON.stringify(await listDevices(), null, 2));
    return;
  }
  const env = process.env;
  const configPath = values.config ?? env.LOBBYLINE_KIOSK_CONFIG;
  const config = configPath ? await loadAgentConfig(resolve(configPath)) : parseAgentConfig(DEMO_CONFIG, 'the demo configuration');
  const mqttUrl = values['mqtt-url'] ?? env.LOBBYLINE_MQTT_URL ?? config.hub.mqttUrl;
  const password = env.LOBBYLINE_KIOSK_PASSWORD ?? config.device.password;
  if (!password) throw new AgentConfigError(`No password for device ${config.device.id}: set LOBBYLINE_KIOSK_PASSWORD or device.password`);

  const ca = config.hub.caFile ? await readCaFile(config.hub.caFile) : undefined;

  const log = createLogger();
  const scanner = createScanner(config, log);
  const agent = new KioskAgent({
    mqttUrl,
    ...(ca && { ca }),
    siteId: config.hub.siteId,
    deviceId: config.device.id,
    password,
    printer: { transport: createPrinterTransport(config, log), profile: config.printerProfile },
    ...(scanner && { scanner }),
    scans: { ticketUrlPrefixes: [...config.scans.ticketUrlPrefixes, ...(values['ticket-url-prefix'] ?? [])], appointmentPattern: appointmentPattern(config.scans.appointmentPattern) },
    statusIntervalMs: config.statusIntervalSeconds * 1000,
    log,
  });
  await agent.start();
  if (config.timeZone) log.warn("timeZone in the kiosk agent configuration is no longer used: tickets show the site's time zone (timezone in the site file); remove it", { timeZone: config.timeZone });
  log.info('kiosk agent started', { deviceId: config.device.id, mqtt: mqttUrl, printer: config.printer.connection, scanner: config.scanner.connection });
  if (!configPath) console.log('\nDemo kiosk agent: tickets print here; type a code and Enter to scan it.\n');

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info('stopping', { signal });
      void agent.stop().then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof AgentConfigError ? error.message : `The kiosk agent could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
