/**
 * A barcode scanner on a serial port (RS-232, or USB in CDC/serial mode as
 * /dev/ttyACM*). Lines become scans; when the port goes away the scanner is
 * reported disconnected and the port is tried again every few seconds.
 */
import type { SerialPort } from 'serialport';
import type { Logger } from '../../../hub/log.ts';
import { openSerialPort } from '../../../hardware/serial-port.ts';
import { DeviceKeeper } from './device-keeper.ts';
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
  private decoder: LineDecoder | undefined;
  private keeper: DeviceKeeper<SerialPort> | undefined;

  constructor(private readonly options: SerialScannerOptions) {
    this.description = `serial ${options.path}`;
  }

  get connected(): boolean {
    return this.keeper?.device?.isOpen ?? false;
  }

  async start(events: ScannerEvents): Promise<void> {
    const { options, description } = this;
    this.decoder = new LineDecoder(events, { source: description, ...options.decode });
    this.keeper = new DeviceKeeper<SerialPort>({
      description,
      open: () => openSerialPort(options.path, options.baudRate ?? 9600, options.log, options.presenceCheckMs),
      attach: (port, lost) => {
        port.on('data', (chunk: Buffer) => this.decoder?.push(chunk));
        port.on('error', (error) => options.log?.warn('Scanner serial port error', { scanner: description, error: error.message }));
        port.on('close', lost);
      },
      close: (port) => (port.isOpen ? new Promise<void>((resolve) => port.close(() => resolve())) : Promise.resolve()),
      onConnectionChange: events.onConnectionChange,
      reconnectMs: options.reconnectMs,
      log: options.log,
    });
    await this.keeper.start();
  }

  async stop(): Promise<void> {
    this.decoder?.dispose();
    await this.keeper?.stop();
  }
}
