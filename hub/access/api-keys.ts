/**
 * API keys for integrations (contact center, scheduling systems). A key is a
 * long random string, so the site file may keep it as a plain SHA-256
 * (`sha256$<base64>`, `npm run hash-secret -- --api-key`): a guess then costs
 * one hash and a constant-time compare. Keys from before are scrypt hashes:
 * they still work, checked once off the event loop and then remembered
 * (verified-secrets.ts), with failures limited per address before any scrypt.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiScope } from '../contract/roles.ts';
import { fastSecretHash, verifySecretAsync } from './credentials.ts';
import { FailureLimit, type FailureLimitPolicy } from './failure-limit.ts';
import { VerifiedSecrets } from './verified-secrets.ts';

export interface ApiKeyRecord {
  id: string;
  secretHash: string;
  scopes: readonly ApiScope[];
}

export type KeyCheck = { ok: true; keyId: string; scopes: readonly ApiScope[] } | { ok: false; retryInMs: number | null };

const SHA256_PREFIX = 'sha256$';

/** The site file's form of a key compared by SHA-256. */
export function apiKeyHash(key: string): string {
  return fastSecretHash(key);
}

export class ApiKeys {
  private readonly fast: { record: ApiKeyRecord; digest: Buffer }[];
  private readonly slow: ApiKeyRecord[];
  private readonly verified: VerifiedSecrets;
  private readonly failures: FailureLimit;

  constructor(keys: readonly ApiKeyRecord[], clock: () => number, limit?: FailureLimitPolicy) {
    const isFast = (key: ApiKeyRecord) => key.secretHash.startsWith(SHA256_PREFIX);
    this.fast = keys.filter(isFast).map((record) => ({ record, digest: Buffer.from(record.secretHash.slice(SHA256_PREFIX.length), 'base64') }));
    this.slow = keys.filter((key) => !isFast(key));
    this.verified = new VerifiedSecrets(clock);
    this.failures = new FailureLimit(clock, limit);
  }

  /** The key `presented` is, or why not: no such key, or (retryInMs) too many wrong keys from `address`. */
  async identify(presented: string, address: string): Promise<KeyCheck> {
    const digest = sha256(presented);
    const fast = this.fast.find((key) => key.digest.length === digest.length && timingSafeEqual(key.digest, digest));
    if (fast) return matched(fast.record);
    const remembered = this.slow.find((key) => this.verified.has(key.id, key.secretHash, presented));
    if (remembered) return matched(remembered);
    if (this.slow.length === 0) return { ok: false, retryInMs: null };
    const retryInMs = this.failures.take(address);
    if (retryInMs > 0) return { ok: false, retryInMs };
    for (const key of this.slow) {
      if (!(await verifySecretAsync(presented, key.secretHash))) continue;
      this.failures.giveBack(address);
      this.verified.remember(key.id, key.secretHash, presented);
      return matched(key);
    }
    return { ok: false, retryInMs: null };
  }
}

function matched(key: ApiKeyRecord): KeyCheck {
  return { ok: true, keyId: key.id, scopes: key.scopes };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Reads `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const header = headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : null;
}
