/**
 * A barcode scanner on a serial port (RS-232, or USB in CDC/serial mode as
 * /dev/ttyACM*). Lines become scans; when the port goes away the scanner is
 * reported disconnected and the port is tried again every few seconds.
 */
import type { SerialPort } from 'serialport';
import type { Logger } from '../../../hub/log.ts';
import { openSerialPort } from '../printer/serial-transport.ts';
import { errorMessage } from '../printer/transport.ts';
import { LineDecoder } from './line-decoder.ts';
import type { BarcodeScanner, CodeAssemblerOptions, ScannerEvents } from './scan.ts';

export interface SerialScannerOptions {
  path: string;
  /** Default 9600, the usual factory setting of serial scanners. */
  baudRate?: number;
  /** Default 3 s. */
  reconnectMs?: number;
  /** How often to check the device is still plugged in; default 1 s. */
  presenceCheckMs?: number;
  decode?: Omit<CodeAssemblerOptions, 'source'>;
  log?: Logger;
}

export class SerialScanner implements BarcodeScanner {
  readonly description: string;
  private port: SerialPort | undefined;
  private decoder: LineDecoder | undefined;
  private events: ScannerEvents | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private warned = false;

  constructor(private readonly options: SerialScannerOptions) {
    this.description = `serial ${options.path}`;
  }

  get connected(): boolean {
    return this.port?.isOpen ?? false;
  }

  async start(events: ScannerEvents): Promise<void> {
    this.events = events;
    this.stopped = false;
    this.decoder = new LineDecoder(events, { source: this.description, ...this.options.decode });
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.decoder?.dispose();
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private async connect(): Promise<void> {
    try {
      const port = await openSerialPort(this.options.path, this.options.baudRate ?? 9600, this.options.log, this.options.presenceCheckMs);
      if (this.stopped) {
        port.close();
        return;
      }
      this.port = port;
      this.warned = false;
      port.on('data', (chunk: Buffer) => this.decoder?.push(chunk));
      port.on('error', (error) => this.options.log?.warn('Scanner serial port error', { scanner: this.description, error: error.message }));
      port.on('close', () => {
        if (this.port !== port) return;
        this.port = undefined;
        this.events?.onConnectionChange?.(false);
        this.scheduleRetry();
      });
      this.events?.onConnectionChange?.(true);
    } catch (error) {
      // Logged once per outage, not every few seconds.
      if (!this.warned) this.options.log?.warn('Scanner not available', { scanner: this.description, error: errorMessage(error) });
      this.warned = true;
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), this.options.reconnectMs ?? 3_000);
  }
}
