/**
 * A receipt printer on a serial port (RS-232, or a USB adapter that shows up
 * as /dev/ttyUSB*). The port path comes from configuration.
 *
 * Pseudo-terminals and some USB adapters refuse the DTR/RTS control lines,
 * so the port is opened without hardware flow control or a hang-up on close,
 * and DTR/RTS are raised afterwards only as a courtesy: printers that want
 * them get them, ports that refuse them still print.
 */
import { access } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import type { Logger } from '../../../hub/log.ts';
import { DataListeners, errorMessage, type PrinterTransport } from './transport.ts';

export interface SerialTransportOptions {
  path: string;
  /** Default 19200, the usual factory setting of Epson-compatible receipt printers. */
  baudRate?: number;
  log?: Logger;
}

export class SerialTransport implements PrinterTransport {
  readonly description: string;
  private port: SerialPort | undefined;
  private opening: Promise<void> | undefined;
  private readonly listeners = new DataListeners();

  constructor(private readonly options: SerialTransportOptions) {
    this.description = `serial ${options.path}`;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  open(): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    this.opening ??= openSerialPort(this.options.path, this.options.baudRate ?? 19200, this.options.log)
      .then((port) => {
        port.on('data', (bytes: Buffer) => this.listeners.emit(bytes));
        port.on('error', (error) => this.options.log?.warn('Printer serial port error', { port: this.options.path, error: error.message }));
        port.on('close', () => {
          if (this.port === port) this.port = undefined;
        });
        this.port = port;
      })
      .finally(() => {
        this.opening = undefined;
      });
    return this.opening;
  }

  async write(bytes: Uint8Array): Promise<void> {
    await this.open();
    const port = this.port;
    if (!port) throw new Error(`Printer port ${this.options.path} closed while printing`);
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes), (error) => {
        if (error) return reject(new Error(`Could not write to printer on ${this.options.path}: ${error.message}`));
        port.drain((drainError) => (drainError ? reject(new Error(`Could not write to printer on ${this.options.path}: ${drainError.message}`)) : resolve()));
      });
    });
  }

  onData(listener: (bytes: Buffer) => void): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    await this.opening?.catch(() => {});
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

/**
 * Opens a serial port without requiring modem control lines, then raises DTR
 * and RTS where the port allows it. Shared with the serial barcode scanner.
 *
 * When a USB adapter is unplugged (or a pty's other side goes away) while a
 * read is waiting, the hung-up tty reads as end-of-file forever and
 * serialport keeps reading instead of reporting a disconnect. So the device
 * path is checked every `presenceCheckMs`; once it is gone, the port is
 * closed, which ends the reads and fires 'close' like a disconnect.
 */
export function openSerialPort(path: string, baudRate: number, log?: Logger, presenceCheckMs = 1_000): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate, autoOpen: false, hupcl: false, rtscts: false, xon: false, xoff: false });
  return new Promise((resolve, reject) => {
    port.open((error) => {
      if (error) return reject(new Error(`Could not open serial port ${path}: ${error.message}`));
      const presence = setInterval(() => {
        access(path).catch(() => {
          log?.warn('Serial device is gone', { port: path });
          if (port.isOpen) port.close();
        });
      }, presenceCheckMs);
      presence.unref();
      port.once('close', () => clearInterval(presence));
      port.set({ dtr: true, rts: true }, (setError) => {
        if (setError) log?.debug('Serial port refuses DTR/RTS control; continuing without it', { port: path, error: errorMessage(setError) });
        resolve(port);
      });
    });
  });
}
