/**
 * A receipt printer on Linux's USB printer class driver (usblp): a character
 * device such as /dev/usb/lp0, read and written as a file.
 *
 * The device is opened non-blocking. A blocking read would park one of
 * libuv's few worker threads until the printer speaks, and usblp allows one
 * open at a time, so reads and writes share one descriptor: writes retry
 * while the driver says EAGAIN (the previous transfer is still going), and
 * reads poll only while someone is listening for status bytes.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Logger } from '../../../hub/log.ts';
import { DataListeners, errorMessage, type PrinterTransport } from './transport.ts';

export interface UsbLpTransportOptions {
  path: string;
  /** How long a write may wait for the printer to take data; default 10 s. */
  writeTimeoutMs?: number;
  /** How often to look for status bytes while someone listens; default 10 ms. */
  pollMs?: number;
  log?: Logger;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isAgain = (error: unknown) => (error as NodeJS.ErrnoException).code === 'EAGAIN';
/** Unplugged printer (usblp), or a hung-up tty. */
const isGone = (error: unknown) => ['ENODEV', 'EIO', 'ENXIO', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '');

export class UsbLpTransport implements PrinterTransport {
  readonly description: string;
  private handle: FileHandle | undefined;
  private opening: Promise<void> | undefined;
  private polling = false;
  private readonly listeners = new DataListeners();

  constructor(private readonly options: UsbLpTransportOptions) {
    this.description = `usb ${options.path}`;
  }

  get isOpen(): boolean {
    return this.handle !== undefined;
  }

  open(): Promise<void> {
    if (this.handle) return Promise.resolve();
    this.opening ??= open(this.options.path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY)
      .then((handle) => {
        this.handle = handle;
        this.startPolling();
      })
      .catch((error: unknown) => {
        throw new Error(`Could not open printer device ${this.options.path}: ${errorMessage(error)}`);
      })
      .finally(() => {
        this.opening = undefined;
      });
    return this.opening;
  }

  async write(bytes: Uint8Array): Promise<void> {
    await this.open();
    const deadline = Date.now() + (this.options.writeTimeoutMs ?? 10_000);
    let offset = 0;
    while (offset < bytes.length) {
      const handle = this.handle;
      if (!handle) throw new Error(`Printer device ${this.options.path} closed while printing`);
      try {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
        if (bytesWritten > 0) continue;
      } catch (error) {
        if (!isAgain(error)) {
          await this.dropHandle();
          throw new Error(`Could not write to printer device ${this.options.path}: ${errorMessage(error)}`);
        }
      }
      if (Date.now() > deadline) throw new Error(`Printer on ${this.options.path} did not take data for ${this.options.writeTimeoutMs ?? 10_000} ms`);
      await sleep(2);
    }
  }

  onData(listener: (bytes: Buffer) => void): () => void {
    const remove = this.listeners.add(listener);
    this.startPolling();
    return remove;
  }

  async close(): Promise<void> {
    await this.opening?.catch(() => {});
    await this.dropHandle();
  }

  private async dropHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => {});
  }

  private startPolling(): void {
    if (this.polling || !this.handle || this.listeners.size === 0) return;
    this.polling = true;
    void this.poll().finally(() => {
      this.polling = false;
    });
  }

  private async poll(): Promise<void> {
    const buffer = Buffer.alloc(256);
    while (this.handle && this.listeners.size > 0) {
      const handle = this.handle;
      let bytesRead = 0;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, buffer.length, null));
      } catch (error) {
        if (isAgain(error)) {
          await sleep(this.options.pollMs ?? 10);
          continue;
        }
        if (isGone(error)) {
          this.options.log?.warn('Printer device is gone', { device: this.options.path, error: errorMessage(error) });
          await this.dropHandle();
          return;
        }
        // usblp refuses reads from printers that only take data; they cannot report status.
        this.options.log?.warn('Printer device gives no status bytes', { device: this.options.path, error: errorMessage(error) });
        return;
      }
      if (bytesRead > 0) this.listeners.emit(Buffer.from(buffer.subarray(0, bytesRead)));
      else await sleep(this.options.pollMs ?? 10);
    }
  }
}
