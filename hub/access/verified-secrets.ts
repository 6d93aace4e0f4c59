/**
 * Secrets that checked out a moment ago, so that a device reconnecting or an
 * integration calling again does not pay for scrypt each time. Entries are an
 * HMAC of (id, stored hash, secret) under a key that lives only in this
 * process: the password itself is never held, and a changed hash (a new
 * password in the site file) no longer matches anything remembered.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** Long enough to cover a burst of reconnects after a network blip, short enough that a revoked secret is soon forgotten. */
const DEFAULT_TTL_MS = 5 * 60_000;
/** More than any site has devices, staff and keys; beyond it the oldest are forgotten. */
const MAX_REMEMBERED = 10_000;

export class VerifiedSecrets {
  private readonly key = randomBytes(32);
  /** HMAC → when it stops counting. A Map iterates in insertion order, so the first is the oldest. */
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly clock: () => number,
    private readonly ttlMs = DEFAULT_TTL_MS,
  ) {}

  has(id: string, stored: string, secret: string): boolean {
    const mac = this.mac(id, stored, secret);
    const expiresAt = this.expiries.get(mac);
    if (expiresAt === undefined) return false;
    if (expiresAt > this.clock()) return true;
    this.expiries.delete(mac);
    return false;
  }

  remember(id: string, stored: string, secret: string): void {
    const mac = this.mac(id, stored, secret);
    this.expiries.delete(mac);
    this.expiries.set(mac, this.clock() + this.ttlMs);
    while (this.expiries.size > MAX_REMEMBERED) this.expiries.delete(this.expiries.keys().next().value!);
  }

  /** What is held for one secret: for tests that check no password is kept. */
  entries(): string[] {
    return [...this.expiries.keys()];
  }

  private mac(id: string, stored: string, secret: string): string {
    // Lengths first, so that no two different triples run together into the same input.
    return createHmac('sha256', this.key).update(`${id.length}:${id}${stored.length}:${stored}`).update(secret.normalize('NFC')).digest('base64');
  }
}
