/**
 * How strict staff sign-in is. The defaults suit a front desk that is used all
 * day: a session lasts a shift, ends after an idle hour, and five wrong
 * passwords in a row lock that staff id for a quarter of an hour.
 */
export interface StaffPolicy {
  /** Wrong passwords in a row, for one staff id, before its sign-in is locked. */
  maxFailedSignIns: number;
  /** How long sign-in stays locked after that. */
  lockMs: number;
  /** A session ends after this long without a request from it (the live view does not count). */
  idleMs: number;
  /** And after this long in any case: about one shift. */
  maxSessionMs: number;
  /** Shortest password an account may have: given by a manager, or chosen by its owner. */
  minPasswordLength: number;
}

const MINUTE = 60_000;

export const DEFAULT_STAFF_POLICY: StaffPolicy = {
  maxFailedSignIns: 5,
  lockMs: 15 * MINUTE,
  idleMs: 60 * MINUTE,
  maxSessionMs: 12 * 60 * MINUTE,
  minPasswordLength: 10,
};

/** Why `password` cannot be `staffId`'s new password, or null when it can. */
export function passwordRefusal(password: string, staffId: string, policy: Pick<StaffPolicy, 'minPasswordLength'>): string | null {
  if (password.length < policy.minPasswordLength) return `The new password must be at least ${policy.minPasswordLength} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `The new password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.trim().toLowerCase() === staffId.trim().toLowerCase()) return 'The new password must not be the staff id';
  return null;
}

/** Longer passwords are refused before they are hashed. */
export const MAX_PASSWORD_LENGTH = 200;

/** "15 minutes", "1 minute": for messages people read. */
export function minutesText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / MINUTE));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
