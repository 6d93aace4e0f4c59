/**
 * How bytes reach a receipt printer and come back from it. Serial, the Linux
 * USB printer class device and TCP 9100 all look the same from here: the
 * ticket builder and the status reader never know which one they talk to.
 */

export interface PrinterTransport {
  /** For people: "serial /dev/ttyUSB0", "tcp 10.0.0.5:9100". */
  readonly description: string;
  /** Opens the connection if it is not open; rejects with a message a person can act on. */
  open(): Promise<void>;
  readonly isOpen: boolean;
  /** Resolves once the bytes have been handed to the operating system (opening first if needed). */
  write(bytes: Uint8Array): Promise<void>;
  /** Every byte the printer sends back; returns a function that removes the listener. */
  onData(listener: (bytes: Buffer) => void): () => void;
  close(): Promise<void>;
}

/** Several parts listen to one printer (status replies, Automatic Status Back); this hands each chunk to all of them. */
export class DataListeners {
  private readonly listeners = new Set<(bytes: Buffer) => void>();

  add(listener: (bytes: Buffer) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }

  emit(bytes: Buffer): void {
    for (const listener of this.listeners) listener(bytes);
  }
}

/** Rejects with `message` when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
