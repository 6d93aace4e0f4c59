/**
 * A maximum MQTT packet size, which aedes does not have: its parser buffers a
 * packet until the whole "remaining length" has arrived, so one client could
 * make the hub hold a 256 MB PUBLISH in memory. This wrapper sits between the
 * socket (TCP, or the WebSocket stream) and `aedes.handle`, reads only the
 * fixed headers as bytes pass through, and destroys the connection as soon as
 * a packet announces more than the limit: before its body is read. On the way
 * out it gathers what aedes writes in one turn of the event loop into one
 * socket write (see FrameLimitedStream.write).
 *
 * Fixed header (MQTT 3.1.1 §2.2): one byte of type and flags, then the
 * remaining length as a 1-4 byte varint, 7 bits per byte, low bits first,
 * high bit set on every byte but the last. Any of it may be split across chunks.
 */
import { Duplex } from 'node:stream';
import { MAX_COMMAND_BYTES } from '../contract/index.ts';

/**
 * 64 KiB: a command (MAX_COMMAND_BYTES) plus its topic, or a CONNECT with a
 * will and credentials, fits with room to spare; nothing a device sends is bigger.
 */
export const DEFAULT_MAX_PACKET_BYTES = 64 * 1024;

/** Bytes that a PUBLISH carrying a full-size command may need beyond the payload (topic, message id). */
const COMMAND_OVERHEAD_BYTES = 1024;

type WriteCallback = (error?: Error | null) => void;

export class PacketTooLargeError extends Error {
  readonly code = 'MQTT_PACKET_TOO_LARGE';
}

/** Follows MQTT fixed headers through a byte stream; knows nothing else about the protocol. */
export class FrameSizeTracker {
  private state: 'header' | 'length' | 'body' = 'header';
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private remaining = 0;
  private failure: string | null = null;

  constructor(readonly maxRemainingLength: number = DEFAULT_MAX_PACKET_BYTES) {
    if (maxRemainingLength < MAX_COMMAND_BYTES + COMMAND_OVERHEAD_BYTES) {
      throw new RangeError(`The MQTT packet limit must be at least ${MAX_COMMAND_BYTES + COMMAND_OVERHEAD_BYTES} bytes so commands fit`);
    }
  }

  /** Takes the next chunk; returns why the stream must be cut, or null while every packet is within the limit. */
  feed(chunk: Uint8Array): string | null {
    let i = 0;
    while (this.failure === null && i < chunk.length) {
      switch (this.state) {
        case 'header':
          i += 1;
          this.length = 0;
          this.multiplier = 1;
          this.lengthBytes = 0;
          this.state = 'length';
          break;
        case 'length': {
          const byte = chunk[i++]!;
          this.length += (byte & 0x7f) * this.multiplier;
          this.multiplier *= 128;
          this.lengthBytes += 1;
          // What has been read so far is a lower bound, so an oversized packet is caught at its first length byte that shows it.
          if (this.length > this.maxRemainingLength) {
            this.failure = `MQTT packet of at least ${this.length} bytes is over the ${this.maxRemainingLength}-byte limit`;
          } else if (byte & 0x80) {
            if (this.lengthBytes === 4) this.failure = 'Malformed MQTT remaining length (more than 4 bytes)';
          } else {
            this.remaining = this.length;
            this.state = this.remaining > 0 ? 'body' : 'header';
          }
          break;
        }
        case 'body': {
          const skipped = Math.min(this.remaining, chunk.length - i);
          i += skipped;
          this.remaining -= skipped;
          if (this.remaining === 0) this.state = 'header';
          break;
        }
      }
    }
    return this.failure;
  }
}

/**
 * The stream aedes reads from and writes to: bytes from `inner` are checked
 * and passed on; writes go straight to `inner`; destroying either destroys both.
 */
export class FrameLimitedStream extends Duplex {
  private readonly tracker: FrameSizeTracker;
  /** Whether writes are being held until the next turn of the event loop (see write). */
  private holding = false;

  constructor(
    private readonly inner: Duplex,
    maxRemainingLength: number = DEFAULT_MAX_PACKET_BYTES,
    /** For logs: where the connection comes from. */
    readonly remoteAddress?: string,
  ) {
    super({ allowHalfOpen: false });
    this.tracker = new FrameSizeTracker(maxRemainingLength);
    inner.on('data', (chunk: Buffer) => {
      if (this.destroyed) return;
      const failure = this.tracker.feed(chunk);
      if (failure) {
        this.destroy(new PacketTooLargeError(failure));
        return;
      }
      if (!this.push(chunk)) inner.pause();
    });
    inner.on('end', () => this.push(null));
    inner.on('error', (error) => this.destroy(error));
    inner.on('close', () => {
      if (!this.destroyed) this.destroy();
    });
  }

  override _read(): void {
    this.inner.resume();
  }

  /**
   * Holds everything written in this turn of the event loop, and hands it on in one piece at the
   * next: a call sends each lobby screen two or three messages (now serving, its service, its
   * counter), and aedes writes each in a tick of its own, so without this every message to every
   * screen is its own system call, the largest single cost of a fan-out in the hub's CPU profile
   * (test/bench/fanout-hub.ts). Backpressure is unchanged:
   * held bytes count against the stream's high-water mark as any buffered write does.
   */
  override write(chunk: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean {
    if (!this.holding) {
      this.holding = true;
      this.cork();
      setImmediate(this.release);
    }
    return super.write(chunk, encoding as BufferEncoding, callback);
  }

  private readonly release = () => {
    this.holding = false;
    this.uncork();
  };

  /** What is held goes out before the connection closes, as it would have unheld (a CONNACK refusing the client, say). */
  override destroy(error?: Error): this {
    if (this.holding && !this.destroyed) {
      this.holding = false;
      while (this.writableCorked > 0) this.uncork();
    }
    return super.destroy(error);
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: WriteCallback): void {
    if (this.inner.destroyed) {
      callback(new Error('connection closed'));
      return;
    }
    this.inner.write(chunk, encoding, callback);
  }

  /** What was held (and what aedes corked while writing one packet in pieces) goes out as one buffer: one system call. */
  override _writev(chunks: { chunk: Buffer }[], callback: WriteCallback): void {
    if (this.inner.destroyed) {
      callback(new Error('connection closed'));
      return;
    }
    this.inner.write(Buffer.concat(chunks.map((c) => c.chunk)), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.inner.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner.destroy();
    callback(error);
  }
}

export function limitFrames(inner: Duplex, maxRemainingLength?: number, remoteAddress?: string): FrameLimitedStream {
  return new FrameLimitedStream(inner, maxRemainingLength, remoteAddress);
}
