/**
 * What every barcode scanner turns into: complete codes, and rejected input
 * with the reason. Serial lines, HID POS reports and keyboard-wedge key
 * presses all end up in a CodeAssembler, which is where "a code" is decided:
 * it ended properly, it is not too long, it is printable text, and it did
 * not stop half-way.
 */

export interface Scan {
  code: string;
  /** Which scanner: "serial /dev/ttyACM0", "hid-pos 0c2e:0b61". */
  source: string;
  /** AIM symbology identifier when the scanner sends one ("]Q1" for QR). */
  symbology?: string;
}

export interface ScanRejection {
  source: string;
  reason: string;
  /** The start of the rejected input, escaped so control bytes are visible. */
  sample: string;
}

export interface ScanEvents {
  onScan: (scan: Scan) => void;
  onRejected: (rejection: ScanRejection) => void;
}

export interface ScannerEvents extends ScanEvents {
  onConnectionChange?: (connected: boolean) => void;
}

export interface BarcodeScanner {
  readonly description: string;
  readonly connected: boolean;
  start(events: ScannerEvents): Promise<void>;
  stop(): Promise<void>;
}

export interface CodeAssemblerOptions {
  source: string;
  /** Longer codes are rejected; default 512 (a ticket QR holds a link of at most 512). */
  maxLength?: number;
  /** A code whose end does not come this long after its last byte is rejected; default 500 ms. */
  partialTimeoutMs?: number;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export class CodeAssembler {
  private bytes: number[] = [];
  private length = 0;
  private garbage: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxLength: number;
  private readonly partialTimeoutMs: number;

  constructor(
    private readonly events: ScanEvents,
    private readonly options: CodeAssemblerOptions,
  ) {
    this.maxLength = options.maxLength ?? 512;
    this.partialTimeoutMs = options.partialTimeoutMs ?? 500;
  }

  get inProgress(): boolean {
    return this.length > 0 || this.garbage !== undefined;
  }

  push(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) {
      // Past the limit only the count grows, so a scanner stuck sending cannot fill memory.
      if (this.length < this.maxLength + 1) this.bytes.push(bytes[i] as number);
      this.length++;
    }
    this.armTimer();
  }

  /** The code being read is garbage whatever else comes; rejected at its end with this reason. */
  spoil(reason: string): void {
    this.garbage ??= reason;
    this.armTimer();
  }

  /** The end of a code (Enter, CR, LF, or the last report). An empty one is ignored: CRLF ends a code once. */
  end(symbology?: string): void {
    clearTimeout(this.timer);
    if (!this.inProgress) return;
    const { bytes, length, garbage } = this;
    this.reset();
    if (garbage) return this.reject(garbage, bytes);
    if (length > this.maxLength) return this.reject(`longer than ${this.maxLength} characters`, bytes);
    let code: string;
    try {
      code = utf8.decode(Uint8Array.from(bytes));
    } catch {
      return this.reject('not text (bytes that are not UTF-8)', bytes);
    }
    if (CONTROL.test(code)) return this.reject('contains control characters', bytes);
    const trimmed = code.trim();
    if (!trimmed) return this.reject('only blanks', bytes);
    this.events.onScan({ code: trimmed, source: this.options.source, ...(symbology && { symbology }) });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.reset();
  }

  private armTimer(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const { bytes, garbage } = this;
      this.reset();
      this.reject(garbage ?? `no end of code within ${this.partialTimeoutMs} ms (partial scan)`, bytes);
    }, this.partialTimeoutMs);
    this.timer.unref?.();
  }

  private reset(): void {
    this.bytes = [];
    this.length = 0;
    this.garbage = undefined;
  }

  private reject(reason: string, bytes: number[]): void {
    this.events.onRejected({ source: this.options.source, reason, sample: escapeBytes(bytes.slice(0, 40)) });
  }
}

/** Printable ASCII as is, everything else as \xNN. */
export function escapeBytes(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    out += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}
