/**
 * Reads ESC/POS bytes back into what a printer would put on paper: lines of
 * text in the selected code page with their size and weight, QR codes
 * (`GS ( k`), raster images (`GS v 0`) and cuts. The virtual printer renders
 * tickets with it, and the tests check real printer bytes with it.
 *
 * It is incremental like a printer: bytes may arrive in any chunks, and a
 * command split across two chunks waits for its end. Real-time status
 * requests (`DLE EOT n`) are reported as they arrive, never inside the data
 * of another command.
 */
import CodepageEncoder, { type Codepage } from '@point-of-sale/codepage-encoder';
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { TEXT_CODEPAGES } from '../../../hardware/printer-profile.ts';

export interface TextSegment {
  text: string;
  bold: boolean;
  /** White on black (`GS B`). */
  inverted: boolean;
  /** Character magnification, 1-8. */
  width: number;
  height: number;
}

export interface PrintedLine {
  text: string;
  segments: TextSegment[];
  align: 'left' | 'center' | 'right';
}

export interface PrintedQr {
  data: string;
  model: number | null;
  moduleSize: number | null;
  errorLevel: 'L' | 'M' | 'Q' | 'H' | null;
}

export interface PrintedImage {
  width: number;
  height: number;
  /** One bit per dot, rows of width/8 bytes, most significant bit leftmost, 1 = black. */
  bits: Uint8Array;
}

/** A one-dimensional barcode (`GS k`): its symbology number as ESC/POS gives it (73 = Code 128) and its data bytes as latin-1. */
export interface PrintedBarcode {
  symbology: number;
  data: string;
}

export type PrintedItem =
  | { kind: 'line'; line: PrintedLine }
  | { kind: 'qr'; qr: PrintedQr }
  | { kind: 'barcode'; barcode: PrintedBarcode }
  | { kind: 'image'; image: PrintedImage }
  | { kind: 'cut'; partial: boolean };

export interface EscPosDecoderOptions {
  /** `ESC t n` number → code page; see codepageNumbers(). Unknown numbers decode as code page 437. */
  codepages?: ReadonlyMap<number, Codepage>;
  onItem?: (item: PrintedItem) => void;
  /** A real-time status request `DLE EOT n`. */
  onStatusRequest?: (n: number) => void;
  /** `GS a n`: Automatic Status Back switched on (n ≠ 0) or off. */
  onAutomaticStatus?: (n: number) => void;
}

/** The `ESC t` numbers of the Spanish-capable code pages (and CP437, page 0) under a maker's numbering. */
export function codepageNumbers(mapping: string): Map<number, Codepage> {
  const numbers = new Map<number, Codepage>([[0, 'cp437']]);
  for (const codepage of TEXT_CODEPAGES) {
    try {
      const bytes = new ReceiptPrinterEncoder({ language: 'esc-pos', codepageMapping: mapping as 'epson' }).codepage(codepage).text('x').encode();
      const at = findSequence(bytes, [0x1b, 0x74]);
      if (at >= 0 && bytes[at + 2] !== undefined) numbers.set(bytes[at + 2] as number, codepage);
    } catch {
      // this maker's printers do not have that code page
    }
  }
  return numbers;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const NEED_MORE = -1;

export class EscPosDecoder {
  readonly items: PrintedItem[] = [];
  /** Commands it did not understand, for people reading a test failure. */
  readonly unknown: string[] = [];
  /** Every `ESC t n` seen, in order. */
  readonly codepagesSelected: number[] = [];
  private pending = new Uint8Array(0);
  private segments: TextSegment[] = [];
  private style = { bold: false, inverted: false, width: 1, height: 1, align: 'left' as PrintedLine['align'], codepage: 0 };
  private qr: Omit<PrintedQr, 'data'> & { data: string | null } = { data: null, model: null, moduleSize: null, errorLevel: null };

  constructor(private readonly options: EscPosDecoderOptions = {}) {}

  push(chunk: Uint8Array): void {
    const bytes = this.pending.length ? concat(this.pending, chunk) : chunk;
    let at = 0;
    while (at < bytes.length) {
      const used = this.command(bytes, at);
      if (used === NEED_MORE) break;
      at += used;
    }
    this.pending = bytes.slice(at);
  }

  /** Text after the last line feed is printed by a real printer only when the next one comes; this prints it now. */
  flush(): void {
    if (this.segments.length) this.endLine();
  }

  /** The text of every line, in order. */
  get lines(): string[] {
    return this.items.flatMap((item) => (item.kind === 'line' ? [item.line.text] : []));
  }

  get qrCodes(): PrintedQr[] {
    return this.items.flatMap((item) => (item.kind === 'qr' ? [item.qr] : []));
  }

  get barcodes(): PrintedBarcode[] {
    return this.items.flatMap((item) => (item.kind === 'barcode' ? [item.barcode] : []));
  }

  get images(): PrintedImage[] {
    return this.items.flatMap((item) => (item.kind === 'image' ? [item.image] : []));
  }

  get cuts(): number {
    return this.items.filter((item) => item.kind === 'cut').length;
  }

  /** Handles the command (or text byte) at `at`; returns how many bytes it took, or NEED_MORE. */
  private command(b: Uint8Array, at: number): number {
    const first = b[at] as number;
    if (first >= 0x20 && first !== 0x7f) {
      this.text(first);
      return 1;
    }
    switch (first) {
      case 0x0a:
        this.endLine();
        return 1;
      case 0x0d:
        return 1;
      case 0x09:
        this.text(0x20);
        return 1;
      case ESC:
        return this.escCommand(b, at);
      case GS:
        return this.gsCommand(b, at);
      case FS:
        return need(b, at, 2) ?? (b[at + 1] === 0x2e || b[at + 1] === 0x26 ? 2 : this.skip(`FS ${hex(b[at + 1])}`, 2));
      case DLE:
        return this.dleCommand(b, at);
      default:
        return this.skip(`control byte ${hex(first)}`, 1);
    }
  }

  private escCommand(b: Uint8Array, at: number): number {
    const op = b[at + 1];
    if (op === undefined) return NEED_MORE;
    const n = b[at + 2];
    switch (op) {
      case 0x40: // ESC @ initialize
        this.flush();
        this.style = { bold: false, inverted: false, width: 1, height: 1, align: 'left', codepage: 0 };
        return 2;
      case 0x32: // ESC 2 default line spacing
        return 2;
      case 0x45: // ESC E bold
      case 0x47: // ESC G double strike
        if (n === undefined) return NEED_MORE;
        this.style.bold = (n & 1) === 1;
        return 3;
      case 0x21: // ESC ! print mode
        if (n === undefined) return NEED_MORE;
        this.style.bold = (n & 0x08) !== 0;
        this.style.height = n & 0x10 ? 2 : 1;
        this.style.width = n & 0x20 ? 2 : 1;
        return 3;
      case 0x74: // ESC t select code page
        if (n === undefined) return NEED_MORE;
        this.style.codepage = n;
        this.codepagesSelected.push(n);
        return 3;
      case 0x61: // ESC a justification
        if (n === undefined) return NEED_MORE;
        this.style.align = (['left', 'center', 'right'] as const)[n % 48] ?? 'left';
        return 3;
      case 0x64: // ESC d feed n lines
        if (n === undefined) return NEED_MORE;
        this.flush();
        for (let i = 0; i < n; i++) this.endLine();
        return 3;
      case 0x2d: // ESC - underline
      case 0x34: // ESC 4 italic
      case 0x4d: // ESC M font
      case 0x33: // ESC 3 line spacing
      case 0x4a: // ESC J feed dots
      case 0x52: // ESC R international characters
      case 0x56: // ESC V rotation
      case 0x7b: // ESC { upside down
      case 0x20: // ESC SP character spacing
        return n === undefined ? NEED_MORE : 3;
      case 0x70: // ESC p pulse
        return need(b, at, 5) ?? 5;
      case 0x69: // ESC i / ESC m: cut (older printers)
      case 0x6d:
        this.flush();
        this.emit({ kind: 'cut', partial: true });
        return 2;
      case 0x2a: {
        // ESC * m nL nH d1...dk: column bit image
        if (need(b, at, 5) !== undefined) return NEED_MORE;
        const m = b[at + 2] as number;
        const columns = (b[at + 3] as number) + 256 * (b[at + 4] as number);
        const length = 5 + columns * (m >= 32 ? 3 : 1);
        return need(b, at, length) ?? length;
      }
      default:
        return this.skip(`ESC ${hex(op)}`, 2);
    }
  }

  private gsCommand(b: Uint8Array, at: number): number {
    const op = b[at + 1];
    if (op === undefined) return NEED_MORE;
    const n = b[at + 2];
    switch (op) {
      case 0x21: // GS ! character size
        if (n === undefined) return NEED_MORE;
        this.style.width = (n >> 4) + 1;
        this.style.height = (n & 0x0f) + 1;
        return 3;
      case 0x56: {
        // GS V m [n] cut
        if (n === undefined) return NEED_MORE;
        const withFeed = n >= 65;
        if (withFeed && b[at + 3] === undefined) return NEED_MORE;
        this.flush();
        this.emit({ kind: 'cut', partial: n % 2 === 1 || n === 49 });
        return withFeed ? 4 : 3;
      }
      case 0x76: {
        // GS v 0 m xL xH yL yH d1...dk: raster bit image
        if (need(b, at, 8) !== undefined) return NEED_MORE;
        const widthBytes = (b[at + 4] as number) + 256 * (b[at + 5] as number);
        const rows = (b[at + 6] as number) + 256 * (b[at + 7] as number);
        const length = 8 + widthBytes * rows;
        if (need(b, at, length) !== undefined) return NEED_MORE;
        this.flush();
        this.image(widthBytes * 8, rows, b.slice(at + 8, at + length));
        return length;
      }
      case 0x28: {
        // GS ( fn pL pH ...: p parameter bytes follow
        if (need(b, at, 5) !== undefined) return NEED_MORE;
        const length = 5 + (b[at + 3] as number) + 256 * (b[at + 4] as number);
        if (need(b, at, length) !== undefined) return NEED_MORE;
        if (b[at + 2] === 0x6b) this.twoDimensionalCode(b.subarray(at + 5, at + length));
        return length;
      }
      case 0x61: // GS a automatic status back
        if (n === undefined) return NEED_MORE;
        this.options.onAutomaticStatus?.(n);
        return 3;
      case 0x6b: {
        // GS k m ...: barcode
        if (n === undefined) return NEED_MORE;
        if (n <= 6) {
          const end = b.indexOf(0, at + 3);
          if (end < 0) return NEED_MORE;
          this.emit({ kind: 'barcode', barcode: { symbology: n, data: Buffer.from(b.subarray(at + 3, end)).toString('latin1') } });
          return end + 1 - at;
        }
        const count = b[at + 3];
        if (count === undefined) return NEED_MORE;
        const whole = need(b, at, 4 + count);
        if (whole !== undefined) return whole;
        this.emit({ kind: 'barcode', barcode: { symbology: n, data: Buffer.from(b.subarray(at + 4, at + 4 + count)).toString('latin1') } });
        return 4 + count;
      }
      case 0x42: // GS B white on black
        if (n === undefined) return NEED_MORE;
        this.style.inverted = (n & 1) === 1;
        return 3;
      case 0x48: // GS H HRI position
      case 0x66: // GS f HRI font
      case 0x68: // GS h barcode height
      case 0x77: // GS w barcode width
      case 0x72: // GS r transmit status
        return n === undefined ? NEED_MORE : 3;
      case 0x4c: // GS L left margin
      case 0x57: // GS W print area width
      case 0x50: // GS P motion units
        return need(b, at, 4) ?? 4;
      default:
        return this.skip(`GS ${hex(op)}`, 2);
    }
  }

  private dleCommand(b: Uint8Array, at: number): number {
    const op = b[at + 1];
    const n = b[at + 2];
    if (op === undefined || n === undefined) return NEED_MORE;
    if (op === 0x04) {
      if (n === 7 || n === 8) return need(b, at, 4) ?? 4;
      this.options.onStatusRequest?.(n);
      return 3;
    }
    if (op === 0x05) return 3; // DLE ENQ n
    if (op === 0x14) return need(b, at, 5) ?? 5; // DLE DC4 fn m t
    return this.skip(`DLE ${hex(op)}`, 2);
  }

  /** `GS ( k` with cn = 49 is a QR code: model, size, error level, store, print. */
  private twoDimensionalCode(p: Uint8Array): void {
    const [cn, fn] = [p[0], p[1]];
    if (cn !== 0x31) return;
    switch (fn) {
      case 0x41:
        this.qr.model = (p[2] ?? 0x32) - 0x30;
        break;
      case 0x43:
        this.qr.moduleSize = p[2] ?? null;
        break;
      case 0x45:
        this.qr.errorLevel = (['L', 'M', 'Q', 'H'] as const)[(p[2] ?? 0x30) - 0x30] ?? null;
        break;
      case 0x50:
        this.qr.data = Buffer.from(p.subarray(3)).toString('latin1');
        break;
      case 0x51:
        this.flush();
        if (this.qr.data === null) {
          this.unknown.push('QR print with no stored data');
          break;
        }
        this.emit({ kind: 'qr', qr: { ...this.qr, data: this.qr.data } });
        break;
    }
  }

  /** Raster images come in bands of at most 255 rows; consecutive bands of one width are one picture. */
  private image(width: number, height: number, bits: Uint8Array): void {
    const last = this.items.at(-1);
    if (last?.kind === 'image' && last.image.width === width) {
      last.image.bits = concat(last.image.bits, bits);
      last.image.height += height;
      return;
    }
    this.emit({ kind: 'image', image: { width, height, bits } });
  }

  private text(byte: number): void {
    const codepage = this.options.codepages?.get(this.style.codepage) ?? 'cp437';
    const codepoint = codepointsOf(codepage)[byte] ?? 0xfffd;
    const char = String.fromCodePoint(codepoint);
    const last = this.segments.at(-1);
    const { bold, inverted, width, height } = this.style;
    if (last && last.bold === bold && last.inverted === inverted && last.width === width && last.height === height) last.text += char;
    else this.segments.push({ text: char, bold, inverted, width, height });
  }

  private endLine(): void {
    const segments = this.segments;
    this.segments = [];
    this.emit({ kind: 'line', line: { text: segments.map((s) => s.text).join(''), segments, align: this.style.align } });
  }

  private emit(item: PrintedItem): void {
    this.items.push(item);
    this.options.onItem?.(item);
  }

  private skip(what: string, length: number): number {
    this.unknown.push(what);
    return length;
  }
}

const codepointTables = new Map<Codepage, number[]>();
/** The encoder's table for a code page (it copies the table on every call, so it is kept here). */
function codepointsOf(codepage: Codepage): number[] {
  let table = codepointTables.get(codepage);
  if (!table) {
    table = CodepageEncoder.getEncoding(codepage).codepoints;
    codepointTables.set(codepage, table);
  }
  return table;
}

/** undefined when `length` bytes from `at` are all there, else NEED_MORE. */
function need(b: Uint8Array, at: number, length: number): number | undefined {
  return at + length <= b.length ? undefined : NEED_MORE;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function findSequence(bytes: Uint8Array, sequence: number[]): number {
  for (let i = 0; i + sequence.length <= bytes.length; i++) {
    if (sequence.every((value, j) => bytes[i + j] === value)) return i;
  }
  return -1;
}

function hex(byte: number | undefined): string {
  return byte === undefined ? '?' : `0x${byte.toString(16).padStart(2, '0')}`;
}
