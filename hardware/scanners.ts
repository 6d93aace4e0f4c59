/**
 * Barcode scanner families a kiosk can use, the USB ids they report in each
 * mode where those are published, and the programming bar codes that put a
 * scanner into the mode Lobbyline expects.
 *
 * Programming codes are included only where the maker documents them:
 * - Honeywell (Voyager, Xenon, Granit, …): menu commands are `Tag SubTag Data
 *   Storage`; `TRMUSB` + terminal id selects the USB interface (terminal ids
 *   124 PC keyboard, 130 USB serial, 131 HID POS: the "Terminal ID Table" of
 *   the Voyager 1200g and 1450g user's guides), `.` stores the setting through
 *   a power cycle (N3680 user guide, "Menu Command Syntax"). A menu bar code
 *   is that command in Code 128 marked with FNC3, the Code 128 reader
 *   programming character.
 * - Zebra and Datalogic: their programming bar codes could not be confirmed
 *   from the makers' guides, so none are printed; use the product reference guide.
 */
import type { UsbId } from './usb-id.ts';

export const SCANNER_MODES = ['hid-pos', 'keyboard', 'serial'] as const;
export type ScannerMode = (typeof SCANNER_MODES)[number];

/** One programming bar code: Code 128 with FNC3 in front of `command`. */
export interface ProgrammingCode {
  label: string;
  command: string;
}

export interface ScannerModel {
  id: string;
  name: string;
  /** The maker's USB vendor id, where confirmed. */
  vendorId: string | null;
  /** The product id the scanner reports in each mode, where published; otherwise the site file gives `usbId`. */
  productIds: Partial<Record<ScannerMode, string>>;
  /** Bar codes that switch the scanner to each mode. */
  modeCodes: Partial<Record<ScannerMode, ProgrammingCode>>;
  /** A bar code that ends every scan with CR: the agent reads keyboard and serial scans one line at a time. */
  carriageReturnSuffixCode: ProgrammingCode | null;
}

export const SCANNER_MODELS: readonly ScannerModel[] = [
  {
    id: 'honeywell',
    name: 'Honeywell Voyager, Xenon or Granit',
    vendorId: '0c2e',
    // Honeywell's product id changes with the model and the mode: the site file gives it.
    productIds: {},
    modeCodes: {
      'hid-pos': { label: 'USB HID POS', command: 'TRMUSB131.' },
      keyboard: { label: 'USB PC keyboard', command: 'TRMUSB124.' },
      serial: { label: 'USB serial', command: 'TRMUSB130.' },
    },
    // "Add CR Suffix, All Symbologies" in the Honeywell user's guides.
    carriageReturnSuffixCode: { label: 'Add CR suffix to all symbologies', command: 'VSUFCR.' },
  },
  {
    id: 'zebra',
    name: 'Zebra (Symbol) handheld',
    vendorId: '05e0',
    // Symbol MS4404/MS4407 integration guide, "USB Interface": 1200 HID keyboard emulation, 0600 simple COM port emulation.
    productIds: { keyboard: '1200', serial: '0600' },
    modeCodes: {},
    carriageReturnSuffixCode: null,
  },
  {
    id: 'datalogic',
    name: 'Datalogic handheld',
    vendorId: null,
    productIds: {},
    modeCodes: {},
    carriageReturnSuffixCode: null,
  },
  {
    id: 'generic',
    name: 'Any scanner (USB ids from lsusb)',
    vendorId: null,
    productIds: {},
    modeCodes: {},
    carriageReturnSuffixCode: null,
  },
];

export function scannerModel(id: string): ScannerModel | undefined {
  return SCANNER_MODELS.find((m) => m.id === id);
}

/** The USB id a scanner in `mode` reports: the site file's, or the profile's when it knows it. */
export function scannerUsbId(model: ScannerModel, mode: ScannerMode, siteUsbId: UsbId | undefined): UsbId | null {
  if (siteUsbId) return siteUsbId;
  const productId = model.productIds[mode];
  return model.vendorId && productId ? { vendorId: model.vendorId, productId } : null;
}

/** The bar codes to scan, in order, to set a scanner up for `mode`. */
export function setupCodes(model: ScannerModel, mode: ScannerMode): ProgrammingCode[] {
  const modeCode = model.modeCodes[mode];
  const suffix = mode === 'hid-pos' ? null : model.carriageReturnSuffixCode;
  return [modeCode, suffix].filter((code): code is ProgrammingCode => code !== null && code !== undefined);
}
