/**
 * Two forms of stored secret.
 *
 * Staff passwords are chosen by people, so they are scrypt hashes:
 * `scrypt$N$r$p$saltB64$hashB64`. N = 2^14 keeps one check to tens of
 * milliseconds on a small hub while still costing a guesser 16 MiB per try.
 *
 * Device passwords made by provisioning and API keys are long random strings
 * (144 bits and more): nobody can guess one, so a slow hash buys nothing, and
 * they are kept as a plain SHA-256 (`sha256$<base64>`) compared in constant
 * time, at once, on the event loop. Device hashes written before are scrypt
 * and still work.
 *
 * The hub checks scrypt hashes on the libuv thread pool, at most
 * MAX_PARALLEL_CHECKS at a time and always fewer than the pool has threads:
 * SQLite's writes run on that pool too, so a storm of logins waits in line
 * here instead of holding up every enrolment.
 */
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
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

const FAST_PREFIX = 'sha256$';
/**
 * Shortest secret given the fast form by the tools: provisioning's random passwords are 24 characters
 * (18 random bytes). A shorter one may have been typed by a person and keeps scrypt.
 */
export const MIN_FAST_SECRET_LENGTH = 24;

/** The fast form, for a long random secret only (a device password from provisioning, an API key). */
export function fastSecretHash(secret: string): string {
  return FAST_PREFIX + sha256(secret).toString('base64');
}

/** Whether `stored` is the fast form, which is checked at once without the thread pool. */
export function isFastHash(stored: string): boolean {
  return stored.startsWith(FAST_PREFIX);
}

/** The form a device password gets in the site file: fast when it is long enough to be random, scrypt otherwise. */
export function hashDeviceSecret(secret: string): string {
  return secret.length >= MIN_FAST_SECRET_LENGTH ? fastSecretHash(secret) : hashSecret(secret);
}

/** The slow form, for passwords people choose. */
export function hashSecret(secret: string): string {
  const salt = randomBytes(SALT_BYTES);
  const hash = scryptSync(secret.normalize('NFC'), salt, HASH_BYTES, scryptOptions(N, R, P));
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** True when `secret` matches `stored`; false for a wrong secret or a malformed hash. Blocks for one scrypt: for tools, not the hub. */
export function verifySecret(secret: string, stored: string): boolean {
  if (isFastHash(stored)) return verifyFast(secret, stored);
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = scryptSync(secret.normalize('NFC'), parsed.salt, parsed.hash.length, parsed.options);
  return timingSafeEqual(actual, parsed.hash);
}

function verifyFast(secret: string, stored: string): boolean {
  const expected = Buffer.from(stored.slice(FAST_PREFIX.length), 'base64');
  const actual = sha256(secret);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** libuv's thread pool, shared by scrypt, SQLite, the file system and DNS lookups: UV_THREADPOOL_SIZE, 4 when unset. */
export function threadPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const size = Number(env.UV_THREADPOOL_SIZE);
  return Number.isInteger(size) && size >= 1 ? Math.min(size, 1024) : 4;
}

/**
 * Half the cores, so the event loop always has one, and at most two of the
 * libuv pool's threads and two fewer than it has (one on a pool of two or
 * less), so SQLite and the file system always have theirs.
 */
export const MAX_PARALLEL_CHECKS = Math.max(1, Math.min(2, Math.floor(availableParallelism() / 2), threadPoolSize() - 2));
let running = 0;
const waiting: (() => void)[] = [];

/** Same as verifySecret, off the event loop and in line behind the checks already running. */
export async function verifySecretAsync(secret: string, stored: string): Promise<boolean> {
  if (isFastHash(stored)) return verifyFast(secret, stored);
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
