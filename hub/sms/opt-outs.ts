/**
 * Numbers that replied STOP. They are kept for good, past the retention of
 * every other number: forgetting one would mean texting someone who asked us
 * not to. Kept in memory as well, because every send checks the list.
 */
import type { Database } from 'sqlite3';
import { all, get, run } from '../store/sqlite.ts';

export const OPT_OUT_SCHEMA = `
  CREATE TABLE IF NOT EXISTS opt_outs (phone TEXT PRIMARY KEY, at INTEGER NOT NULL) STRICT;
`;

export class OptOutList {
  private constructor(
    private readonly db: Database,
    private readonly numbers: Set<string>,
  ) {}

  static async load(db: Database): Promise<OptOutList> {
    const rows = await all<{ phone: string }>(db, 'SELECT phone FROM opt_outs');
    return new OptOutList(db, new Set(rows.map((row) => row.phone)));
  }

  has(phone: string): boolean {
    return this.numbers.has(phone);
  }

  /** True when the number was not opted out before. */
  async optOut(phone: string, now: number): Promise<boolean> {
    const inserted = await get<{ phone: string } | undefined>(
      this.db,
      'INSERT INTO opt_outs (phone, at) VALUES (?, ?) ON CONFLICT (phone) DO NOTHING RETURNING phone',
      [phone, now],
    );
    this.numbers.add(phone);
    return inserted !== undefined;
  }

  /** True when the number was opted out before. */
  async optIn(phone: string): Promise<boolean> {
    await run(this.db, 'DELETE FROM opt_outs WHERE phone = ?', [phone]);
    return this.numbers.delete(phone);
  }
}
