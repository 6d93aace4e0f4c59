/**
 * udev rules for a kiosk PC: stable names under /dev/lobbyline/ for the
 * receipt printer and the scanner whatever port they are plugged into, owned
 * by the group the kiosk agent runs in. Devices are told apart by the USB ids
 * of their profiles (or the site file's).
 */
import type { DeviceConfig } from '../../hub/site/config.ts';
import { formatUsbId, parseUsbId, printerModel, scannerModel, scannerUsbId, type UsbId } from '../../hardware/index.ts';

export const STABLE_DEVICE_NAMES = { printer: '/dev/lobbyline/printer', scanner: '/dev/lobbyline/scanner' } as const;
export const AGENT_GROUP = 'lobbyline';

/** Which kernel subsystem each connection shows up in. */
const SUBSYSTEMS = { usb: 'usbmisc', serial: 'tty', 'hid-pos': 'hidraw', keyboard: 'hidraw' } as const;

export interface UdevMatch {
  subsystem: string;
  usbId: UsbId;
  symlink: string;
}

/** What the rules match, one entry per device that needs a stable name. */
export function kioskUdevMatches(device: DeviceConfig): UdevMatch[] {
  const matches: UdevMatch[] = [];
  const { printer, scanner } = device;
  if (printer && printer.connection !== 'tcp') {
    const ids = printer.usbId ? [parseUsbId(printer.usbId)] : (printerModel(printer.profile)?.usbIds ?? []);
    for (const usbId of ids) matches.push({ subsystem: SUBSYSTEMS[printer.connection], usbId, symlink: 'lobbyline/printer' });
  }
  if (scanner) {
    const model = scannerModel(scanner.profile);
    const usbId = model && scannerUsbId(model, scanner.mode, scanner.usbId ? parseUsbId(scanner.usbId) : undefined);
    if (usbId) matches.push({ subsystem: SUBSYSTEMS[scanner.mode], usbId, symlink: 'lobbyline/scanner' });
  }
  return matches;
}

export function kioskUdevRules(device: DeviceConfig): string {
  const lines = [
    `# Lobbyline kiosk ${device.id}: stable names for its printer and scanner, readable by the agent's group.`,
    '# Install as /etc/udev/rules.d/70-lobbyline.rules, then: udevadm control --reload && udevadm trigger',
  ];
  for (const match of kioskUdevMatches(device)) {
    lines.push(
      `# ${match.symlink}: ${formatUsbId(match.usbId)}`,
      `SUBSYSTEM=="${match.subsystem}", ATTRS{idVendor}=="${match.usbId.vendorId}", ATTRS{idProduct}=="${match.usbId.productId}", SYMLINK+="${match.symlink}", GROUP="${AGENT_GROUP}", MODE="0660"`,
    );
  }
  return `${lines.join('\n')}\n`;
}
