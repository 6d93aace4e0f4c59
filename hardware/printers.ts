/**
 * Receipt printer models a kiosk can drive, with what the kiosk agent needs
 * to know about each (its `printerProfile`) and the USB ids udev matches.
 *
 * Where the facts come from:
 * - Code page tables, native QR (`GS ( k`), fonts and columns: the model's
 *   entry in @point-of-sale/receipt-printer-encoder (`encoderModel`), which the
 *   agent already uses to encode tickets; the catalog test checks them against it.
 * - USB ids: only ids published for that model (the source is named beside
 *   each). A model without a confirmed id needs `usbId` in the site file
 *   (`lsusb` shows it); provisioning says so.
 * - Real-time status (`DLE EOT`) and Automatic Status Back (`GS a`) are ESC/POS
 *   commands of the Epson TM series; other makers' ESC/POS modes answer
 *   `DLE EOT` too, ASB is left off where unconfirmed.
 */
import { printerProfileSchema, type PrinterProfile } from './printer-profile.ts';
import type { UsbId } from './usb-id.ts';

export interface PrinterModel {
  id: string;
  name: string;
  /** The model's id in @point-of-sale/receipt-printer-encoder's capability table. */
  encoderModel: string | null;
  usbIds: readonly UsbId[];
  paperWidthMm: 58 | 80;
  /** Printable dots across the paper. */
  printableDots: number;
  dotsPerInch: number;
  /** Font A characters per line. */
  columns: number;
  cutter: 'partial' | 'full' | 'none';
  /** What the agent is told about the printer (hardware/printer-profile.ts). */
  agentProfile: PrinterProfile;
}

function model(fields: Omit<PrinterModel, 'agentProfile'> & { agentProfile: Partial<PrinterProfile> }): PrinterModel {
  const line = { paperWidthMm: fields.paperWidthMm, printableDots: fields.printableDots, columns: fields.columns };
  return { ...fields, agentProfile: printerProfileSchema.parse({ ...line, ...fields.agentProfile }) };
}

export const PRINTER_MODELS: readonly PrinterModel[] = [
  model({
    id: 'epson-tm-t20ii',
    name: 'Epson TM-T20II',
    encoderModel: 'epson-tm-t20ii',
    // 04b8:0e15: Odoo's list of ESC/POS USB printers (addons/hw_escpos/.../supported_devices.py).
    usbIds: [{ vendorId: '04b8', productId: '0e15' }],
    paperWidthMm: 80,
    printableDots: 576,
    dotsPerInch: 203,
    columns: 48,
    cutter: 'partial',
    agentProfile: { codepage: 'cp858', codepageMapping: 'epson', nativeQr: true, realTimeStatus: true, automaticStatusBack: true },
  }),
  model({
    id: 'epson-tm-t88v',
    name: 'Epson TM-T88V',
    encoderModel: 'epson-tm-t88v',
    // 04b8:0202: Openbravo's WebUSB printer list (EPSON TM T88V); Epson uses the same id for TM-T88IV.
    usbIds: [{ vendorId: '04b8', productId: '0202' }],
    paperWidthMm: 80,
    // 180 dpi: 512 dots (72 mm) and 42 columns of font A on 80 mm paper.
    printableDots: 512,
    dotsPerInch: 180,
    columns: 42,
    cutter: 'partial',
    agentProfile: { codepage: 'cp858', codepageMapping: 'epson', nativeQr: true, realTimeStatus: true, automaticStatusBack: true },
  }),
  model({
    id: 'citizen-ct-s310ii',
    name: 'Citizen CT-S310II',
    encoderModel: 'citizen-ct-s310ii',
    // No USB id confirmed for this model: the site file gives it.
    usbIds: [],
    paperWidthMm: 80,
    printableDots: 576,
    dotsPerInch: 203,
    columns: 48,
    cutter: 'partial',
    agentProfile: { codepage: 'cp858', codepageMapping: 'citizen', nativeQr: true, realTimeStatus: true, automaticStatusBack: false },
  }),
  model({
    id: 'bixolon-srp350iii',
    name: 'Bixolon SRP-350III',
    encoderModel: 'bixolon-srp350iii',
    // Bixolon's vendor id is 1504; no product id confirmed for this model: the site file gives it.
    usbIds: [],
    paperWidthMm: 80,
    printableDots: 512,
    dotsPerInch: 180,
    columns: 42,
    cutter: 'partial',
    agentProfile: { codepage: 'cp858', codepageMapping: 'bixolon', nativeQr: true, realTimeStatus: true, automaticStatusBack: false },
  }),
  model({
    id: 'generic-escpos-80',
    name: 'Any Epson-compatible 80 mm ESC/POS printer',
    encoderModel: null,
    usbIds: [],
    paperWidthMm: 80,
    printableDots: 576,
    dotsPerInch: 203,
    columns: 48,
    cutter: 'partial',
    // Printing the QR code as an image works on printers without GS ( k.
    agentProfile: { codepage: 'cp858', codepageMapping: 'epson', nativeQr: false, realTimeStatus: true, automaticStatusBack: false },
  }),
  model({
    id: 'generic-escpos-58',
    name: 'Any Epson-compatible 58 mm ESC/POS printer',
    encoderModel: null,
    usbIds: [],
    paperWidthMm: 58,
    printableDots: 384,
    dotsPerInch: 203,
    columns: 32,
    cutter: 'none',
    agentProfile: { codepage: 'cp858', codepageMapping: 'epson', nativeQr: false, realTimeStatus: true, automaticStatusBack: false },
  }),
];

export function printerModel(id: string): PrinterModel | undefined {
  return PRINTER_MODELS.find((m) => m.id === id);
}
