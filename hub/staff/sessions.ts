/**
 * Signed-in desk sessions, in memory: a restart of the hub signs everyone
 * out. The browser holds only the session id, in an HttpOnly cookie that
 * page scripts cannot read, plus a CSRF token that is worthless without it.
 */
import { randomBytes } from 'node:crypto';
import type { StaffMember } from './accounts.ts';
import type { StaffPolicy } from './policy.ts';

export interface StaffSession {
  id: string;
  csrfToken: string;
  staff: StaffMember;
  startedAt: number;
  lastUsedAt: number;
}

/** Why a session is no longer there. */
export type SessionEnd = 'signed-out' | 'idle' | 'expired' | 'unknown';

export type SessionLookup = { ok: true; session: StaffSession } | { ok: false; ended: SessionEnd };

type EndListener = (sessionId: string, reason: SessionEnd) => void;

export class StaffSessions {
  private readonly sessions = new Map<string, StaffSession>();
  private readonly listeners = new Set<EndListener>();

  constructor(
    private readonly policy: Pick<StaffPolicy, 'idleMs' | 'maxSessionMs'>,
    private readonly clock: () => number,
  ) {}

  start(staff: StaffMember): StaffSession {
    const now = this.clock();
    this.sweep(now);
    const session: StaffSession = { id: token(), csrfToken: token(), staff, startedAt: now, lastUsedAt: now };
    this.sessions.set(session.id, session);
    return session;
  }

  /** For a request the person made: the session, if still valid, now counted as active. */
  use(id: string | undefined): SessionLookup {
    const found = this.peek(id);
    if (found.ok) found.session.lastUsedAt = this.clock();
    return found;
  }

  /** The session if still valid, without counting as activity (the live view asks this). */
  peek(id: string | undefined): SessionLookup {
    const session = id ? this.sessions.get(id) : undefined;
    if (!session) return { ok: false, ended: 'unknown' };
    const ended = this.endReason(session, this.clock());
    if (ended) {
      this.end(session.id, ended);
      return { ok: false, ended };
    }
    return { ok: true, session };
  }

  end(id: string, reason: SessionEnd = 'signed-out'): void {
    if (!this.sessions.delete(id)) return;
    for (const listener of this.listeners) listener(id, reason);
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
}

function token(): string {
  return randomBytes(32).toString('base64url');
}
