/**
 * Checking passwords and API keys without stalling the hub: scrypt in line
 * off the event loop, a cache of good pairs that never holds a password,
 * failures limited per address before any hashing, API keys by SHA-256.
 * node:crypto's scrypt is wrapped to count calls: the lowest boundary there is.
 */
import { availableParallelism } from 'node:os';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const scryptCalls = vi.hoisted(() => ({ started: 0, running: 0, mostAtOnce: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  const scrypt = (...args: unknown[]) => {
    scryptCalls.started++;
    scryptCalls.running++;
    scryptCalls.mostAtOnce = Math.max(scryptCalls.mostAtOnce, scryptCalls.running);
    const done = args.pop() as (error: Error | null, key: Buffer) => void;
    (actual.scrypt as (...a: unknown[]) => void)(...args, (error: Error | null, key: Buffer) => {
      scryptCalls.running--;
      done(error, key);
    });
  };
  return { ...actual, default: { ...actual, scrypt }, scrypt };
});

const { fastSecretHash, hashDeviceSecret, hashSecret, MAX_PARALLEL_CHECKS, threadPoolSize, verifySecret, verifySecretAsync } = await import('../../hub/access/credentials.ts');
const { SecretChecker } = await import('../../hub/access/secret-checker.ts');
const { ApiKeys, apiKeyHash } = await import('../../hub/access/api-keys.ts');
const { FailureLimit } = await import('../../hub/access/failure-limit.ts');

const PASSWORD = 'kiosk-password-1';
const STORED = hashSecret(PASSWORD);
const LIMIT = { maxTries: 3, refillMs: 60_000 };

beforeEach(() => {
  scryptCalls.started = 0;
  scryptCalls.mostAtOnce = 0;
});

describe('password checks', () => {
  it('refuses a wrong password and accepts the right one', async () => {
    const checker = new SecretChecker(() => 0);
    expect(await checker.check('10.0.0.7', 'kiosk-1', 'wrong', STORED)).toEqual({ ok: false, retryInMs: null });
    expect(await checker.check('10.0.0.7', 'kiosk-1', PASSWORD, STORED)).toEqual({ ok: true });
  });

  it('refuses an unknown id after the same scrypt as a known one', async () => {
    const checker = new SecretChecker(() => 0);
    expect(await checker.check('10.0.0.7', 'nobody', PASSWORD, undefined)).toEqual({ ok: false, retryInMs: null });
    expect(scryptCalls.started).toBe(1);
  });

  it('remembers a good pair without holding the password, for a while, and only for that hash', async () => {
    let now = 0;
    const checker = new SecretChecker(() => now);
    await checker.check('10.0.0.7', 'kiosk-1', PASSWORD, STORED);
    expect(scryptCalls.started).toBe(1);

    expect(await checker.check('10.0.0.8', 'kiosk-1', PASSWORD, STORED)).toEqual({ ok: true });
    expect(scryptCalls.started).toBe(1);

    const held = checker.verified.entries();
    expect(held).toHaveLength(1);
    for (const form of [PASSWORD, Buffer.from(PASSWORD).toString('base64'), Buffer.from(PASSWORD).toString('hex')]) {
      expect(held.join(' ')).not.toContain(form);
    }

    // A new password in the site file: the old one is not taken on trust.
    const changed = hashSecret('kiosk-password-2');
    expect(await checker.check('10.0.0.7', 'kiosk-1', PASSWORD, changed)).toEqual({ ok: false, retryInMs: null });
    expect(scryptCalls.started).toBe(2);

    now += 10 * 60_000;
    expect(await checker.check('10.0.0.7', 'kiosk-1', PASSWORD, STORED)).toEqual({ ok: true });
    expect(scryptCalls.started).toBe(3);
  });

  it('refuses an address that ran out of tries before hashing, even with parallel guesses', async () => {
    const checker = new SecretChecker(() => 0, LIMIT);
    const guesses = await Promise.all(Array.from({ length: 10 }, (_, i) => checker.check('10.0.0.66', 'kiosk-1', `guess-${i}`, STORED)));
    expect(guesses.filter((g) => g.ok === false && g.retryInMs === null)).toHaveLength(3);
    expect(guesses.filter((g) => g.ok === false && g.retryInMs === 60_000)).toHaveLength(7);
    expect(scryptCalls.started).toBe(3);

    // Another address is not held up by it.
    expect(await checker.check('10.0.0.7', 'kiosk-1', PASSWORD, STORED)).toEqual({ ok: true });
  });

  it('hashes at most two at a time (one on a machine with fewer than four cores) however many arrive', async () => {
    const checks = await Promise.all(Array.from({ length: 8 }, (_, i) => verifySecretAsync(i === 5 ? PASSWORD : `guess-${i}`, STORED)));
    expect(checks.filter(Boolean)).toHaveLength(1);
    expect(scryptCalls.started).toBe(8);
    expect(scryptCalls.mostAtOnce).toBe(availableParallelism() >= 4 ? 2 : 1);
  });

  it('always leaves libuv threads for SQLite: fewer checks at once than the pool has threads, whatever UV_THREADPOOL_SIZE says', () => {
    expect(threadPoolSize({})).toBe(4);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: '8' })).toBe(8);
    expect(threadPoolSize({ UV_THREADPOOL_SIZE: 'lots' })).toBe(4);
    expect(MAX_PARALLEL_CHECKS).toBeLessThan(threadPoolSize());
  });
});

describe('device passwords in the fast form', () => {
  const RANDOM = 'p2Yx0c7Kq_Vb3nWm8Rt1LzA4'; // 24 characters, as provisioning makes them

  it('checks a SHA-256 hash at once, without scrypt: the right password passes, a wrong one does not', async () => {
    const stored = fastSecretHash(RANDOM);
    expect(stored).toMatch(/^sha256\$[A-Za-z0-9+/]{43}=$/);
    const checker = new SecretChecker(() => 0, LIMIT, 'fast');
    expect(await checker.check('10.0.0.7', 'display-1', RANDOM, stored)).toEqual({ ok: true });
    expect(await checker.check('10.0.0.8', 'display-1', `${RANDOM}x`, stored)).toEqual({ ok: false, retryInMs: null });
    expect(await checker.check('10.0.0.8', 'nobody', RANDOM, undefined)).toEqual({ ok: false, retryInMs: null });
    expect(verifySecret(RANDOM, stored)).toBe(true);
    expect(verifySecret(RANDOM.slice(1), stored)).toBe(false);
    expect(verifySecret(RANDOM, 'sha256$short')).toBe(false);
    expect(scryptCalls.started).toBe(0);
  });

  it('still takes a device hash from before, stored as scrypt', async () => {
    const checker = new SecretChecker(() => 0, LIMIT, 'fast');
    expect(await checker.check('10.0.0.7', 'kiosk-1', PASSWORD, STORED)).toEqual({ ok: true });
    expect(await checker.check('10.0.0.8', 'kiosk-1', 'wrong', STORED)).toEqual({ ok: false, retryInMs: null });
    expect(scryptCalls.started).toBe(2);
  });

  it('gives the fast form only to a password long enough to be random', () => {
    expect(hashDeviceSecret(RANDOM)).toBe(fastSecretHash(RANDOM));
    expect(hashDeviceSecret('short-typed-1')).toMatch(/^scrypt\$/);
  });
});

describe('failure limit per address', () => {
  it('gives back a try that succeeded, and one try per refill period', () => {
    let now = 0;
    const limit = new FailureLimit(() => now, LIMIT);
    expect([limit.take('a'), limit.take('a'), limit.take('a')]).toEqual([0, 0, 0]);
    expect(limit.take('a')).toBe(60_000);
    limit.giveBack('a');
    expect(limit.take('a')).toBe(0);
    now += 30_000;
    expect(limit.take('a')).toBe(30_000);
    now += 30_000;
    expect(limit.take('a')).toBe(0);
  });
});

describe('API keys', () => {
  const KEY = 'k'.repeat(40);
  const OLD_KEY = 'an-older-integration-key-1234';

  it('knows a SHA-256 key at once and refuses a wrong one without scrypt', async () => {
    const keys = new ApiKeys([{ id: 'cc', secretHash: apiKeyHash(KEY), scopes: ['read'] }], () => 0, LIMIT);
    expect(await keys.identify(KEY, '10.0.0.7')).toEqual({ ok: true, keyId: 'cc', scopes: ['read'] });
    for (let i = 0; i < 10; i++) expect(await keys.identify(`x${i}`, '10.0.0.7')).toEqual({ ok: false, retryInMs: null });
    expect(scryptCalls.started).toBe(0);
  });

  it('still takes a key stored as scrypt: checked once, then remembered', async () => {
    const keys = new ApiKeys([{ id: 'old', secretHash: hashSecret(OLD_KEY), scopes: ['read', 'manage'] }], () => 0, LIMIT);
    expect(await keys.identify(OLD_KEY, '10.0.0.7')).toMatchObject({ ok: true, keyId: 'old' });
    expect(await keys.identify(OLD_KEY, '10.0.0.7')).toMatchObject({ ok: true, keyId: 'old' });
    expect(scryptCalls.started).toBe(1);
  });

  it('limits wrong keys per address before any scrypt', async () => {
    const keys = new ApiKeys([{ id: 'old', secretHash: hashSecret(OLD_KEY), scopes: ['read'] }], () => 0, LIMIT);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => keys.identify(`x${i}`, '10.0.0.66')));
    expect(answers.filter((a) => !a.ok && a.retryInMs === null)).toHaveLength(3);
    expect(answers.filter((a) => !a.ok && a.retryInMs)).toHaveLength(7);
    expect(scryptCalls.started).toBe(3);
  });
});
