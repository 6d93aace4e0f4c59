/**
 * A barcode scanner you type into: each line from a stream (the terminal's
 * stdin) or each `scan()` call is a code, read by the same line decoder a
 * serial scanner goes through, so garbage is refused here too.
 */
import type { Readable } from 'node:stream';
import { LineDecoder } from '../scanner/line-decoder.ts';
import type { BarcodeScanner, ScannerEvents } from '../scanner/scan.ts';

export class VirtualScanner implements BarcodeScanner {
  readonly description: string;
  readonly connected = true;
  private decoder: LineDecoder | undefined;
  private readonly onChunk = (chunk: Buffer | string) => this.decoder?.push(Buffer.from(chunk));

  constructor(private readonly input?: Readable) {
    this.description = input ? 'virtual scanner (type codes, Enter after each)' : 'virtual scanner';
  }

  async start(events: ScannerEvents): Promise<void> {
    this.decoder = new LineDecoder(events, { source: 'virtual scanner', partialTimeoutMs: 60_000 });
    this.input?.on('data', this.onChunk);
    events.onConnectionChange?.(true);
  }

  /** As if `code` had been scanned. */
  scan(code: string): void {
    this.decoder?.push(Buffer.from(`${code}\r`));
  }

  async stop(): Promise<void> {
    this.input?.off('data', this.onChunk);
    this.decoder?.dispose();
    this.decoder = undefined;
  }
}
