/**
 * Real-time printer status, per the Epson ESC/POS reference.
 *
 * `DLE EOT n` (0x10 0x04 n) asks for one status byte, answered at once even
 * while the printer is offline or its buffer is full:
 *   n = 1 printer status    bit 3: offline
 *   n = 2 offline cause     bit 2: cover open, bit 5: printing stopped by paper end, bit 6: error
 *   n = 4 roll paper sensor bits 2-3: paper near end, bits 5-6: paper out
 * Each reply has bit 1 and bit 4 set and bits 0 and 7 clear (0xx1xx10).
 * Replies 1 and 2 alone already say whether the printer can print: a cover
 * open or the paper out puts it offline. Some printers never answer 4 (they
 * have no near-end sensor, or do not implement it); for them the paper
 * running low is unknown (`paperNearEnd: null`), not a reason to refuse.
 *
 * Automatic Status Back (`GS a n`) makes the printer send a 4-byte block by
 * itself whenever its state changes. The first byte has bit 4 set and bits 0,
 * 1 and 7 clear (0xx1xx00), so it cannot be mistaken for a real-time reply;
 * the other three have bits 4 and 7 clear.
 *   byte 1: bit 3 offline, bit 5 cover open
 *   byte 2: bit 2 mechanical error (recoverable), bit 3 autocutter error,
 *           bit 5 unrecoverable error, bit 6 automatically recoverable error
 *   byte 3: bits 0-1 paper near end, bits 2-3 paper out
 *
 * A printer that does not answer within the profile's timeout is offline:
 * unplugged, switched off, or not a printer at all.
 */
import type { PrinterState } from '../../../hub/contract/index.ts';
import type { Logger } from '../../../hub/log.ts';
import type { PrinterProfile } from '../../../hardware/printer-profile.ts';
import { errorMessage, type PrinterTransport } from './transport.ts';

export const DLE_EOT = [0x10, 0x04] as const;
export const STATUS_REQUESTS = { printer: 1, offlineCause: 2, paperSensor: 4 } as const;
/** `GS a n` with n = bits 1-3: report online/offline, errors and the paper sensor. */
export const ENABLE_AUTOMATIC_STATUS_BACK = Uint8Array.from([0x1d, 0x61, 0x0e]);

export interface PrinterConditions {
  offline: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  /** null: the printer does not say (it did not answer `DLE EOT 4`). */
  paperNearEnd: boolean | null;
  /** Any error that stops printing, the cutter's included. */
  error: boolean;
  /** The autocutter jammed or failed (Automatic Status Back only). */
  cutterError: boolean;
}

export interface PrinterStatusReport {
  state: PrinterState;
  /** For staff: "Printer is out of paper". */
  message: string;
  /** What the printer said; absent when it said nothing usable. */
  conditions?: PrinterConditions;
}

export function isRealtimeStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

export function isAutomaticStatusStart(byte: number): boolean {
  return (byte & 0x93) === 0x10;
}

function isAutomaticStatusContinuation(byte: number): boolean {
  return (byte & 0x90) === 0;
}

/** Combines the real-time replies (printer status, offline cause, paper sensor: null when it did not answer). */
export function conditionsFromRealtime(printer: number, offlineCause: number, paperSensor: number | null): PrinterConditions {
  return {
    offline: (printer & 0x08) !== 0,
    coverOpen: (offlineCause & 0x04) !== 0,
    paperOut: (offlineCause & 0x20) !== 0 || (paperSensor !== null && (paperSensor & 0x60) !== 0),
    paperNearEnd: paperSensor === null ? null : (paperSensor & 0x0c) !== 0,
    error: (offlineCause & 0x40) !== 0,
    cutterError: false,
  };
}

/** Automatic Status Back, second byte: mechanical error, autocutter error, unrecoverable and automatically recoverable error. */
const ASB_MECHANICAL_ERROR = 0x04;
const ASB_AUTOCUTTER_ERROR = 0x08;
const ASB_UNRECOVERABLE_ERROR = 0x20;
const ASB_AUTO_RECOVERABLE_ERROR = 0x40;

export function conditionsFromAutomaticStatus(block: ArrayLike<number>): PrinterConditions {
  const [first = 0, second = 0, third = 0] = Array.from(block);
  return {
    offline: (first & 0x08) !== 0,
    coverOpen: (first & 0x20) !== 0,
    paperOut: (third & 0x0c) !== 0,
    paperNearEnd: (third & 0x03) !== 0,
    error: (second & (ASB_MECHANICAL_ERROR | ASB_AUTOCUTTER_ERROR | ASB_UNRECOVERABLE_ERROR | ASB_AUTO_RECOVERABLE_ERROR)) !== 0,
    cutterError: (second & ASB_AUTOCUTTER_ERROR) !== 0,
  };
}

/** The one state to show for a set of conditions, the one that needs a person most first. */
export function reportFor(conditions: PrinterConditions): PrinterStatusReport {
  const report = (state: PrinterState, message: string): PrinterStatusReport => ({ state, message, conditions });
  if (conditions.coverOpen) return report('cover-open', 'Printer cover is open');
  if (conditions.paperOut) return report('paper-out', 'Printer is out of paper');
  if (conditions.cutterError) return report('offline', 'Printer reports a cutter error (paper jammed in the cutter?)');
  if (conditions.error) return report('offline', 'Printer reports an error (paper jam, cutter or overheating)');
  if (conditions.offline) return report('offline', 'Printer is offline');
  if (conditions.paperNearEnd) return report('paper-low', 'Printer paper is running low');
  if (conditions.paperNearEnd === null) return report('online', 'Printer is ready (it does not say when its paper runs low)');
  return report('online', 'Printer is ready');
}

export function offlineReport(message: string): PrinterStatusReport {
  return { state: 'offline', message };
}

export interface PrinterStatusMonitorOptions {
  log?: Logger;
  /** Called with every Automatic Status Back report. */
  onAutomaticStatus?: (report: PrinterStatusReport) => void;
  /** How long the rest of a 4-byte ASB block may take; default 200 ms. */
  blockTimeoutMs?: number;
}

/**
 * Reads everything the printer sends back: replies to real-time requests and
 * Automatic Status Back blocks, dropping (and logging) anything else.
 * Callers take turns: `query` must not run while another query or a print is writing.
 */
export class PrinterStatusMonitor {
  private pending: ((byte: number) => void) | undefined;
  private block: number[] = [];
  private blockTimer: NodeJS.Timeout | undefined;
  private readonly removeListener: () => void;
  /** Set once the printer left `DLE EOT 4` unanswered: it is not asked again, so no ticket waits for it. */
  private paperSensorSilent = false;

  constructor(
    private readonly transport: PrinterTransport,
    private readonly profile: PrinterProfile,
    private readonly options: PrinterStatusMonitorOptions = {},
  ) {
    this.removeListener = transport.onData((bytes) => {
      for (const byte of bytes) this.take(byte);
    });
  }

  /** Asks the printer for its state with `DLE EOT` 1, 2 and 4. */
  async query(): Promise<PrinterStatusReport> {
    if (!this.profile.realTimeStatus) return { state: 'online', message: 'Printer does not report its status; assumed ready' };
    try {
      await this.transport.open();
    } catch (error) {
      return offlineReport(`Printer is not connected: ${errorMessage(error)}`);
    }
    const printer = await this.request(STATUS_REQUESTS.printer);
    if (printer === null) {
      // Unplugged or swapped: the printer that comes back may have a paper sensor.
      this.paperSensorSilent = false;
      return offlineReport(`Printer does not answer on ${this.transport.description} (unplugged or switched off?)`);
    }
    const offlineCause = await this.request(STATUS_REQUESTS.offlineCause);
    if (offlineCause === null) return offlineReport(`Printer on ${this.transport.description} answered only part of its status`);
    const paperSensor = this.paperSensorSilent ? null : await this.request(STATUS_REQUESTS.paperSensor);
    if (paperSensor === null && !this.paperSensorSilent) {
      this.paperSensorSilent = true;
      this.options.log?.info('Printer does not report its paper sensor (DLE EOT 4); printing without a paper-low warning', { printer: this.transport.description });
    }
    return reportFor(conditionsFromRealtime(printer, offlineCause, paperSensor));
  }

  /** Turns on Automatic Status Back where the profile supports it; the printer answers with its current state. */
  async enableAutomaticStatus(): Promise<void> {
    if (this.profile.automaticStatusBack) await this.transport.write(ENABLE_AUTOMATIC_STATUS_BACK);
  }

  stop(): void {
    this.removeListener();
    clearTimeout(this.blockTimer);
    this.pending?.(-1);
  }

  /** One status byte for request `n`, or null when none came in time. */
  private async request(n: number): Promise<number | null> {
    const reply = new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => finish(null), this.profile.statusTimeoutMs);
      const finish = (byte: number | null) => {
        clearTimeout(timer);
        this.pending = undefined;
        resolve(byte);
      };
      this.pending = (byte) => finish(byte < 0 ? null : byte);
    });
    try {
      await this.transport.write(Uint8Array.from([...DLE_EOT, n]));
    } catch (error) {
      this.options.log?.warn('Could not send a status request to the printer', { printer: this.transport.description, error: errorMessage(error) });
      this.pending?.(-1);
    }
    return reply;
  }

  private take(byte: number): void {
    if (this.block.length > 0) {
      if (isAutomaticStatusContinuation(byte)) {
        this.block.push(byte);
        if (this.block.length === 4) this.finishBlock();
        return;
      }
      this.dropBlock('a byte that cannot belong to it arrived');
    }
    if (this.pending && isRealtimeStatusByte(byte)) {
      this.pending(byte);
      return;
    }
    if (this.profile.automaticStatusBack && isAutomaticStatusStart(byte)) {
      this.block = [byte];
      this.blockTimer = setTimeout(() => this.dropBlock(`the rest did not arrive within ${this.options.blockTimeoutMs ?? 200} ms`), this.options.blockTimeoutMs ?? 200);
      return;
    }
    this.options.log?.debug('Ignored a byte from the printer', { printer: this.transport.description, byte: hex(byte), reason: 'not a status reply' });
  }

  private finishBlock(): void {
    clearTimeout(this.blockTimer);
    const block = this.block;
    this.block = [];
    this.options.onAutomaticStatus?.(reportFor(conditionsFromAutomaticStatus(block)));
  }

  private dropBlock(reason: string): void {
    clearTimeout(this.blockTimer);
    this.options.log?.warn('Ignored an incomplete status block from the printer', {
      printer: this.transport.description,
      bytes: this.block.map(hex).join(' '),
      reason,
    });
    this.block = [];
  }
}

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}
