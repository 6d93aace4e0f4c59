/**
 * When each number last got an answer it did not ask for by keyword (the
 * help text for an unknown number, the menu for a stray text), so that an
 * auto-responder at the other end cannot start a storm of texts. Numbers here
 * are forgotten with the rest (see `forgetBefore`).
 */
import type { Database } from 'sqlite3';
import { get, run } from '../store/sqlite.ts';

export const AUTO_REPLY_SCHEMA = `
  CREATE TABLE IF NOT EXISTS auto_replies (phone TEXT NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (phone, kind)) STRICT;
`;

export class AutoReplyLimiter {
  constructor(private readonly db: Database) {}

  /** True (and remembered) when this number got no `kind` answer in the last `intervalMs`. */
  async allow(phone: string, kind: string, now: number, intervalMs: number): Promise<boolean> {
    const last = await get<{ at: number } | undefined>(this.db, 'SELECT at FROM auto_replies WHERE phone = ? AND kind = ?', [phone, kind]);
    if (last && now - last.at < intervalMs) return false;
    await run(this.db, 'INSERT INTO auto_replies (phone, kind, at) VALUES (?, ?, ?) ON CONFLICT (phone, kind) DO UPDATE SET at = excluded.at', [
      phone,
      kind,
      now,
    ]);
    return true;
  }

  /** Forgets answers given before `before`. */
  async forgetBefore(before: number): Promise<void> {
    await run(this.db, 'DELETE FROM auto_replies WHERE at < ?', [before]);
  }
}
