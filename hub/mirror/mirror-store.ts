/**
 * What the mirror must remember across restarts: how far each consumer (the
 * upstream broker, each webhook) has acknowledged the event log, and the
 * answers already given to contact-center requests (callback attempts are the
 * line's own, in its state). The event log itself is the outbox; this file only holds positions in it.
 */
import sqlite3 from 'sqlite3';
import type { Database } from 'sqlite3';
import { closeDatabase, exec, get, openDatabase, run } from '../store/sqlite.ts';

const SCHEMA = `
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = FULL;
  CREATE TABLE IF NOT EXISTS cursors (consumer TEXT PRIMARY KEY, seq INTEGER NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS requests (request_id TEXT PRIMARY KEY, reply TEXT NOT NULL, at INTEGER NOT NULL) STRICT;
`;

export class MirrorStore {
  private constructor(private readonly db: Database) {}

  static async open(path: string): Promise<MirrorStore> {
    try {
      const db = await openDatabase(path, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE);
      await exec(db, SCHEMA);
      return new MirrorStore(db);
    } catch (error) {
      throw new Error(`Cannot open the mirror's state at ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The last sequence number this consumer acknowledged; 0 when it has seen nothing. */
  async cursor(consumer: string): Promise<number> {
    const row = await get<{ seq: number } | undefined>(this.db, 'SELECT seq FROM cursors WHERE consumer = ?', [consumer]);
    return row?.seq ?? 0;
  }

  async setCursor(consumer: string, seq: number): Promise<void> {
    await run(this.db, 'INSERT INTO cursors (consumer, seq) VALUES (?, ?) ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq', [
      consumer,
      seq,
    ]);
  }

  async reply(requestId: string): Promise<unknown | undefined> {
    const row = await get<{ reply: string } | undefined>(this.db, 'SELECT reply FROM requests WHERE request_id = ?', [requestId]);
    return row ? JSON.parse(row.reply) : undefined;
  }

  async saveReply(requestId: string, reply: unknown, at: number): Promise<void> {
    await run(this.db, 'INSERT OR IGNORE INTO requests (request_id, reply, at) VALUES (?, ?, ?)', [requestId, JSON.stringify(reply), at]);
  }

  close(): Promise<void> {
    return closeDatabase(this.db);
  }
}
