/**
 * Checks an id and password, as the broker (devices) and the desk (staff) do:
 * a pair that checked out a moment ago passes at once; otherwise the caller's
 * address must have tries left before the hash is checked: a fast one (a
 * device password from provisioning) at once, scrypt in line, off the event loop.
 */
import { randomBytes } from 'node:crypto';
import { fastSecretHash, hashSecret, verifySecretAsync } from './credentials.ts';
import { FailureLimit, type FailureLimitPolicy } from './failure-limit.ts';
import { VerifiedSecrets } from './verified-secrets.ts';

export type SecretCheck = { ok: true } | { ok: false; retryInMs: null } | { ok: false; retryInMs: number };

export class SecretChecker {
  readonly verified: VerifiedSecrets;
  private readonly failures: FailureLimit;
  /** Checked against when the id is unknown; made on first need so that start-up does not pay for it. */
  private unknownIdStored: string | undefined;

  /**
   * `unknownIds`: what an unknown id is checked against. 'scrypt' (staff) costs the same as a known id, so
   * response times do not tell which staff ids exist. 'fast' (devices) costs a SHA-256: device ids are no
   * secret (they are in every topic a device uses), and made-up ids must not keep the thread pool busy.
   */
  constructor(
    clock: () => number,
    limit?: FailureLimitPolicy,
    private readonly unknownIds: 'scrypt' | 'fast' = 'scrypt',
  ) {
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
    const matches = await verifySecretAsync(secret, stored ?? this.unknownIdHash());
    if (!matches || stored === undefined) return { ok: false, retryInMs: null };
    this.failures.giveBack(address);
    // Remembered even when the hash is fast: then a device that signed in a moment ago still gets in while its address is refused.
    this.verified.remember(id, stored, secret);
    return { ok: true };
  }

  private unknownIdHash(): string {
    const random = randomBytes(18).toString('base64url');
    return (this.unknownIdStored ??= this.unknownIds === 'fast' ? fastSecretHash(random) : hashSecret(random));
  }
}
