/**
 * A receipt printer on a serial port (RS-232, or a USB adapter that shows up
 * as /dev/ttyUSB*). The port path comes from configuration.
 *
 * Pseudo-terminals and some USB adapters refuse the DTR/RTS control lines,
 * so the port is opened without hardware flow control or a hang-up on close,
 * and DTR/RTS are raised afterwards only as a courtesy: printers that want
 * them get them, ports that refuse them still print.
 */
import type { SerialPort } from 'serialport';
import { openSerialPort } from '../../../hardware/serial-port.ts';
import type { Logger } from '../../../hub/log.ts';
import { DataListeners, type PrinterTransport } from './transport.ts';

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
