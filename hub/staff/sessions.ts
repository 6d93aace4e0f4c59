/**
 * Signed-in desk sessions. The browser holds only the session's secret, in an
 * HttpOnly cookie that page scripts cannot read, plus a CSRF token that is
 * worthless without it. The hub keeps each session under a hash of that
 * secret, in memory and in the staff database, so that a restart of the hub
 * (which is crash-only) does not sign everyone out, and a copy of the
 * database holds no cookie anyone could use.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SessionEnd } from '../contract/desk.ts';
import type { StaffMember } from './accounts.ts';
import type { StaffPolicy } from './policy.ts';

export interface StaffSession {
  /** A hash of the cookie: what the hub knows the session by. */
  id: string;
  csrfToken: string;
  staff: StaffMember;
  startedAt: number;
  lastUsedAt: number;
}

export type SessionLookup = { ok: true; session: StaffSession } | { ok: false; ended: SessionEnd };

/** Where sessions outlive the process (hub/staff/staff-store.ts). */
export interface SessionRecords {
  save(session: StaffSession): Promise<void>;
  touch(id: string, lastUsedAt: number): Promise<void>;
  remove(id: string): Promise<void>;
}

type EndListener = (sessionId: string, reason: SessionEnd) => void;

/** Activity is written down at most this often: idle time-outs are counted in minutes. */
const TOUCH_EVERY_MS = 60_000;

export class StaffSessions {
  private readonly sessions = new Map<string, StaffSession>();
  private readonly touched = new Map<string, number>();
  private readonly listeners = new Set<EndListener>();
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly policy: Pick<StaffPolicy, 'idleMs' | 'maxSessionMs'>,
    private readonly clock: () => number,
    private readonly records: SessionRecords | null = null,
    private readonly warn: (message: string, fields: Record<string, unknown>) => void = () => {},
  ) {}

  /** Sessions from before a restart; those that ended meanwhile are dropped. */
  restore(sessions: readonly StaffSession[]): void {
    const now = this.clock();
    for (const session of sessions) {
      if (this.endReason(session, now)) this.persist(() => this.records?.remove(session.id));
      else {
        this.sessions.set(session.id, session);
        this.touched.set(session.id, session.lastUsedAt);
      }
    }
  }

  /** A new session and the cookie that stands for it (given to the browser once, never kept). */
  start(staff: StaffMember): { session: StaffSession; cookie: string } {
    const now = this.clock();
    this.sweep(now);
    const cookie = token();
    const session: StaffSession = { id: idOf(cookie), csrfToken: token(), staff, startedAt: now, lastUsedAt: now };
    this.sessions.set(session.id, session);
    this.touched.set(session.id, now);
    this.persist(() => this.records?.save(session));
    return { session, cookie };
  }

  /** For a request the person made: the session, if still valid, now counted as active. */
  use(cookie: string | undefined): SessionLookup {
    const found = this.peek(cookie);
    if (found.ok) {
      const { session } = found;
      session.lastUsedAt = this.clock();
      if (session.lastUsedAt - (this.touched.get(session.id) ?? 0) >= TOUCH_EVERY_MS) {
        this.touched.set(session.id, session.lastUsedAt);
        this.persist(() => this.records?.touch(session.id, session.lastUsedAt));
      }
    }
    return found;
  }

  /** The session if still valid, without counting as activity (the live view asks this). */
  peek(cookie: string | undefined): SessionLookup {
    const session = cookie ? this.sessions.get(idOf(cookie)) : undefined;
    if (!session) return { ok: false, ended: 'unknown' };
    const ended = this.endReason(session, this.clock());
    if (ended) {
      this.end(session.id, ended);
      return { ok: false, ended };
    }
    return { ok: true, session };
  }

  /** Ends the session behind a cookie (signing out, or signing in again over it). */
  endByCookie(cookie: string, reason: SessionEnd = 'signed-out'): void {
    this.end(idOf(cookie), reason);
  }

  end(id: string, reason: SessionEnd = 'signed-out'): void {
    if (!this.sessions.delete(id)) return;
    this.touched.delete(id);
    this.persist(() => this.records?.remove(id));
    for (const listener of this.listeners) listener(id, reason);
  }

  /** Ends every session of one staff member (disabled, password reset), but `keep` (their own, when they change it). */
  endAllOf(staffId: string, reason: SessionEnd, keep?: string): void {
    const id = staffId.toLowerCase();
    for (const session of [...this.sessions.values()]) {
      if (session.staff.id.toLowerCase() === id && session.id !== keep) this.end(session.id, reason);
    }
  }

  onEnded(listener: EndListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private endReason(session: StaffSession, now: number): SessionEnd | null {
    if (now - session.startedAt >= this.policy.maxSessionMs) return 'expired';
    if (now - session.lastUsedAt >= this.policy.idleMs) return 'idle';
    return null;
  }

  /** Drops sessions nobody came back to, so abandoned ones do not pile up. */
  private sweep(now: number): void {
    for (const session of this.sessions.values()) {
      const ended = this.endReason(session, now);
      if (ended) this.end(session.id, ended);
    }
  }

  /** A session that could not be written down still works until the next restart. */
  /**
   * Writes run one after another, in the order the sessions changed: the
   * database may otherwise run a sign-out's delete before the sign-in's insert,
   * and a restart would bring the signed-out session back.
   */
  private persist(write: () => Promise<void> | undefined): void {
    this.writes = this.writes
      .then(write)
      .catch((error: Error) => this.warn('Could not store a desk session; it will end if the hub restarts', { error: error.message }));
  }

  /** Resolves once every change made so far is stored (or was reported as not stored). */
  stored(): Promise<void> {
    return this.writes;
  }
}

function token(): string {
  return randomBytes(32).toString('base64url');
}

function idOf(cookie: string): string {
  return createHash('sha256').update(cookie).digest('base64url');
}
