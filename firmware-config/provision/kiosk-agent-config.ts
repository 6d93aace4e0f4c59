/**
 * The kiosk agent's configuration for one kiosk of the site file: its hub,
 * its device id and password, and its printer and scanner as udev names them
 * (udev-rules.ts), with the printer model's profile.
 */
import { parseAgentConfig, type AgentConfig } from '../../kiosk/agent/config.ts';
import type { DeviceConfig, SiteConfig } from '../../hub/site/config.ts';
import { printerModel, scannerModel, scannerUsbId, parseUsbId, type ScannerMode } from '../../hardware/index.ts';
import { httpUrl, mqttUrl, type HubAddress } from './hub-address.ts';
import { STABLE_DEVICE_NAMES } from './udev-rules.ts';

/**
 * `publicUrl`: where phones reach the hub, which the tickets' QR codes start with; the hub's own address
 * is known too, for tickets printed before the site had a public address.
 * `caFile`: the site CA's file name beside the agent's configuration, when the hub speaks TLS.
 */
export function kioskAgentConfig(site: SiteConfig, device: DeviceConfig, hub: HubAddress, publicUrl: string, password: string, caFile?: string): AgentConfig {
  const printer = device.printer;
  const scanner = device.scanner;
  const model = printer ? printerModel(printer.profile) : undefined;
  const config = {
    hub: { mqttUrl: mqttUrl(hub), siteId: site.siteId, ...(caFile && { caFile }) },
    device: { id: device.id, password },
    printer: !printer
      ? { connection: 'virtual', output: '-' }
      : printer.connection === 'tcp'
        ? { connection: 'tcp', host: printer.host, ...(printer.port && { port: printer.port }) }
        : printer.connection === 'serial'
          ? { connection: 'serial', path: STABLE_DEVICE_NAMES.printer, ...(printer.baudRate && { baudRate: printer.baudRate }) }
          : { connection: 'usb', path: STABLE_DEVICE_NAMES.printer },
    ...(model && { printerProfile: model.agentProfile }),
    scanner: scanner ? scannerConnection(scanner) : { connection: 'none' },
    scans: { ticketUrlPrefixes: [...new Set([`${publicUrl}/wait/`, `${httpUrl(hub)}/wait/`])] },
  };
  // The agent's own parser has the last word: what is written is what it will accept.
  return parseAgentConfig(config, `the kiosk agent configuration for ${device.id}`);
}

function scannerConnection(scanner: NonNullable<DeviceConfig['scanner']>) {
  const mode: ScannerMode = scanner.mode;
  if (mode === 'serial') return { connection: 'serial', path: STABLE_DEVICE_NAMES.scanner, ...(scanner.baudRate && { baudRate: scanner.baudRate }) };
  const model = scannerModel(scanner.profile);
  const usbId = model && scannerUsbId(model, mode, scanner.usbId ? parseUsbId(scanner.usbId) : undefined);
  if (!usbId) throw new Error(`The USB id of scanner ${scanner.profile} in ${mode} mode is not known`);
  return { connection: mode, vendorId: usbId.vendorId, productId: usbId.productId };
}
