/**
 * The device profile catalogs, and the checks the site file makes against
 * them: a kiosk's printer and scanner must be known models, and udev must be
 * able to tell them apart by USB id.
 */
import { printerModel, PRINTER_MODELS } from './printers.ts';
import { scannerModel, scannerUsbId, SCANNER_MODELS, type ScannerMode } from './scanners.ts';
import { parseUsbId } from './usb-id.ts';

export * from './counter-boards.ts';
export * from './printers.ts';
export * from './scanners.ts';
export * from './usb-id.ts';

/** The parts of a site file device these checks read. */
export interface ProfiledDevice {
  printer?: { profile: string; connection: 'usb' | 'serial' | 'tcp'; usbId?: string; host?: string };
  scanner?: { profile: string; mode: ScannerMode; usbId?: string };
}

export interface ProfileProblem {
  field: PropertyKey[];
  message: string;
}

export function deviceProfileProblems(device: ProfiledDevice): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const { printer, scanner } = device;
  if (printer) {
    const model = printerModel(printer.profile);
    if (!model) {
      problems.push({ field: ['printer', 'profile'], message: `unknown printer profile '${printer.profile}'; known: ${PRINTER_MODELS.map((m) => m.id).join(', ')}` });
    } else if (printer.connection === 'tcp' && !printer.host) {
      problems.push({ field: ['printer', 'host'], message: 'a network printer needs its host (name or address)' });
    } else if (printer.connection !== 'tcp' && !printer.usbId && model.usbIds.length === 0) {
      problems.push({ field: ['printer', 'usbId'], message: `no USB id is known for ${model.name}: add usbId, vendor:product as lsusb shows it` });
    }
  }
  if (scanner) {
    const model = scannerModel(scanner.profile);
    if (!model) {
      problems.push({ field: ['scanner', 'profile'], message: `unknown scanner profile '${scanner.profile}'; known: ${SCANNER_MODELS.map((m) => m.id).join(', ')}` });
    } else if (!scannerUsbId(model, scanner.mode, scanner.usbId ? parseUsbId(scanner.usbId) : undefined)) {
      problems.push({ field: ['scanner', 'usbId'], message: `the USB id of a ${model.name} in ${scanner.mode} mode is not known: add usbId, vendor:product as lsusb shows it` });
    }
  }
  return problems;
}
