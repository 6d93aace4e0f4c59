/**
 * The programming bar codes for a kiosk's scanner as a receipt: printed on the
 * kiosk's own printer (or any ESC/POS printer at the desk), scanned top to
 * bottom, they put the scanner into the mode the site file names.
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { PrinterProfile } from './printer-profile.ts';
import { lineOf } from './printer-profile.ts';
import { setupCodes, type ScannerMode, type ScannerModel } from './scanners.ts';

/** ESC/POS Code 128 data: code set B, then FNC3 (reader programming), then the command. */
export function code128ProgrammingData(command: string): string {
  return `{B{3${command}`;
}

/** The sheet as ESC/POS bytes, or null when the scanner's maker publishes no codes Lobbyline can print. */
export function scannerSetupSheet(model: ScannerModel, mode: ScannerMode, profile: PrinterProfile): Uint8Array | null {
  const codes = setupCodes(model, mode);
  if (codes.length === 0) return null;
  const encoder = new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns: lineOf(profile).columns,
    codepageMapping: profile.codepageMapping,
    feedBeforeCut: profile.feedBeforeCut,
  });
  encoder.initialize().align('center').bold(true).line(`${model.name}: ${mode} mode`).bold(false).line('Scan each code, top to bottom.').newline();
  codes.forEach((code, i) => {
    encoder.line(`${i + 1}. ${code.label}`).barcode(code128ProgrammingData(code.command), 'code128', { height: 80, width: 2, text: 'none' }).line(code.command).newline();
  });
  return encoder.cut().encode();
}
