/**
 * The kiosk's receipt printer: asks it how it is before each ticket, prints,
 * and asks again, so a ticket that could not be printed is reported as such
 * (and shown on screen instead) rather than lost in a printer with no paper.
 */
import { printerCanPrint, type PrintJob } from '../../../hub/contract/index.ts';
import type { Logger } from '../../../hub/log.ts';
import { buildTicket } from './escpos-ticket.ts';
import { PrinterStatusMonitor, offlineReport, type PrinterStatusReport } from './printer-status.ts';
import type { PrinterProfile } from '../../../hardware/printer-profile.ts';
import { errorMessage, withTimeout, type PrinterTransport } from './transport.ts';

export type PrintResult = { ok: true; status: PrinterStatusReport } | { ok: false; status: PrinterStatusReport; reason: string };

export interface ReceiptPrinterOptions {
  log?: Logger;
  /** How long one ticket may take to hand over; default 10 s. */
  writeTimeoutMs?: number;
  /** Called when the printer reports a change by itself (Automatic Status Back). */
  onStatusChange?: (report: PrinterStatusReport) => void;
}

const SAMPLE_JOB: PrintJob = {
  jobId: 'sample',
  ticket: 'A-000',
  serviceName: { en: 'Sample' },
  language: 'en',
  position: 1,
  estimate: { lowMinutes: 1, highMinutes: 2 },
  issuedAt: '2026-01-01T00:00:00Z',
  timeZone: 'UTC',
  siteName: 'Sample',
  statusUrl: 'http://localhost/wait/sample',
};

export class ReceiptPrinter {
  private readonly monitor: PrinterStatusMonitor;
  /** Status requests and tickets must not interleave on the wire. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    readonly transport: PrinterTransport,
    readonly profile: PrinterProfile,
    private readonly options: ReceiptPrinterOptions = {},
  ) {
    this.monitor = new PrinterStatusMonitor(transport, profile, {
      ...(options.log && { log: options.log }),
      ...(options.onStatusChange && { onAutomaticStatus: options.onStatusChange }),
    });
  }

  /**
   * Builds a sample ticket (a profile the encoder cannot follow fails here, at
   * start, and the first person in line does not wait for the encoder to warm
   * up), opens the printer and turns on Automatic Status Back where the profile
   * has it. A missing printer is reported by `status()`, not here.
   */
  start(): Promise<void> {
    buildTicket(SAMPLE_JOB, this.profile);
    return this.inTurn(async () => {
      try {
        await this.transport.open();
        await this.monitor.enableAutomaticStatus();
      } catch (error) {
        this.options.log?.warn('Printer not available at start', { printer: this.transport.description, error: errorMessage(error) });
      }
    });
  }

  status(): Promise<PrinterStatusReport> {
    return this.inTurn(() => this.monitor.query());
  }

  print(job: PrintJob): Promise<PrintResult> {
    return this.printReceipt(() => buildTicket(job, this.profile), 'ticket');
  }

  /** Any receipt (a ticket, a scanner setup sheet), with the printer asked how it is before and after. */
  printReceipt(encode: () => Uint8Array, what: string): Promise<PrintResult> {
    return this.inTurn(async (): Promise<PrintResult> => {
      const before = await this.monitor.query();
      if (!printerCanPrint(before.state)) return { ok: false, status: before, reason: before.message };
      const bytes = encode();
      const timeoutMs = this.options.writeTimeoutMs ?? 10_000;
      try {
        await withTimeout(this.transport.write(bytes), timeoutMs, `Printer on ${this.transport.description} did not take the ${what} within ${timeoutMs} ms`);
      } catch (error) {
        const status = offlineReport(errorMessage(error));
        return { ok: false, status, reason: status.message };
      }
      await this.monitor.enableAutomaticStatus().catch(() => {});
      const after = await this.monitor.query();
      if (!printerCanPrint(after.state)) {
        return { ok: false, status: after, reason: `${after.message}; the ${what} may not have printed completely` };
      }
      return { ok: true, status: after };
    });
  }

  async close(): Promise<void> {
    await this.turn.catch(() => {});
    this.monitor.stop();
    await this.transport.close();
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work, work);
    this.turn = result.catch(() => {});
    return result;
  }
}
