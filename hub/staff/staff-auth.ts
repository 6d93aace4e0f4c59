/**
 * Staff sign-in for the desk, in one place: accounts, password checks,
 * lock-out after wrong passwords, sessions and their end, and what managers
 * do about them (unlock, temporary password, disable) and everyone about
 * their own password. The HTTP routes (hub/desk/routes.ts,
 * hub/staff/routes.ts) only carry cookies and headers to and from here.
 */
import { randomInt } from 'node:crypto';
import { systemClock } from '../context.ts';
import { hashSecret } from '../access/credentials.ts';
import { staffRefusal, type ManagerAction } from '../access/index.ts';
import { because, lobbylineError, type LobbylineError } from '../contract/index.ts';
import { tooManyFailures, type FailureLimitPolicy } from '../access/failure-limit.ts';
import { SecretChecker } from '../access/secret-checker.ts';
import type { StaffAccountConfig } from '../contract/staff-account-config.ts';
import { StaffAccounts, type AccountChangeContext, type CurrentAccount, type NewAccountResult, type StaffAccountView, type StaffMember } from './accounts.ts';
import { SignInLockout } from './lockout.ts';
import { DEFAULT_STAFF_POLICY, MAX_PASSWORD_LENGTH, minutesText, passwordRefusal, type StaffPolicy } from './policy.ts';
import type { PasswordReset, SessionEnd } from '../contract/desk.ts';
import type { StoredAccountChange } from './staff-store.ts';
import { StaffSessions, type SessionLookup, type StaffSession } from './sessions.ts';
import { StaffStore } from './staff-store.ts';

export interface StaffAuthOptions {
  /** From a config file: the site file's `staff:` or the console's `agents:`. */
  accounts: StaffAccountConfig[];
  /** The SQLite file for accounts added at the desk. */
  storePath: string;
  clock?: () => number;
  policy?: Partial<StaffPolicy>;
  /** Failed sign-ins per client address before sign-in from it waits (access/failure-limit.ts). */
  addressLimit?: FailureLimitPolicy;
  warn?: (message: string, fields: Record<string, unknown>) => void;
}

/** `cookie` is the session's secret for the browser's cookie; the hub keeps only its hash. */
export type SignInResult = { ok: true; session: StaffSession; cookie: string } | { ok: false; error: LobbylineError };

export type AccountResult<T> = { ok: true; value: T } | { ok: false; error: LobbylineError };

/** Letters and digits nobody mistakes for one another when a manager reads a temporary password out. */
const TEMPORARY_PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** What a person is told when their session is gone. */
export const SESSION_END_MESSAGES: Record<SessionEnd, string> = {
  'signed-out': 'You have signed out. Sign in to continue.',
  idle: 'You were signed out after a period without activity. Sign in to continue.',
  expired: 'Your session reached its time limit. Sign in to continue.',
  unknown: 'Sign in with your staff account to use the desk.',
  disabled: 'Your account was disabled by a manager.',
  'password-changed': 'Your password was changed. Sign in with the new one.',
};

/** The one request open to a session signed in with a temporary password, besides reading and ending the session. */
export const MUST_CHANGE_PASSWORD_MESSAGE = 'Choose a new password first: the one a manager gave you works only until you do';

export class StaffAuth {
  readonly policy: StaffPolicy;
  private readonly lockout: SignInLockout;
  private readonly sessions: StaffSessions;
  /** Sign-ins for one id run one after another, so parallel guesses cannot slip past the lock. */
  private readonly attempts = new Map<string, Promise<unknown>>();
  private readonly clock: () => number;
  private readonly passwords: SecretChecker;

  private constructor(
    private readonly accounts: StaffAccounts,
    private readonly store: StaffStore,
    options: StaffAuthOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.policy = { ...DEFAULT_STAFF_POLICY, ...options.policy };
    this.lockout = new SignInLockout(this.policy, this.clock);
    this.passwords = new SecretChecker(this.clock, options.addressLimit);
    this.sessions = new StaffSessions(
      this.policy,
      this.clock,
      {
        save: (session) => store.saveSession({ ...session, staffId: session.staff.id }),
        touch: (id, lastUsedAt) => store.touchSession(id, lastUsedAt),
        remove: (id) => store.removeSession(id),
      },
      options.warn,
    );
  }

  static async open(options: StaffAuthOptions): Promise<StaffAuth> {
    const policy = { ...DEFAULT_STAFF_POLICY, ...options.policy };
    const store = await StaffStore.open(options.storePath);
    const { accounts, shadowed } = await StaffAccounts.open(options.accounts, store, policy.minPasswordLength);
    for (const id of shadowed) {
      options.warn?.('A staff account added at the desk has the id of one in the site file; the site file wins', { staffId: id });
    }
    const auth = new StaffAuth(accounts, store, options);
    // Sessions from before a restart, for accounts that still exist.
    const restored = (await store.sessions()).flatMap((stored) => {
      const account = accounts.find(stored.staffId);
      return account && !account.disabled ? [{ ...stored, staff: { id: account.id, name: account.name, role: account.role } }] : [];
    });
    auth.sessions.restore(restored);
    return auth;
  }

  /** `address` is where the request came from: failures are limited per address as well as per id. */
  signIn(staffId: unknown, password: unknown, address: string): Promise<SignInResult> {
    if (typeof staffId !== 'string' || typeof password !== 'string' || staffId.trim() === '' || staffId.length > 64 || password.length > 200) {
      return Promise.resolve({ ok: false, error: lobbylineError('invalid_request', 'Enter your staff id and password', because('staff.credentials_missing', {})) });
    }
    const id = staffId.trim();
    const key = id.toLowerCase();
    const attempt = (this.attempts.get(key) ?? Promise.resolve()).then(() => this.checkPassword(id, password, address));
    const settled = attempt.catch(() => {});
    this.attempts.set(key, settled);
    void settled.then(() => {
      if (this.attempts.get(key) === settled) this.attempts.delete(key);
    });
    return attempt;
  }

  /** For a request: the session behind this cookie, counted as activity. */
  useSession(cookie: string | undefined): SessionLookup {
    return this.sessions.use(cookie);
  }

  /** The session if still valid, without counting as activity (the live view, the desk's own refreshes). */
  peekSession(cookie: string | undefined): SessionLookup {
    return this.sessions.peek(cookie);
  }

  /** Hears every session that ends (signed out, idle, expired); returns a function that stops listening. */
  onSessionEnded(listener: (sessionId: string, reason: SessionEnd) => void): () => void {
    return this.sessions.onEnded(listener);
  }

  /** Resolves once the sign-out is stored, so a restart cannot bring the session back. */
  signOut(cookie: string): Promise<void> {
    this.sessions.endByCookie(cookie, 'signed-out');
    return this.sessions.stored();
  }

  /** Whether this session's account signed in with a temporary password it has yet to replace. */
  mustChangePassword(session: StaffSession): boolean {
    return this.accounts.find(session.staff.id)?.mustChangePassword ?? false;
  }

  accountList(): StaffAccountView[] {
    return this.accounts.list((id) => this.lockout.lockedUntil(id));
  }

  /** `afterSeq`: the line's last event seq, where the change shows in the activity list. */
  addAccount(by: StaffMember, input: unknown, afterSeq: number): Promise<NewAccountResult> {
    return this.accounts.add(input, this.change(by, afterSeq));
  }

  /** Lifts the lock wrong passwords put on an account, before its time is up. */
  async unlock(by: StaffMember, staffId: string, afterSeq: number): Promise<AccountResult<StaffAccountView>> {
    const target = this.managedAccount(by, 'unlock-staff-account', staffId);
    if (!target.ok) return target;
    this.lockout.unlock(target.value.id);
    await this.accounts.record(target.value.id, this.change(by, afterSeq), 'unlocked');
    return { ok: true, value: this.viewOf(target.value.id) };
  }

  /**
   * Gives an account a temporary password, which the manager hands over and
   * which must be replaced at the next sign-in. Lifts any lock and ends the
   * account's sessions: whoever knew the old password is out.
   */
  async resetPassword(by: StaffMember, staffId: string, afterSeq: number): Promise<AccountResult<PasswordReset>> {
    const target = this.managedAccount(by, 'reset-staff-password', staffId);
    if (!target.ok) return target;
    const { id } = target.value;
    if (id.toLowerCase() === by.id.toLowerCase()) {
      return { ok: false, error: lobbylineError('invalid_request', 'To change your own password, use "Change password"') };
    }
    const temporaryPassword = temporaryPasswordText();
    await this.accounts.setPassword(id, hashSecret(temporaryPassword), true, this.change(by, afterSeq), 'password-reset');
    this.lockout.unlock(id);
    this.sessions.endAllOf(id, 'password-changed');
    return { ok: true, value: { staffId: id, temporaryPassword } };
  }

  /** A disabled account cannot sign in, and its open sessions end at once. */
  async setDisabled(by: StaffMember, staffId: string, disabled: boolean, afterSeq: number): Promise<AccountResult<StaffAccountView>> {
    const target = this.managedAccount(by, 'disable-staff-account', staffId);
    if (!target.ok) return target;
    const { id } = target.value;
    if (disabled && id.toLowerCase() === by.id.toLowerCase()) {
      return { ok: false, error: lobbylineError('invalid_request', 'You cannot disable your own account: ask another manager') };
    }
    if (target.value.disabled !== disabled) await this.accounts.setDisabled(id, disabled, this.change(by, afterSeq));
    if (disabled) this.sessions.endAllOf(id, 'disabled');
    return { ok: true, value: this.viewOf(id) };
  }

  /**
   * The signed-in person's own new password, given their current one (or the
   * temporary one from a manager). Their other sessions end; this one stays.
   */
  async changeOwnPassword(session: StaffSession, current: unknown, next: unknown, address: string, afterSeq: number): Promise<AccountResult<null>> {
    if (typeof current !== 'string' || typeof next !== 'string' || current === '' || current.length > MAX_PASSWORD_LENGTH) {
      return { ok: false, error: lobbylineError('invalid_request', 'Enter your current password and a new one') };
    }
    const account = this.accounts.find(session.staff.id);
    if (!account) return { ok: false, error: lobbylineError('not_found', 'Your account is no longer on this hub') };
    const check = await this.passwords.check(address, account.id.toLowerCase(), current, account.passwordHash);
    if (!check.ok && check.retryInMs !== null) return { ok: false, error: tooManyFailures(check.retryInMs) };
    if (!check.ok) return { ok: false, error: lobbylineError('forbidden', 'Your current password is not right') };
    const refusal = next === current ? 'The new password must differ from the current one' : passwordRefusal(next, account.id, this.policy);
    if (refusal) return { ok: false, error: lobbylineError('invalid_request', refusal) };
    await this.accounts.setPassword(account.id, hashSecret(next), false, this.change(session.staff, afterSeq), 'password-changed');
    this.sessions.endAllOf(account.id, 'password-changed', session.id);
    return { ok: true, value: null };
  }

  /** Account changes made after line events `fromSeq` to `toSeq`, newest first, for the activity list. */
  accountChanges(fromSeq: number, toSeq: number): Promise<StoredAccountChange[]> {
    return this.store.changesAfterSeqs(fromSeq, toSeq);
  }

  /** A staff member's name for the activity list; undefined for an id nobody has. */
  nameOf(staffId: string): string | undefined {
    return this.accounts.find(staffId)?.name;
  }

  async close(): Promise<void> {
    await this.sessions.stored();
    await this.store.close();
  }

  private change(by: StaffMember, afterSeq: number): AccountChangeContext {
    return { by, at: this.clock(), afterSeq };
  }

  /** The account a manager means to change, or why they may not. */
  private managedAccount(by: StaffMember, action: ManagerAction, staffId: string): AccountResult<CurrentAccount> {
    const refusal = staffRefusal(by, action);
    if (refusal) return { ok: false, error: lobbylineError('forbidden', refusal) };
    const account = this.accounts.find(staffId);
    if (!account) return { ok: false, error: lobbylineError('not_found', `There is no staff account '${staffId}'`) };
    return { ok: true, value: account };
  }

  private viewOf(id: string): StaffAccountView {
    return this.accountList().find((account) => account.id === id)!;
  }

  private async checkPassword(id: string, password: string, address: string): Promise<SignInResult> {
    const lockedFor = this.lockout.lockedFor(id);
    if (lockedFor > 0) return { ok: false, error: this.lockedError(lockedFor) };
    const account = this.accounts.find(id);
    const check = await this.passwords.check(address, id.toLowerCase(), password, account?.passwordHash);
    if (!check.ok && check.retryInMs !== null) return { ok: false, error: tooManyFailures(check.retryInMs) };
    if (account && check.ok) {
      // Said only to whoever knows the password, so it tells a guesser nothing.
      if (account.disabled) return { ok: false, error: lobbylineError('forbidden', 'This account is disabled: ask a manager to enable it') };
      this.lockout.recordSuccess(id);
      return { ok: true, ...this.sessions.start({ id: account.id, name: account.name, role: account.role }) };
    }
    const outcome = this.lockout.recordFailure(id);
    if (outcome.locked) return { ok: false, error: this.lockedError(outcome.forMs) };
    const left = outcome.triesLeft === 1 ? '1 try' : `${outcome.triesLeft} tries`;
    return {
      ok: false,
      error: lobbylineError(
        'unauthorized',
        `Wrong staff id or password. ${left} left before sign-in for this id is locked for ${minutesText(this.policy.lockMs)}.`,
        because('staff.wrong_password', { triesLeft: outcome.triesLeft, lockMinutes: Math.ceil(this.policy.lockMs / 60_000) }),
      ),
    };
  }

  private lockedError(forMs: number): LobbylineError {
    return lobbylineError(
      'rate_limited',
      `Too many wrong passwords: sign-in for this id is locked. Try again in ${minutesText(forMs)}.`,
      because('staff.locked', { minutes: Math.ceil(forMs / 60_000) }),
    );
  }
}

/** Three groups of four, as "k7dm-4qxa-p2re": easy to read out and to type once. */
function temporaryPasswordText(): string {
  const group = () => Array.from({ length: 4 }, () => TEMPORARY_PASSWORD_ALPHABET[randomInt(TEMPORARY_PASSWORD_ALPHABET.length)]).join('');
  return [group(), group(), group()].join('-');
}
