/**
 * HID POS barcode scanners (usage page 0x8C, "HID Point of Sale Usage
 * Tables") send each code in scanned-data input reports. The layout is the
 * one Honeywell and Zebra scanners use in HID POS mode, 64 bytes:
 *
 *   [0]      report id (0x02)
 *   [1]      how many data bytes this report holds
 *   [2..4]   AIM symbology identifier ("]Q1" for a QR code)
 *   [5..60]  data, up to 56 bytes
 *   [63]     bit 0: more data follows in the next report
 *
 * Scanners that differ say so in their report descriptor; the offsets are options.
 */
import { CodeAssembler, type CodeAssemblerOptions, type ScanEvents } from './scan.ts';

export interface HidPosLayout {
  reportId: number;
  lengthIndex: number;
  symbologyIndex: number;
  symbologyLength: number;
  dataIndex: number;
  dataCapacity: number;
  continuedIndex: number;
  continuedMask: number;
}

export const DEFAULT_HID_POS_LAYOUT: HidPosLayout = {
  reportId: 0x02,
  lengthIndex: 1,
  symbologyIndex: 2,
  symbologyLength: 3,
  dataIndex: 5,
  dataCapacity: 56,
  continuedIndex: 63,
  continuedMask: 0x01,
};

export class HidPosReportDecoder {
  private readonly assembler: CodeAssembler;
  private symbology: string | undefined;

  constructor(
    events: ScanEvents,
    options: CodeAssemblerOptions,
    private readonly layout: HidPosLayout = DEFAULT_HID_POS_LAYOUT,
  ) {
    this.assembler = new CodeAssembler(events, options);
  }

  push(data: ArrayLike<number>): void {
    const report = Uint8Array.from(data as ArrayLike<number>);
    const { layout } = this;
    // Other reports (attributes, status) carry no code.
    if (report[0] !== layout.reportId) return;
    const length = report[layout.lengthIndex];
    if (length === undefined || length > layout.dataCapacity || layout.dataIndex + length > report.length) {
      this.assembler.spoil(`a scanned-data report claiming ${length ?? 'no'} data bytes in ${report.length} bytes`);
      return;
    }
    if (!this.assembler.inProgress) {
      this.symbology = printable(report.subarray(layout.symbologyIndex, layout.symbologyIndex + layout.symbologyLength));
    }
    let chunk: Uint8Array = report.subarray(layout.dataIndex, layout.dataIndex + length);
    const continued = ((report[layout.continuedIndex] ?? 0) & layout.continuedMask) !== 0;
    // Some scanners keep their CR/LF suffix in HID POS mode too.
    if (!continued) chunk = trimLineEnd(chunk);
    this.assembler.push(chunk);
    if (!continued) this.assembler.end(this.symbology);
  }

  dispose(): void {
    this.assembler.dispose();
  }
}

function trimLineEnd(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0d || bytes[end - 1] === 0x0a)) end--;
  return bytes.subarray(0, end);
}

function printable(bytes: Uint8Array): string | undefined {
  const text = Buffer.from(bytes).toString('latin1');
  return /^[\x21-\x7e]+$/.test(text) ? text : undefined;
}
