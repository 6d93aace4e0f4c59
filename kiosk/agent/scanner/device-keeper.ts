/**
 * Keeps a scanner's device open: opens it, notices when it goes away (cable
 * pulled, adapter reset) and opens it again every few seconds until it is
 * back. One warning per outage, not one per attempt.
 */
import type { Logger } from '../../../hub/log.ts';
import { errorMessage } from '../printer/transport.ts';

export interface DeviceKeeperOptions<T> {
  /** For log lines, e.g. "serial /dev/ttyUSB0". */
  description: string;
  open: () => Promise<T>;
  /** Wires up a freshly opened device; it calls `lost` when the device goes away. */
  attach: (device: T, lost: () => void) => void;
  close: (device: T) => Promise<void>;
  // Optional, and may be passed on as undefined straight from a scanner's own options.
  onConnectionChange?: ((connected: boolean) => void) | undefined;
  /** Default 3 s. */
  reconnectMs?: number | undefined;
  log?: Logger | undefined;
}

export class DeviceKeeper<T> {
  private current: T | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private warned = false;

  constructor(private readonly options: DeviceKeeperOptions<T>) {}

  get device(): T | undefined {
    return this.current;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const device = this.current;
    this.current = undefined;
    if (device !== undefined) await this.options.close(device).catch(() => {});
  }

  private async connect(): Promise<void> {
    const { log, description } = this.options;
    try {
      const device = await this.options.open();
      if (this.stopped) {
        await this.options.close(device).catch(() => {});
        return;
      }
      this.current = device;
      this.warned = false;
      this.options.attach(device, () => this.lost(device));
      this.options.onConnectionChange?.(true);
    } catch (error) {
      if (!this.warned) log?.warn('Scanner not available', { scanner: description, error: errorMessage(error) });
      this.warned = true;
      this.scheduleRetry();
    }
  }

  private lost(device: T): void {
    if (this.current !== device) return;
    this.current = undefined;
    void this.options.close(device).catch(() => {});
    this.options.onConnectionChange?.(false);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), this.options.reconnectMs ?? 3_000);
  }
}
