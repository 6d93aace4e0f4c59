/**
 * A network receipt printer on its raw TCP port (9100, "JetDirect"). One
 * connection is kept open and made again when the printer or the network
 * drops it.
 */
import { connect, type Socket } from 'node:net';
import type { Logger } from '../../../hub/log.ts';
import { DataListeners, errorMessage, type PrinterTransport } from './transport.ts';

export interface TcpTransportOptions {
  host: string;
  /** Default 9100. */
  port?: number;
  /** Default 3 s. */
  connectTimeoutMs?: number;
  log?: Logger;
}

export class TcpTransport implements PrinterTransport {
  readonly description: string;
  private socket: Socket | undefined;
  private opening: Promise<void> | undefined;
  private readonly listeners = new DataListeners();

  constructor(private readonly options: TcpTransportOptions) {
    this.description = `tcp ${options.host}:${options.port ?? 9100}`;
  }

  get isOpen(): boolean {
    return this.socket !== undefined;
  }

  open(): Promise<void> {
    if (this.socket) return Promise.resolve();
    this.opening ??= this.connect().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  async write(bytes: Uint8Array): Promise<void> {
    await this.open();
    const socket = this.socket;
    if (!socket) throw new Error(`Printer at ${this.description} closed the connection`);
    await new Promise<void>((resolve, reject) => {
      socket.write(bytes, (error) => (error ? reject(new Error(`Could not send to printer at ${this.description}: ${error.message}`)) : resolve()));
    });
  }

  onData(listener: (bytes: Buffer) => void): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    await this.opening?.catch(() => {});
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 1_000).unref();
    });
  }

  private connect(): Promise<void> {
    const { host, port = 9100, connectTimeoutMs = 3_000 } = this.options;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, noDelay: true });
      const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${connectTimeoutMs} ms`)), connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onConnectError);
        socket.on('error', (error) => this.options.log?.warn('Printer connection error', { printer: this.description, error: error.message }));
        socket.on('data', (bytes: Buffer) => this.listeners.emit(bytes));
        socket.on('close', () => {
          if (this.socket === socket) this.socket = undefined;
        });
        this.socket = socket;
        resolve();
      });
      const onConnectError = (error: Error) => {
        clearTimeout(timer);
        reject(new Error(`Could not connect to printer at ${this.description}: ${errorMessage(error)}`));
      };
      socket.once('error', onConnectError);
    });
  }
}
