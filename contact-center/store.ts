/**
 * The console's own SQLite: each site's cursor (the last event applied), the
 * projection of its visits, its latest state and link status, and the
 * callbacks asked for. An event batch and the cursor after it are written in
 * one transaction, so a restart resumes exactly after what was applied.
 * Hubs stay the source of truth: this file can be deleted and rebuilt by replay.
 */
import sqlite3 from 'sqlite3';
import type { Database, Statement } from 'sqlite3';
import type { CallbackRequest, UpstreamEvent, UpstreamState } from '../hub/contract/index.ts';
import { all, closeDatabase, exec, get, openDatabase } from '../hub/store/sqlite.ts';
import { visitChange, type VisitStatus } from './projection.ts';
import type { WriteBatch } from './write-batch.ts';

const SCHEMA = `
  PRAGMA journal_mode = WAL;
  PRAGMA synchronous = FULL;
  CREATE TABLE IF NOT EXISTS sites (
    site TEXT PRIMARY KEY, seq INTEGER NOT NULL DEFAULT 0, applied INTEGER NOT NULL DEFAULT 0, state TEXT, state_seq INTEGER NOT NULL DEFAULT -1,
    online INTEGER, status_at TEXT, last_event_at TEXT) STRICT;
  CREATE TABLE IF NOT EXISTS visits (
    site TEXT NOT NULL, entry_id TEXT NOT NULL, ticket TEXT, service_id TEXT NOT NULL, channel TEXT NOT NULL,
    language TEXT NOT NULL, has_phone INTEGER NOT NULL, status TEXT NOT NULL, counter_id TEXT, updated_at TEXT NOT NULL,
    PRIMARY KEY (site, entry_id)) STRICT;
  CREATE TABLE IF NOT EXISTS callbacks (site TEXT NOT NULL, seq INTEGER NOT NULL, request TEXT NOT NULL, PRIMARY KEY (site, seq)) STRICT;
`;

export interface SiteRow {
  site: string;
  seq: number;
  /** How many events were applied: equal to seq when each was applied once, with none missing. */
  applied: number;
  state: UpstreamState | null;
  online: boolean | null;
  /** When the hub's mirror last said it went on- or offline. */
  statusAt: string | null;
  lastEventAt: string | null;
}

export interface VisitRow {
  site: string;
  entryId: string;
  ticket: string | null;
  serviceId: string;
  channel: string;
  language: string;
  hasPhone: boolean;
  status: VisitStatus;
  counterId: string | null;
  updatedAt: string;
}

export class ConsoleStore {
  /** Writes one at a time: a transaction on the one connection must not interleave with another. */
  private writes: Promise<unknown> = Promise.resolve();

  /** The batch's few statements, prepared once: preparing one per event cost more than running it. */
  private readonly prepared = new Map<string, Statement>();

  private constructor(private readonly db: Database) {}

  static async open(path: string): Promise<ConsoleStore> {
    try {
      const db = await openDatabase(path, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE);
      await exec(db, SCHEMA);
      return new ConsoleStore(db);
    } catch (error) {
      throw new Error(`Cannot open the console's database at ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Every site's cursor, for resuming after a restart. */
  async cursors(): Promise<Map<string, number>> {
    const rows = await all<{ site: string; seq: number }>(this.db, 'SELECT site, seq FROM sites');
    return new Map(rows.map((r) => [r.site, r.seq]));
  }

  /**
   * Writes a batch in one transaction: each site's events (which follow its
   * cursor, in order) with the cursor after them, the newest state and status
   * of each site, and callback requests, once per (site, seq) however often
   * they are delivered.
   */
  applyBatch(batch: WriteBatch): Promise<void> {
    if (batch.empty) return Promise.resolve();
    return this.write(async () => {
      const statements: [string, unknown[]][] = [];
      const sites = new Set([...batch.events.keys(), ...batch.states.keys(), ...batch.statuses.keys()]);
      for (const site of sites) statements.push(['INSERT OR IGNORE INTO sites (site) VALUES (?)', [site]]);
      for (const [site, events] of batch.events) {
        for (const event of events) {
          const statement = visitStatement(site, event);
          if (statement) statements.push(statement);
        }
        const last = events.at(-1)!;
        statements.push(['UPDATE sites SET seq = ?, applied = applied + ?, last_event_at = ? WHERE site = ?', [last.seq, events.length, last.at, site]]);
      }
      // Keeps the newest state summary: on a cluster whose retained messages are per node, an older one may arrive later.
      for (const state of batch.states.values()) {
        statements.push(['UPDATE sites SET state = ?, state_seq = ? WHERE site = ? AND state_seq <= ?', [JSON.stringify(state), state.seq, state.site, state.seq]]);
      }
      for (const status of batch.statuses.values()) {
        statements.push([
          'UPDATE sites SET online = ?, status_at = ? WHERE site = ? AND (status_at IS NULL OR status_at <= ?)',
          [status.online ? 1 : 0, status.at, status.site, status.at],
        ]);
      }
      for (const request of batch.callbacks) {
        statements.push(['INSERT OR IGNORE INTO callbacks (site, seq, request) VALUES (?, ?, ?)', [request.site, request.seq, JSON.stringify(request)]]);
      }
      // One after the other: node-sqlite3 orders runs of one prepared statement, not of different ones.
      for (const [sql, params] of statements) {
        let statement = this.prepared.get(sql);
        if (!statement) this.prepared.set(sql, (statement = await prepare(this.db, sql)));
        await runStatement(statement, params);
      }
    });
  }

  async sites(): Promise<SiteRow[]> {
    const rows = await all<{ site: string; seq: number; applied: number; state: string | null; online: number | null; status_at: string | null; last_event_at: string | null }>(
      this.db,
      'SELECT site, seq, applied, state, online, status_at, last_event_at FROM sites ORDER BY site',
    );
    return rows.map((r) => ({
      site: r.site,
      seq: r.seq,
      applied: r.applied,
      state: r.state ? (JSON.parse(r.state) as UpstreamState) : null,
      online: r.online === null ? null : r.online === 1,
      statusAt: r.status_at,
      lastEventAt: r.last_event_at,
    }));
  }

  /** Callbacks whose caller is still at the "called" step (or not yet known from events), oldest first. */
  async callbacksDue(): Promise<CallbackRequest[]> {
    const rows = await all<{ request: string }>(
      this.db,
      `SELECT c.request FROM callbacks c LEFT JOIN visits v ON v.site = c.site AND v.entry_id = json_extract(c.request, '$.entryId')
       WHERE v.status IS NULL OR v.status = 'called' ORDER BY json_extract(c.request, '$.calledAt'), c.site, c.seq`,
    );
    return rows.map((r) => JSON.parse(r.request) as CallbackRequest);
  }

  /** One callback request as it came, due or not. */
  async callback(site: string, seq: number): Promise<CallbackRequest | null> {
    const row = await get<{ request: string } | undefined>(this.db, 'SELECT request FROM callbacks WHERE site = ? AND seq = ?', [site, seq]);
    return row ? (JSON.parse(row.request) as CallbackRequest) : null;
  }

  /** Runs `work` as one transaction, queued with the store's own writes: for the console's other tables (claims.ts, agent-log.ts). */
  transaction<T>(work: (db: Database) => Promise<T>): Promise<T> {
    return this.write(() => work(this.db));
  }

  async visits(site: string): Promise<VisitRow[]> {
    const rows = await all<Record<string, string | number | null>>(this.db, 'SELECT * FROM visits WHERE site = ? ORDER BY updated_at', [site]);
    return rows.map((r) => ({
      site: r.site as string,
      entryId: r.entry_id as string,
      ticket: r.ticket as string | null,
      serviceId: r.service_id as string,
      channel: r.channel as string,
      language: r.language as string,
      hasPhone: r.has_phone === 1,
      status: r.status as VisitStatus,
      counterId: r.counter_id as string | null,
      updatedAt: r.updated_at as string,
    }));
  }

  async close(): Promise<void> {
    await this.writes;
    await Promise.all([...this.prepared.values()].map((statement) => new Promise<void>((resolve) => statement.finalize(() => resolve()))));
    await closeDatabase(this.db);
  }

  private write<T>(work: () => Promise<T>): Promise<T> {
    const result = this.writes.then(async () => {
      await exec(this.db, 'BEGIN IMMEDIATE');
      try {
        const value = await work();
        await exec(this.db, 'COMMIT');
        return value;
      } catch (error) {
        await exec(this.db, 'ROLLBACK').catch(() => {});
        throw error;
      }
    });
    this.writes = result.catch(() => {});
    return result;
  }
}

function prepare(db: Database, sql: string): Promise<Statement> {
  return new Promise((resolve, reject) => {
    const statement = db.prepare(sql, (error: Error | null) => (error ? reject(error) : resolve(statement)));
  });
}

function runStatement(statement: Statement, params: unknown[]): Promise<void> {
  return new Promise((resolve, reject) => statement.run(params, (error: Error | null) => (error ? reject(error) : resolve())));
}

/** The statement that writes one event's change to its visit, if it changes one. */
function visitStatement(site: string, event: UpstreamEvent): [string, unknown[]] | null {
  const change = visitChange(event);
  if (!change) return null;
  if (change.created) {
    const c = change.created;
    return [
      `INSERT OR REPLACE INTO visits (site, entry_id, ticket, service_id, channel, language, has_phone, status, counter_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
      [site, change.entryId, c.ticket, c.serviceId, c.channel, c.language, c.hasPhone ? 1 : 0, change.status ?? 'waiting', event.at],
    ];
  }
  return [
    `UPDATE visits SET status = coalesce(?, status), service_id = coalesce(?, service_id), channel = coalesce(?, channel),
       counter_id = CASE WHEN ? THEN ? ELSE counter_id END, updated_at = ? WHERE site = ? AND entry_id = ?`,
    [change.status ?? null, change.serviceId ?? null, change.channel ?? null, change.counterId !== undefined ? 1 : 0, change.counterId ?? null, event.at, site, change.entryId],
  ];
}
