/** Staff sign-in lock-out: a locked id stays locked whatever other ids do. */
import { describe, expect, it } from 'vitest';
import { SignInLockout } from '../../hub/staff/lockout.ts';
import { DEFAULT_STAFF_POLICY } from '../../hub/staff/policy.ts';

describe('staff sign-in lock-out', () => {
  it('keeps a lock through 10,000 failed sign-ins with made-up ids', () => {
    let now = 0;
    const lockout = new SignInLockout(DEFAULT_STAFF_POLICY, () => now);
    for (let i = 0; i < DEFAULT_STAFF_POLICY.maxFailedSignIns; i++) lockout.recordFailure('ben');
    expect(lockout.lockedFor('ben')).toBe(DEFAULT_STAFF_POLICY.lockMs);

    for (let i = 0; i < 10_000; i++) {
      now += 1;
      lockout.recordFailure(`made-up-${i}`);
    }
    expect(lockout.lockedFor('Ben')).toBe(DEFAULT_STAFF_POLICY.lockMs - now);
  });

  it('ends the lock after its time, and counts afresh', () => {
    let now = 0;
    const lockout = new SignInLockout(DEFAULT_STAFF_POLICY, () => now);
    for (let i = 0; i < DEFAULT_STAFF_POLICY.maxFailedSignIns; i++) lockout.recordFailure('ben');
    now += DEFAULT_STAFF_POLICY.lockMs;
    expect(lockout.lockedFor('ben')).toBe(0);
    expect(lockout.recordFailure('ben')).toEqual({ locked: false, triesLeft: DEFAULT_STAFF_POLICY.maxFailedSignIns - 1 });
  });
});
