/**
 * Every text the hub means to send, in SQLite, keyed by its idempotency key:
 * inserting a key that is already there does nothing, so a text decided twice
 * (a second commit, a restart) is stored once.
 *
 * A row is `pending` until its turn, `sending` while the gateway has it, then
 * `sent`, `failed` or `cancelled`. The row is durably `sending` before the
 * gateway sees the text, and a row found `sending` at start-up is marked
 * failed, never sent again: the hub cannot know whether the gateway took it,
 * and a missing text is better than the same text twice.
 */
import type { Database } from 'sqlite3';
import { all, get, run } from '../store/sqlite.ts';
import type { SmsMessageKind } from './templates.ts';

export const OUTBOX_SCHEMA = `
  CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    entry_id TEXT,
    phone TEXT,
    text TEXT,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    finished_at INTEGER,
    visit_ended_at INTEGER,
    provider_id TEXT,
    delivery TEXT,
    last_error TEXT
  ) STRICT;
  CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at);
  CREATE INDEX IF NOT EXISTS outbox_entry ON outbox (entry_id);
  CREATE INDEX IF NOT EXISTS outbox_phone ON outbox (phone);
  CREATE INDEX IF NOT EXISTS outbox_provider ON outbox (provider_id);
`;

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface NewOutboxText {
  key: string;
  kind: SmsMessageKind;
  entryId: string | null;
  phone: string;
  text: string;
}

export interface OutboxRow {
  id: number;
  key: string;
  kind: SmsMessageKind;
  entryId: string | null;
  phone: string;
  text: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
}

const ROW_COLUMNS = `id, key, kind, entry_id AS entryId, phone, text, status, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError`;

export class SmsOutbox {
  constructor(private readonly db: Database) {}

  /** Stores a text to send; false when its key was stored before (nothing changes then). */
  async enqueue(text: NewOutboxText, now: number): Promise<boolean> {
    const inserted = await get<{ id: number } | undefined>(
      this.db,
      `INSERT INTO outbox (key, kind, entry_id, phone, text, status, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (key) DO NOTHING RETURNING id`,
      [text.key, text.kind, text.entryId, text.phone, text.text, now, now],
    );
    return inserted !== undefined;
  }

  /** Keys stored since `since`: what the notifier need not decide again. */
  async keysSince(since: number): Promise<string[]> {
    const rows = await all<{ key: string }>(this.db, 'SELECT key FROM outbox WHERE created_at >= ?', [since]);
    return rows.map((row) => row.key);
  }

  /** The pending text whose turn came first, if any is due at `now`. */
  nextDue(now: number): Promise<OutboxRow | undefined> {
    return get<OutboxRow | undefined>(
      this.db,
      `SELECT ${ROW_COLUMNS} FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1`,
      [now],
    );
  }

  /** When the next pending text is due, or null when none is pending. */
  async nextDueAt(): Promise<number | null> {
    const row = await get<{ at: number | null }>(this.db, `SELECT MIN(next_attempt_at) AS at FROM outbox WHERE status = 'pending'`);
    return row.at;
  }

  async markSending(id: number): Promise<void> {
    await run(this.db, `UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?`, [id]);
  }

  async markSent(id: number, providerId: string, now: number): Promise<void> {
    await run(this.db, `UPDATE outbox SET status = 'sent', provider_id = ?, finished_at = ?, last_error = NULL WHERE id = ?`, [providerId, now, id]);
  }

  async markRetry(id: number, nextAttemptAt: number, reason: string): Promise<void> {
    await run(this.db, `UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ?`, [nextAttemptAt, reason, id]);
  }

  async markFailed(id: number, reason: string, now: number): Promise<void> {
    await run(this.db, `UPDATE outbox SET status = 'failed', finished_at = ?, last_error = ? WHERE id = ?`, [now, reason, id]);
  }

  async markCancelled(id: number, reason: string, now: number): Promise<void> {
    await run(this.db, `UPDATE outbox SET status = 'cancelled', finished_at = ?, last_error = ? WHERE id = ?`, [now, reason, id]);
  }

  /**
   * Rows a stopped hub left `sending`: marked failed (see the top of this
   * file). Returns them so that each can be reported.
   */
  async failInterrupted(now: number): Promise<OutboxRow[]> {
    return all<OutboxRow>(
      this.db,
      `UPDATE outbox SET status = 'failed', finished_at = ?,
         last_error = 'the hub stopped while the gateway had this text; not sent again so that it cannot arrive twice'
       WHERE status = 'sending' RETURNING ${ROW_COLUMNS}`,
      [now],
    );
  }

  /** Cancels pending texts to a number (it sent STOP), except kinds in `except`. */
  async cancelPendingTo(phone: string, reason: string, now: number, except: readonly SmsMessageKind[] = []): Promise<number> {
    const rows = await all<{ id: number }>(
      this.db,
      `UPDATE outbox SET status = 'cancelled', finished_at = ?, last_error = ?
       WHERE status = 'pending' AND phone = ? AND kind NOT IN (${except.map(() => '?').join(', ')}) RETURNING id`,
      [now, reason, phone, ...except],
    );
    return rows.length;
  }

  /** Cancels an entry's pending texts of the given kinds (its visit ended: they would be stale). */
  async cancelPendingFor(entryId: string, kinds: readonly SmsMessageKind[], reason: string, now: number): Promise<number> {
    const rows = await all<{ id: number }>(
      this.db,
      `UPDATE outbox SET status = 'cancelled', finished_at = ?, last_error = ?
       WHERE status = 'pending' AND entry_id = ? AND kind IN (${kinds.map(() => '?').join(', ')}) RETURNING id`,
      [now, reason, entryId, ...kinds],
    );
    return rows.length;
  }

  /** A provider's later word on a text; returns which text it was, if it is ours. */
  async recordDelivery(providerId: string, delivery: string, reason: string | null): Promise<{ key: string; phone: string | null } | undefined> {
    return get<{ key: string; phone: string | null } | undefined>(
      this.db,
      'UPDATE outbox SET delivery = ?, last_error = COALESCE(?, last_error) WHERE provider_id = ? RETURNING key, phone',
      [delivery, reason, providerId],
    );
  }

  /** When texts failed (or were reported undelivered) since `since`, for the staff alert. */
  async failuresSince(since: number): Promise<number[]> {
    const rows = await all<{ at: number }>(
      this.db,
      `SELECT finished_at AS at FROM outbox WHERE finished_at >= ? AND (status = 'failed' OR delivery IN ('failed', 'undelivered'))`,
      [since],
    );
    return rows.map((row) => row.at);
  }

  /** Entries with numbers still stored whose visit end is not recorded yet. */
  async entriesAwaitingVisitEnd(): Promise<string[]> {
    const rows = await all<{ entryId: string }>(
      this.db,
      'SELECT DISTINCT entry_id AS entryId FROM outbox WHERE entry_id IS NOT NULL AND phone IS NOT NULL AND visit_ended_at IS NULL',
    );
    return rows.map((row) => row.entryId);
  }

  async recordVisitEnd(entryId: string, at: number): Promise<void> {
    await run(this.db, 'UPDATE outbox SET visit_ended_at = ? WHERE entry_id = ? AND visit_ended_at IS NULL', [at, entryId]);
  }

  /**
   * Forgets the number and the text of finished rows whose visit ended before
   * `before` (or, with no visit, that were written before it), and of any
   * row written before `writtenBefore` whatever its visit. The rows stay, so
   * counts of texts sent and failed are still right.
   */
  async forgetContacts(before: number, writtenBefore: number): Promise<number> {
    const rows = await all<{ id: number }>(
      this.db,
      `UPDATE outbox SET phone = NULL, text = NULL
       WHERE phone IS NOT NULL AND status NOT IN ('pending', 'sending')
         AND (visit_ended_at < ? OR (entry_id IS NULL AND created_at < ?) OR created_at < ?)
       RETURNING id`,
      [before, before, writtenBefore],
    );
    return rows.length;
  }

  async countByStatus(): Promise<Record<OutboxStatus, number>> {
    const rows = await all<{ status: OutboxStatus; n: number }>(this.db, 'SELECT status, COUNT(*) AS n FROM outbox GROUP BY status');
    const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
    for (const row of rows) counts[row.status] = row.n;
    return counts;
  }
}
