/** The notifier's own SQLite file: its outbox, the opt-out list and the auto-reply limits. */
import sqlite3 from 'sqlite3';
import type { Database } from 'sqlite3';
import { exec, openDatabase } from '../store/sqlite.ts';
import { AUTO_REPLY_SCHEMA } from './auto-replies.ts';
import { OPT_OUT_SCHEMA } from './opt-outs.ts';
import { OUTBOX_SCHEMA } from './outbox.ts';

export async function openSmsDatabase(path: string): Promise<Database> {
  try {
    const db = await openDatabase(path, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE);
    await exec(db, `PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; ${OUTBOX_SCHEMA} ${OPT_OUT_SCHEMA} ${AUTO_REPLY_SCHEMA}`);
    return db;
  } catch (error) {
    throw new Error(`Cannot open the SMS outbox at ${path}: ${(error as Error).message}`, { cause: error });
  }
}
