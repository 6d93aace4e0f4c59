/**
 * Serial devices on pseudo-terminal pairs: socat joins two ptys, the code
 * under test opens one end as its serial port, the test plays the device on
 * the other. Only the socat started here is ever killed, by its pid.
 */
import { spawn } from 'node:child_process';
import { constants, openSync } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadStream, WriteStream } from 'node:tty';
import { EscPosDecoder } from '../../kiosk/agent/virtual/escpos-decoder.ts';

export interface PtyPair {
  /** The end the code under test opens. */
  a: string;
  /** The end the test plays the device on. */
  b: string;
  close(): Promise<void>;
}

export async function openPtyPair(timeoutMs = 5_000): Promise<PtyPair> {
  const dir = await mkdtemp(join(tmpdir(), 'lobbyline-pty-'));
  const [a, b] = [join(dir, 'a'), join(dir, 'b')];
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  socat.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
  const spawnError = new Promise<Error>((resolve) => socat.once('error', resolve));

  const close = async () => {
    if (socat.exitCode === null && socat.signalCode === null && socat.pid !== undefined) {
      process.kill(socat.pid, 'SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const error = await Promise.race([spawnError, new Promise<undefined>((resolve) => setTimeout(resolve, 20))]);
    if (error) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`socat could not start (${error.message}); install the Debian package socat`);
    }
    if (socat.exitCode !== null) {
      await close();
      throw new Error(`socat exited with code ${socat.exitCode}: ${log.trim()}`);
    }
    const ready = await Promise.all([access(a), access(b)]).then(() => true, () => false);
    if (ready) return { a, b, close };
    if (Date.now() > deadline) {
      await close();
      throw new Error(`socat did not create ${a} and ${b} within ${timeoutMs} ms: ${log.trim()}`);
    }
  }
}

export interface PtyEnd {
  /** Every byte received so far. */
  received(): Buffer;
  /** Resolves once `match` holds for what has been received. */
  waitFor(match: (received: Buffer) => boolean, timeoutMs?: number, what?: string): Promise<Buffer>;
  onData(listener: (chunk: Buffer) => void): void;
  write(bytes: Uint8Array | string): Promise<void>;
  close(): void;
}

/**
 * Opens a pty end as the device would see it. Reading and writing go through
 * libuv's tty handles (non-blocking, closable), each on its own descriptor.
 */
export function openPtyEnd(path: string): PtyEnd {
  const flags = constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK;
  const [readFd, writeFd] = [openSync(path, flags), openSync(path, flags)];
  const input = new ReadStream(readFd);
  const output = new WriteStream(writeFd);
  let buffer = Buffer.alloc(0);
  const waiters = new Set<() => void>();
  input.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (const wake of waiters) wake();
  });
  // The far end going away (socat killed) is the test's doing, not an error.
  input.on('error', () => {});
  output.on('error', () => {});
  return {
    received: () => buffer,
    waitFor: (match, timeoutMs = 5_000, what = 'the expected bytes') =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!match(buffer)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(buffer);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${what} did not arrive within ${timeoutMs} ms (${buffer.length} bytes received)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    onData: (listener) => input.on('data', listener),
    write: (bytes) => new Promise((resolve, reject) => output.write(bytes, (error) => (error ? reject(error) : resolve()))),
    close() {
      // libuv closes each descriptor with its handle.
      input.destroy();
      output.destroy();
    },
  };
}

/**
 * Plays an ESC/POS printer's status side: answers each `DLE EOT n` found in
 * `chunk`s with `replies[n]` (no entry: silence). Returns the data handler.
 */
export function answerStatusRequests(reply: (bytes: Buffer) => void, replies: () => Partial<Record<number, number>>): (chunk: Buffer) => void {
  const decoder = new EscPosDecoder({
    onStatusRequest: (n) => {
      const byte = replies()[n];
      if (byte !== undefined) reply(Buffer.from([byte]));
    },
  });
  return (chunk) => decoder.push(chunk);
}
