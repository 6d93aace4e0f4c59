/**
 * A receipt printer that is not there: it takes the same ESC/POS bytes as a
 * real one, keeps each ticket it would have printed, shows it as plain text,
 * and answers status requests like an Epson printer in whatever condition it
 * is told to be in (out of paper, cover open, silent…). With it the whole
 * kiosk runs on one machine, and the agent's code path is the real one.
 */
import type { PrinterTransport } from '../printer/transport.ts';
import { DataListeners } from '../printer/transport.ts';
import { DEFAULT_PRINTER_PROFILE, PAPER, type PrinterProfile } from '../../../hardware/printer-profile.ts';
import { EscPosDecoder, codepageNumbers, type PrintedItem, type PrintedQr } from './escpos-decoder.ts';

/** `no-paper-sensor`: answers `DLE EOT` 1 and 2 but never 4, as printers without a near-end sensor do. */
export const VIRTUAL_PRINTER_CONDITIONS = ['ready', 'paper-low', 'paper-out', 'cover-open', 'cutter-error', 'no-paper-sensor', 'silent'] as const;
export type VirtualPrinterCondition = (typeof VIRTUAL_PRINTER_CONDITIONS)[number];

export interface VirtualTicket {
  items: PrintedItem[];
  /** The ticket as it would look on paper, in plain text. */
  text: string;
  qrCodes: PrintedQr[];
}

export interface VirtualPrinterOptions {
  profile?: PrinterProfile;
  condition?: VirtualPrinterCondition;
  /** Where each finished ticket's text goes (a terminal, a file). */
  output?: (text: string) => void;
}

/** `DLE EOT` 1, 2 and 4 replies of an Epson printer in each condition (see printer/printer-status.ts). */
const REALTIME_REPLIES: Record<Exclude<VirtualPrinterCondition, 'silent'>, Record<number, number>> = {
  ready: { 1: 0x12, 2: 0x12, 4: 0x12 },
  'paper-low': { 1: 0x12, 2: 0x12, 4: 0x1e },
  'paper-out': { 1: 0x1a, 2: 0x32, 4: 0x72 },
  'cover-open': { 1: 0x1a, 2: 0x16, 4: 0x12 },
  'cutter-error': { 1: 0x1a, 2: 0x52, 4: 0x12 },
  'no-paper-sensor': { 1: 0x12, 2: 0x12 },
};

/** Automatic Status Back blocks for the same conditions. */
const AUTOMATIC_STATUS: Record<Exclude<VirtualPrinterCondition, 'silent'>, number[]> = {
  ready: [0x10, 0x00, 0x00, 0x00],
  'paper-low': [0x10, 0x00, 0x03, 0x00],
  'paper-out': [0x18, 0x00, 0x0f, 0x00],
  'cover-open': [0x38, 0x00, 0x00, 0x00],
  'cutter-error': [0x18, 0x08, 0x00, 0x00],
  'no-paper-sensor': [0x10, 0x00, 0x00, 0x00],
};

export class VirtualPrinter implements PrinterTransport {
  readonly description = 'virtual printer';
  readonly tickets: VirtualTicket[] = [];
  private open_ = false;
  private condition: VirtualPrinterCondition;
  private automaticStatus = false;
  private current: PrintedItem[] = [];
  private readonly decoder: EscPosDecoder;
  private readonly listeners = new DataListeners();
  private readonly ticketWaiters = new Set<() => void>();
  private readonly columns: number;

  constructor(private readonly options: VirtualPrinterOptions = {}) {
    const profile = options.profile ?? DEFAULT_PRINTER_PROFILE;
    this.columns = PAPER[profile.paperWidthMm].columns;
    this.condition = options.condition ?? 'ready';
    this.decoder = new EscPosDecoder({
      codepages: codepageNumbers(profile.codepageMapping),
      onItem: (item) => this.take(item),
      onStatusRequest: (n) => this.answer(n),
      onAutomaticStatus: (n) => {
        this.automaticStatus = n !== 0;
        if (this.automaticStatus) this.sendAutomaticStatus();
      },
    });
  }

  get isOpen(): boolean {
    return this.open_;
  }

  async open(): Promise<void> {
    this.open_ = true;
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.open_ = true;
    this.decoder.push(bytes);
  }

  onData(listener: (bytes: Buffer) => void): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    this.open_ = false;
  }

  /** Puts the printer in a condition, as a person opening the cover would; with Automatic Status Back on, it says so. */
  setCondition(condition: VirtualPrinterCondition): void {
    this.condition = condition;
    if (this.automaticStatus) this.sendAutomaticStatus();
  }

  /** Resolves when `count` tickets have been printed in all. */
  waitForTickets(count: number, timeoutMs = 5_000): Promise<VirtualTicket[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.tickets.length < count) return;
        cleanup();
        resolve(this.tickets.slice(0, count));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`virtual printer printed ${this.tickets.length} of ${count} tickets within ${timeoutMs} ms`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.ticketWaiters.delete(check);
      };
      this.ticketWaiters.add(check);
      check();
    });
  }

  private take(item: PrintedItem): void {
    this.current.push(item);
    if (item.kind !== 'cut') return;
    const items = this.current;
    this.current = [];
    const ticket: VirtualTicket = {
      items,
      text: renderAsText(items, this.columns),
      qrCodes: items.flatMap((i) => (i.kind === 'qr' ? [i.qr] : [])),
    };
    this.tickets.push(ticket);
    this.options.output?.(ticket.text);
    for (const wake of this.ticketWaiters) wake();
  }

  private answer(n: number): void {
    if (this.condition === 'silent') return;
    const byte = REALTIME_REPLIES[this.condition][n];
    if (byte !== undefined) this.reply([byte]);
  }

  private sendAutomaticStatus(): void {
    if (this.condition !== 'silent') this.reply(AUTOMATIC_STATUS[this.condition]);
  }

  /** Printers answer over the wire a moment later, never inside the write call. */
  private reply(bytes: number[]): void {
    setImmediate(() => this.listeners.emit(Buffer.from(bytes)));
  }
}

/**
 * A ticket as plain text, `columns` characters wide: double-width letters are
 * spread out, QR codes and images are named with what they hold, and the cut
 * is a dashed line.
 */
export function renderAsText(items: PrintedItem[], columns: number): string {
  const center = (text: string) => `${' '.repeat(Math.max(0, (columns - text.length) >> 1))}${text}`;
  const out: string[] = [];
  for (const item of items) {
    switch (item.kind) {
      case 'line':
        out.push(item.line.segments.map((s) => (s.width > 1 ? [...s.text].map((c) => c + ' '.repeat(s.width - 1)).join('') : s.text)).join('').trimEnd());
        break;
      case 'qr':
        out.push(center(`[QR code: ${item.qr.data}]`));
        break;
      case 'image':
        out.push(center(`[image ${item.image.width} x ${item.image.height} dots]`));
        break;
      case 'barcode':
        out.push(center(`[barcode: ${item.barcode.data}]`));
        break;
      case 'cut':
        out.push(`${'-'.repeat(Math.max(0, columns - 5) >> 1)} cut ${'-'.repeat(Math.max(0, columns - 5 - ((columns - 5) >> 1)))}`);
        break;
    }
  }
  return `${out.join('\n')}\n`;
}
