/**
 * Wrong passwords in a row lock a staff id for a while. Ids nobody has are
 * counted and locked the same way, so the answers never tell a guesser which
 * ids exist. Kept in memory: a restart clears it, which only the hub's own
 * operator can cause.
 */
import type { StaffPolicy } from './policy.ts';

/**
 * Beyond this many ids with recent failures, the oldest counts are forgotten
 * (a flood of made-up ids). Locks are kept apart and never pushed out by
 * others: each took several wrong passwords for its own id, which the limit
 * per address (access/failure-limit.ts) already rations.
 */
const MAX_TRACKED = 10_000;

interface Failures {
  count: number;
  lastAt: number;
}

export type FailureOutcome = { locked: true; forMs: number } | { locked: false; triesLeft: number };

export class SignInLockout {
  private readonly failures = new Map<string, Failures>();
  /** Id → when its lock ends. */
  private readonly locks = new Map<string, number>();

  constructor(
    private readonly policy: Pick<StaffPolicy, 'maxFailedSignIns' | 'lockMs'>,
    private readonly clock: () => number,
  ) {}

  /** How much longer this id is locked; 0 when it may try. */
  lockedFor(id: string): number {
    const lockedUntil = this.locks.get(key(id));
    if (lockedUntil === undefined) return 0;
    const left = lockedUntil - this.clock();
    if (left > 0) return left;
    this.locks.delete(key(id));
    return 0;
  }

  recordFailure(id: string): FailureOutcome {
    const now = this.clock();
    const entry = this.failures.get(key(id)) ?? { count: 0, lastAt: now };
    // Failures spread over longer than a lock period do not add up.
    if (now - entry.lastAt > this.policy.lockMs) entry.count = 0;
    entry.count += 1;
    entry.lastAt = now;
    this.failures.delete(key(id));
    if (entry.count >= this.policy.maxFailedSignIns) {
      this.locks.set(key(id), now + this.policy.lockMs);
      this.forgetEndedLocks(now);
      return { locked: true, forMs: this.policy.lockMs };
    }
    this.failures.set(key(id), entry);
    this.forgetOldest();
    return { locked: false, triesLeft: this.policy.maxFailedSignIns - entry.count };
  }

  recordSuccess(id: string): void {
    this.failures.delete(key(id));
  }

  /** A manager lifted the lock (or reset the password): the id may try again, with a full count of tries. */
  unlock(id: string): void {
    this.locks.delete(key(id));
    this.failures.delete(key(id));
  }

  /** When this id's lock ends, or null when it is not locked. */
  lockedUntil(id: string): number | null {
    const left = this.lockedFor(id);
    return left > 0 ? this.clock() + left : null;
  }

  private forgetOldest(): void {
    // A Map iterates in insertion order and failures are re-inserted when they change: the first is the stalest.
    while (this.failures.size > MAX_TRACKED) this.failures.delete(this.failures.keys().next().value!);
  }

  private forgetEndedLocks(now: number): void {
    if (this.locks.size <= MAX_TRACKED) return;
    for (const [id, lockedUntil] of this.locks) if (lockedUntil <= now) this.locks.delete(id);
  }
}

function key(id: string): string {
  return id.trim().toLowerCase();
}
