/**
 * Wrong passwords in a row lock a staff id for a while. Ids nobody has are
 * counted and locked the same way, so the answers never tell a guesser which
 * ids exist. Kept in memory: a restart clears it, which only the hub's own
 * operator can cause.
 */
import type { StaffPolicy } from './policy.ts';

/** Beyond this many ids with recent failures, the oldest are forgotten (a flood of made-up ids). */
const MAX_TRACKED = 10_000;

interface Failures {
  count: number;
  lastAt: number;
  lockedUntil: number | null;
}

export type FailureOutcome = { locked: true; forMs: number } | { locked: false; triesLeft: number };

export class SignInLockout {
  private readonly failures = new Map<string, Failures>();

  constructor(
    private readonly policy: Pick<StaffPolicy, 'maxFailedSignIns' | 'lockMs'>,
    private readonly clock: () => number,
  ) {}

  /** How much longer this id is locked; 0 when it may try. */
  lockedFor(id: string): number {
    const entry = this.failures.get(key(id));
    if (!entry?.lockedUntil) return 0;
    const left = entry.lockedUntil - this.clock();
    if (left > 0) return left;
    this.failures.delete(key(id));
    return 0;
  }

  recordFailure(id: string): FailureOutcome {
    const now = this.clock();
    const entry = this.failures.get(key(id)) ?? { count: 0, lastAt: now, lockedUntil: null };
    // Failures spread over longer than a lock period do not add up.
    if (now - entry.lastAt > this.policy.lockMs) entry.count = 0;
    entry.count += 1;
    entry.lastAt = now;
    this.failures.delete(key(id));
    this.failures.set(key(id), entry);
    this.forgetOldest();
    if (entry.count >= this.policy.maxFailedSignIns) {
      entry.lockedUntil = now + this.policy.lockMs;
      return { locked: true, forMs: this.policy.lockMs };
    }
    return { locked: false, triesLeft: this.policy.maxFailedSignIns - entry.count };
  }

  recordSuccess(id: string): void {
    this.failures.delete(key(id));
  }

  private forgetOldest(): void {
    // A Map iterates in insertion order and failures are re-inserted when they change: the first is the stalest.
    while (this.failures.size > MAX_TRACKED) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) return;
      this.failures.delete(oldest);
    }
  }
}

function key(id: string): string {
  return id.trim().toLowerCase();
}
