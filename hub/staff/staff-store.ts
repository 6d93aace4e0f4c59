/**
 * Accounts a manager added at the desk, and signed-in desk sessions, kept in
 * `{site}.staff.sqlite` in the data dir so they survive restarts. Accounts
 * from the site file are not stored here: the site file stays the place an
 * IT person edits. Sessions are stored under a hash of their cookie.
 */
import sqlite3 from 'sqlite3';
import type { Database } from 'sqlite3';
import { all, closeDatabase, exec, openDatabase, run } from '../store/sqlite.ts';
import type { StaffRole } from '../contract/roles.ts';

const SCHEMA = `
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = FULL;
  CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY COLLATE NOCASE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('staff', 'manager')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    csrf_token TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL
  ) STRICT;
`;

/** A session as stored: who, not their name or role, which come from the account when it is read back. */
export interface StoredSession {
  id: string;
  csrfToken: string;
  staffId: string;
  startedAt: number;
  lastUsedAt: number;
}

export interface StoredAccount {
  id: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
  createdAt: number;
  createdBy: string;
}

interface AccountRow {
  id: string;
  name: string;
  role: StaffRole;
  password_hash: string;
  created_at: number;
  created_by: string;
}

export class StaffStore {
  private constructor(private readonly db: Database) {}

  static async open(path: string): Promise<StaffStore> {
    try {
      const db = await openDatabase(path, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE);
      await exec(db, SCHEMA);
      return new StaffStore(db);
    } catch (error) {
      throw new Error(`Cannot open the staff accounts at ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  async list(): Promise<StoredAccount[]> {
    const rows = await all<AccountRow>(this.db, 'SELECT * FROM accounts ORDER BY created_at, id');
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      role: row.role,
      passwordHash: row.password_hash,
      createdAt: row.created_at,
      createdBy: row.created_by,
    }));
  }

  /** Resolves once the account is durably stored; a taken id fails the insert. */
  async insert(account: StoredAccount): Promise<void> {
    await run(this.db, 'INSERT INTO accounts (id, name, role, password_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)', [
      account.id,
      account.name,
      account.role,
      account.passwordHash,
      account.createdAt,
      account.createdBy,
    ]);
  }

  async sessions(): Promise<StoredSession[]> {
    const rows = await all<{ id: string; csrf_token: string; staff_id: string; started_at: number; last_used_at: number }>(this.db, 'SELECT * FROM sessions');
    return rows.map((row) => ({ id: row.id, csrfToken: row.csrf_token, staffId: row.staff_id, startedAt: row.started_at, lastUsedAt: row.last_used_at }));
  }

  async saveSession(session: StoredSession): Promise<void> {
    await run(this.db, 'INSERT OR REPLACE INTO sessions (id, csrf_token, staff_id, started_at, last_used_at) VALUES (?, ?, ?, ?, ?)', [
      session.id,
      session.csrfToken,
      session.staffId,
      session.startedAt,
      session.lastUsedAt,
    ]);
  }

  async touchSession(id: string, lastUsedAt: number): Promise<void> {
    await run(this.db, 'UPDATE sessions SET last_used_at = ? WHERE id = ?', [lastUsedAt, id]);
  }

  async removeSession(id: string): Promise<void> {
    await run(this.db, 'DELETE FROM sessions WHERE id = ?', [id]);
  }

  close(): Promise<void> {
    return closeDatabase(this.db);
  }
}
