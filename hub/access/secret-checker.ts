/**
 * Checks an id and password, as the broker (devices) and the desk (staff) do:
 * a pair that checked out a moment ago passes at once; otherwise the caller's
 * address must have tries left before scrypt runs, in line, off the event loop.
 */
import { randomBytes } from 'node:crypto';
import { hashSecret, verifySecretAsync } from './credentials.ts';
import { FailureLimit, type FailureLimitPolicy } from './failure-limit.ts';
import { VerifiedSecrets } from './verified-secrets.ts';

export type SecretCheck = { ok: true } | { ok: false; retryInMs: null } | { ok: false; retryInMs: number };

export class SecretChecker {
  readonly verified: VerifiedSecrets;
  private readonly failures: FailureLimit;
  /** Checked against when the id is unknown; made on first need so that start-up does not pay for it. */
  private unknownIdHash: string | undefined;

  constructor(clock: () => number, limit?: FailureLimitPolicy) {
    this.verified = new VerifiedSecrets(clock);
    this.failures = new FailureLimit(clock, limit);
  }

  /**
   * Whether `secret` matches `stored` (undefined: nobody has this id). Refused
   * with `retryInMs` when `address` has run out of tries, without hashing.
   */
  async check(address: string, id: string, secret: string, stored: string | undefined): Promise<SecretCheck> {
    if (stored !== undefined && this.verified.has(id, stored, secret)) return { ok: true };
    const retryInMs = this.failures.take(address);
    if (retryInMs > 0) return { ok: false, retryInMs };
    // An unknown id costs the same scrypt as a known one, so response times do not reveal which ids exist.
    const matches = await verifySecretAsync(secret, stored ?? (this.unknownIdHash ??= hashSecret(randomBytes(16).toString('hex'))));
    if (!matches || stored === undefined) return { ok: false, retryInMs: null };
    this.failures.giveBack(address);
    this.verified.remember(id, stored, secret);
    return { ok: true };
  }
}
