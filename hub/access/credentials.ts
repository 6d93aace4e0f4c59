/**
 * Device passwords, staff passwords and older API keys are stored as scrypt
 * hashes: `scrypt$N$r$p$saltB64$hashB64`. N = 2^14 keeps one check to tens of
 * milliseconds on a small hub while still costing a guesser 16 MiB per try.
 *
 * The hub checks them on the libuv thread pool, at most MAX_PARALLEL_CHECKS at
 * a time: SQLite's writes run on that pool too, so a storm of logins waits in
 * line here instead of holding up every enrolment.
 */
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';

const N = 2 ** 14;
const R = 8;
const P = 1;
const SALT_BYTES = 16;
const HASH_BYTES = 32;

interface ParsedHash {
  options: ScryptOptions;
  salt: Buffer;
  hash: Buffer;
}

export function hashSecret(secret: string): string {
  const salt = randomBytes(SALT_BYTES);
  const hash = scryptSync(secret.normalize('NFC'), salt, HASH_BYTES, scryptOptions(N, R, P));
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** True when `secret` matches `stored`; false for a wrong secret or a malformed hash. Blocks for one scrypt: for tools, not the hub. */
export function verifySecret(secret: string, stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = scryptSync(secret.normalize('NFC'), parsed.salt, parsed.hash.length, parsed.options);
  return timingSafeEqual(actual, parsed.hash);
}

/**
 * Half the cores, so the event loop always has one, and at most two of the
 * libuv pool's four threads, so SQLite and the file system always have theirs.
 */
const MAX_PARALLEL_CHECKS = Math.max(1, Math.min(2, Math.floor(availableParallelism() / 2)));
let running = 0;
const waiting: (() => void)[] = [];

/** Same as verifySecret, off the event loop and in line behind the checks already running. */
export async function verifySecretAsync(secret: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  return inLine(
    () =>
      new Promise((resolve) => {
        scrypt(secret.normalize('NFC'), parsed.salt, parsed.hash.length, parsed.options, (error, actual) => {
          resolve(!error && timingSafeEqual(actual, parsed.hash));
        });
      }),
  );
}

async function inLine<T>(work: () => Promise<T>): Promise<T> {
  if (running < MAX_PARALLEL_CHECKS) running++;
  // Woken by a check that finished, which hands over its place instead of giving it up.
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function scryptOptions(n: number, r: number, p: number): ScryptOptions {
  // scrypt needs 128 * N * r bytes; leave headroom over Node's 32 MiB default.
  return { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 };
}

/**
 * Reads a stored hash; null when it is not one of ours. Cost parameters are
 * bounded so that a tampered site file cannot make one login take minutes.
 */
function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [n, r, p] = parts.slice(1, 4).map((v) => (/^\d{1,8}$/.test(v ?? '') ? Number(v) : NaN)) as [number, number, number];
  const powerOfTwo = Number.isInteger(Math.log2(n));
  if (!powerOfTwo || n < 2 || n > 2 ** 20 || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16)) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const hash = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return null;
  return { options: scryptOptions(n, r, p), salt, hash };
}
