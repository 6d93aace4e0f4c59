/**
 * Accounts a manager added at the desk, and signed-in desk sessions, kept in
 * `{site}.staff.sqlite` in the data dir so they survive restarts. Accounts
 * from the site file are not stored here: the site file stays the place an
 * IT person edits. What was changed at the desk about any account (a password
 * reset or changed, disabled) is kept apart, with who changed what and when.
 * Sessions are stored under a hash of their cookie.
 */
import sqlite3 from 'sqlite3';
import type { Database } from 'sqlite3';
import { all, closeDatabase, exec, openDatabase, run } from '../store/sqlite.ts';
import type { StaffRole } from '../contract/roles.ts';
import type { AccountChangeKind } from '../contract/desk.ts';

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
  -- A password set at the desk, and whether the account is disabled, for site-file and added accounts alike.
  -- replaces_hash: the account's own hash it stands in for; when the site file's hash changes, the site file wins again.
  CREATE TABLE IF NOT EXISTS account_states (
    id TEXT PRIMARY KEY COLLATE NOCASE,
    password_hash TEXT,
    replaces_hash TEXT,
    must_change INTEGER NOT NULL DEFAULT 0 CHECK (must_change IN (0, 1)),
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL
  ) STRICT;
  -- The audit trail of account changes: never a password or a hash. after_seq: the line's last event
  -- when the change was made, so that the desk's activity list shows it in its place among them.
  CREATE TABLE IF NOT EXISTS account_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    after_seq INTEGER NOT NULL,
    by TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    change TEXT NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS account_changes_after_seq ON account_changes (after_seq);
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

/** What the desk changed about an account. `passwordHash` null: the account's own password stands. */
export interface StoredAccountState {
  id: string;
  passwordHash: string | null;
  replacesHash: string | null;
  mustChange: boolean;
  disabled: boolean;
  updatedAt: number;
  updatedBy: string;
}

export interface StoredAccountChange {
  at: number;
  /** The line's last event seq when the change was made. */
  afterSeq: number;
  /** The staff id who made the change. */
  by: string;
  staffId: string;
  change: AccountChangeKind;
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
  private transactions: Promise<void> = Promise.resolve();

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

  async accountStates(): Promise<StoredAccountState[]> {
    const rows = await all<{
      id: string;
      password_hash: string | null;
      replaces_hash: string | null;
      must_change: number;
      disabled: number;
      updated_at: number;
      updated_by: string;
    }>(this.db, 'SELECT * FROM account_states');
    return rows.map((row) => ({
      id: row.id,
      passwordHash: row.password_hash,
      replacesHash: row.replaces_hash,
      mustChange: row.must_change === 1,
      disabled: row.disabled === 1,
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    }));
  }

  /** Stores an account's new state and the change that led to it, together. */
  async saveAccountState(state: StoredAccountState, change: StoredAccountChange): Promise<void> {
    await this.transaction(async () => {
      await run(
        this.db,
        'INSERT OR REPLACE INTO account_states (id, password_hash, replaces_hash, must_change, disabled, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [state.id, state.passwordHash, state.replacesHash, state.mustChange ? 1 : 0, state.disabled ? 1 : 0, state.updatedAt, state.updatedBy],
      );
      await this.insertChange(change);
    });
  }

  /** A change that alters no stored state (an unlock, an account added), for the audit trail. */
  async recordChange(change: StoredAccountChange): Promise<void> {
    await this.insertChange(change);
  }

  /** Account changes made after line events `fromSeq` to `toSeq` (both inclusive), newest first. */
  async changesAfterSeqs(fromSeq: number, toSeq: number): Promise<StoredAccountChange[]> {
    const rows = await all<{ at: number; after_seq: number; by: string; staff_id: string; change: AccountChangeKind }>(
      this.db,
      'SELECT at, after_seq, by, staff_id, change FROM account_changes WHERE after_seq BETWEEN ? AND ? ORDER BY after_seq DESC, seq DESC',
      [fromSeq, toSeq],
    );
    return rows.map((row) => ({ at: row.at, afterSeq: row.after_seq, by: row.by, staffId: row.staff_id, change: row.change }));
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

  private insertChange(change: StoredAccountChange): Promise<void> {
    return run(this.db, 'INSERT INTO account_changes (at, after_seq, by, staff_id, change) VALUES (?, ?, ?, ?, ?)', [
      change.at,
      change.afterSeq,
      change.by,
      change.staffId,
      change.change,
    ]);
  }

  /** Statements on this one connection run in order, so BEGIN … COMMIT wraps those in `work`; transactions wait for each other. */
  private transaction(work: () => Promise<void>): Promise<void> {
    const done = this.transactions.then(async () => {
      await exec(this.db, 'BEGIN IMMEDIATE');
      try {
        await work();
        await exec(this.db, 'COMMIT');
      } catch (error) {
        await exec(this.db, 'ROLLBACK').catch(() => {});
        throw error;
      }
    });
    this.transactions = done.catch(() => {});
    return done;
  }
}
