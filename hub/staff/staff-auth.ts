/**
 * Staff sign-in for the desk, in one place: accounts, password checks,
 * lock-out after wrong passwords, sessions and their end. The HTTP routes
 * (hub/desk/routes.ts) only carry cookies and headers to and from here.
 */
import { systemClock } from '../context.ts';
import { because, lobbylineError, type LobbylineError } from '../contract/index.ts';
import { tooManyFailures, type FailureLimitPolicy } from '../access/failure-limit.ts';
import { SecretChecker } from '../access/secret-checker.ts';
import type { SiteConfig } from '../site/config.ts';
import { StaffAccounts, type NewAccountResult, type StaffAccountView, type StaffMember } from './accounts.ts';
import { SignInLockout } from './lockout.ts';
import { DEFAULT_STAFF_POLICY, minutesText, type StaffPolicy } from './policy.ts';
import type { SessionEnd } from '../contract/desk.ts';
import { StaffSessions, type SessionLookup, type StaffSession } from './sessions.ts';
import { StaffStore } from './staff-store.ts';

export interface StaffAuthOptions {
  accounts: SiteConfig['staff'];
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

/** What a person is told when their session is gone. */
export const SESSION_END_MESSAGES: Record<SessionEnd, string> = {
  'signed-out': 'You have signed out. Sign in to continue.',
  idle: 'You were signed out after a period without activity. Sign in to continue.',
  expired: 'Your session reached its time limit. Sign in to continue.',
  unknown: 'Sign in with your staff account to use the desk.',
};

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
      return account ? [{ ...stored, staff: { id: account.id, name: account.name, role: account.role } }] : [];
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

  signOut(cookie: string): void {
    this.sessions.endByCookie(cookie, 'signed-out');
  }

  accountList(): StaffAccountView[] {
    return this.accounts.list();
  }

  addAccount(by: StaffMember, input: unknown): Promise<NewAccountResult> {
    return this.accounts.add(by, input, this.clock());
  }

  /** A staff member's name for the activity list; undefined for an id nobody has. */
  nameOf(staffId: string): string | undefined {
    return this.accounts.find(staffId)?.name;
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private async checkPassword(id: string, password: string, address: string): Promise<SignInResult> {
    const lockedFor = this.lockout.lockedFor(id);
    if (lockedFor > 0) return { ok: false, error: this.lockedError(lockedFor) };
    const account = this.accounts.find(id);
    const check = await this.passwords.check(address, id.toLowerCase(), password, account?.passwordHash);
    if (!check.ok && check.retryInMs !== null) return { ok: false, error: tooManyFailures(check.retryInMs) };
    if (account && check.ok) {
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
