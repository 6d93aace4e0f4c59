/**
 * Status links for people waiting away from the lobby. A link carries a
 * capability token: 144 bits from an HMAC of the entry id under a key that
 * never leaves the hub's data folder, so it cannot be guessed from the entry
 * id (or anything else public), and the same entry always gets the same link
 * (a retried kiosk request prints the same QR code). Only a hash of each token
 * is stored; a link stops working some hours after its visit ends.
 *
 * The links are also kept in memory, so that a token is looked up without
 * waiting for the disk: a page that shows its link is answered at once, and
 * guesses sent together are counted together (see live.ts).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import sqlite3 from 'sqlite3';
import type { Database } from 'sqlite3';
import { all, closeDatabase, exec, get, openDatabase, run } from '../store/sqlite.ts';

const SCHEMA = `
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = FULL;
  CREATE TABLE IF NOT EXISTS link_key (id INTEGER PRIMARY KEY CHECK (id = 1), key BLOB NOT NULL) STRICT;
  CREATE TABLE IF NOT EXISTS links (
    token_hash TEXT PRIMARY KEY,
    entry_id TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER
  ) STRICT;
`;

/** 18 bytes = 144 bits, 24 characters of base64url: small enough for a ticket's QR code. */
const TOKEN_BYTES = 18;
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{24}$/;

interface Link {
  entryId: string;
  expiresAt: number | null;
}

export class WaitLinks {
  private constructor(
    private readonly db: Database,
    private readonly key: Buffer,
    /** Every stored link by its token's hash, as the table holds it. */
    private readonly byHash: Map<string, Link>,
  ) {}

  static async open(path: string): Promise<WaitLinks> {
    try {
      const db = await openDatabase(path, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE);
      await exec(db, SCHEMA);
      await run(db, 'INSERT OR IGNORE INTO link_key (id, key) VALUES (1, ?)', [randomBytes(32)]);
      const row = await get<{ key: Buffer }>(db, 'SELECT key FROM link_key WHERE id = 1');
      const rows = await all<{ token_hash: string; entry_id: string; expires_at: number | null }>(db, 'SELECT token_hash, entry_id, expires_at FROM links');
      return new WaitLinks(db, row.key, new Map(rows.map((r) => [r.token_hash, { entryId: r.entry_id, expiresAt: r.expires_at }])));
    } catch (error) {
      throw new Error(`Cannot open the remote-wait links at ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The entry's token, stored so that it can be looked up; the same token every time for one entry. */
  async issue(entryId: string, now: number): Promise<string> {
    const token = this.tokenOf(entryId);
    const hash = hashOf(token);
    await run(this.db, 'INSERT OR IGNORE INTO links (token_hash, entry_id, created_at) VALUES (?, ?, ?)', [hash, entryId, now]);
    if (!this.byHash.has(hash)) this.byHash.set(hash, { entryId, expiresAt: null });
    return token;
  }

  /** The entry a token stands for, or null for a malformed, unknown or expired token. Asks nothing of the disk. */
  entryOf(token: string, now: number): string | null {
    if (!TOKEN_PATTERN.test(token)) return null;
    const link = this.byHash.get(hashOf(token));
    if (!link || (link.expiresAt !== null && link.expiresAt <= now)) return null;
    return link.entryId;
  }

  /** A visit ended: its link keeps working until `expiresAt`, so the person can still see how it ended. */
  async expireAt(entryId: string, expiresAt: number): Promise<void> {
    await run(this.db, 'UPDATE links SET expires_at = ? WHERE entry_id = ? AND expires_at IS NULL', [expiresAt, entryId]);
    const link = this.byHash.get(hashOf(this.tokenOf(entryId)));
    if (link && link.expiresAt === null) link.expiresAt = expiresAt;
  }

  /** A visit ended by mistake was reopened: its link works again for as long as the visit goes on. */
  async keepOpen(entryId: string): Promise<void> {
    await run(this.db, 'UPDATE links SET expires_at = NULL WHERE entry_id = ?', [entryId]);
    const link = this.byHash.get(hashOf(this.tokenOf(entryId)));
    if (link) link.expiresAt = null;
  }

  /** Forgets links whose time is up. */
  async purgeExpired(now: number): Promise<void> {
    await run(this.db, 'DELETE FROM links WHERE expires_at IS NOT NULL AND expires_at <= ?', [now]);
    for (const [hash, link] of this.byHash) if (link.expiresAt !== null && link.expiresAt <= now) this.byHash.delete(hash);
  }

  close(): Promise<void> {
    return closeDatabase(this.db);
  }

  private tokenOf(entryId: string): string {
    return createHmac('sha256', this.key).update(`wait-link:${entryId}`).digest().subarray(0, TOKEN_BYTES).toString('base64url');
  }
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
