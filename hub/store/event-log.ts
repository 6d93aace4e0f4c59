/**
 * The durable, append-only event log, which is also the audit trail. A command
 * is acknowledged only after its events are committed here, so a restart that
 * replays the newest snapshot plus the events after it loses nothing that any
 * caller was told had happened.
 *
 * The log has no gaps: an append must continue the last committed seq, so once
 * a batch fails, every append decided on top of it is refused too, and the log
 * goes on from what it holds. A failure after which the file no longer holds
 * what this process committed is one no caller can recover from: it is an
 * EventLogBrokenError, and every later append is refused with it.
 *
 * Two connections share the file: the writer runs one transaction at a time,
 * and the reader serves queries. In WAL mode the reader only ever sees committed
 * transactions, so consumers never read events that might still be rolled back.
 */
import sqlite3 from 'sqlite3';
import type { Database } from 'sqlite3';
import { all, closeDatabase, exec, get, openDatabase, run, runCounting } from './sqlite.ts';
import type { QueueEvent } from '../queue/model.ts';
import { redactStoredPhones } from './snapshot.ts';

/** What retention deletes from a stored event: the phone number, and the enrolment's reason and note, and a note's text. */
const HOLDS_WORDS = `((data ->> '$.type' = 'entry.enrolled' AND (data ->> '$.reason' IS NOT NULL OR data ->> '$.note' IS NOT NULL))
  OR (data ->> '$.type' = 'entry.note-added' AND data ->> '$.text' IS NOT NULL))`;
const HOLDS_CONTACT = `(data ->> '$.phone' IS NOT NULL OR ${HOLDS_WORDS})`;
/** json_replace, not json_set: an event that never had a field does not gain one. */
const REDACTED_DATA = `CASE data ->> '$.type'
  WHEN 'entry.enrolled' THEN json_replace(data, '$.phone', NULL, '$.reason', NULL, '$.note', NULL)
  WHEN 'entry.note-added' THEN json_replace(data, '$.text', NULL)
  ELSE json_replace(data, '$.phone', NULL) END`;

const SCHEMA_VERSION = 2;
const SNAPSHOTS_KEPT = 2;
const BUSY_TIMEOUT_MS = 5_000;

// STRICT makes a malformed value fail its batch instead of entering the audit trail as the wrong type.
const SCHEMA = `
  BEGIN IMMEDIATE;
  CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    device TEXT,
    data TEXT NOT NULL,
    actor_name TEXT
  ) STRICT;
  CREATE TABLE IF NOT EXISTS snapshots (
    seq INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    state TEXT NOT NULL
  ) STRICT;
  PRAGMA user_version = ${SCHEMA_VERSION};
  COMMIT;
`;

/** What each older schema version lacks, in order: version 1 logs had no actor names. */
const UPGRADES: Record<number, string> = {
  1: `BEGIN IMMEDIATE; ALTER TABLE events ADD COLUMN actor_name TEXT; PRAGMA user_version = 2; COMMIT;`,
};

// The batch arrives as one JSON array of rows, so a batch costs one call into
// sqlite3's thread pool however many events it holds. A plain INSERT (no OR
// REPLACE) makes a duplicate seq fail the batch instead of rewriting history.
const INSERT_BATCH = `
  INSERT INTO events (seq, at, type, actor_kind, actor_id, device, data, actor_name)
  SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7
  FROM json_each(?)
`;

const EVENT_COLUMNS = 'seq, at, actor_kind, actor_id, device, data, actor_name';

interface EventRow {
  seq: number;
  at: number;
  actor_kind: QueueEvent['actor']['kind'];
  actor_id: string;
  device: string | null;
  data: string;
  actor_name: string | null;
}

/** The file no longer holds exactly what this process committed: only a restart, which reads it afresh, can go on. */
export class EventLogBrokenError extends Error {}

export interface EventLogOptions {
  /**
   * Called after each transaction of appended events commits, with the number
   * of events it held. For metrics and tests; it must not throw.
   */
  onCommit?: (batchSize: number) => void;
}

interface AppendJob {
  kind: 'append';
  /** Each event already encoded as one JSON row of INSERT_BATCH. */
  rows: string[];
  firstSeq: number | undefined;
  lastSeq: number | undefined;
  resolve: () => void;
  reject: (err: Error) => void;
}

interface SnapshotJob {
  kind: 'snapshot';
  seq: number;
  at: number;
  state: string;
  resolve: () => void;
  reject: (err: Error) => void;
}

/** Personal data removed from history once it may no longer be kept (see hub/retention/contact-retention.ts). */
interface RedactJob {
  kind: 'redact';
  /** These entries' numbers, wherever they are... */
  entryIds: string[];
  /** ...or every number in events up to this time, but for these entries'. */
  before?: { at: number; keep: string[] };
  resolve: () => void;
  reject: (err: Error) => void;
}

type WriteJob = AppendJob | SnapshotJob | RedactJob;

export class EventLog {
  private readonly queue: WriteJob[] = [];
  /** Settles when the writer has emptied the queue; null while it is idle. */
  private writing: Promise<void> | null = null;
  private closing: Promise<void> | null = null;
  private broken: EventLogBrokenError | null = null;

  private constructor(
    private readonly path: string,
    private readonly writer: Database,
    private readonly reader: Database,
    private readonly onCommit: ((batchSize: number) => void) | undefined,
    /** The newest seq this process knows to be committed: the next append must start right after it. */
    private committedSeq: number,
  ) {}

  static async open(path: string, options: EventLogOptions = {}): Promise<EventLog> {
    let writer: Database | undefined;
    let reader: Database | undefined;
    try {
      writer = await openDatabase(path, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE);
      const { journal_mode: mode } = await get<{ journal_mode: string }>(writer, 'PRAGMA journal_mode = WAL');
      if (mode !== 'wal') {
        throw new Error(`the database cannot use WAL journaling (it stays in "${mode}" mode); put it on a local disk`);
      }
      // FULL: a commit is on disk before it is acknowledged, even if the power fails.
      // busy_timeout: a write waits this long for another process's write lock (a backup, the sqlite3
      // shell) before it fails; it applies to the autocommit INSERT of appends and to BEGIN IMMEDIATE.
      await exec(writer, `PRAGMA synchronous = FULL; PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};`);
      const { user_version: version } = await get<{ user_version: number }>(writer, 'PRAGMA user_version');
      if (version > SCHEMA_VERSION) {
        throw new Error(`its schema version is ${version}, but this hub only understands up to ${SCHEMA_VERSION}; upgrade the hub`);
      }
      if (version === 0) await exec(writer, SCHEMA);
      else for (let from = version; from < SCHEMA_VERSION; from++) await exec(writer, UPGRADES[from]!);
      // Only events that still hold a phone number or words about the person: what the retention purge looks for stays small.
      await exec(writer, `CREATE INDEX IF NOT EXISTS events_with_phone ON events (at) WHERE data ->> '$.phone' IS NOT NULL`);
      await exec(writer, `CREATE INDEX IF NOT EXISTS events_with_words ON events (at) WHERE ${HOLDS_WORDS}`);

      reader = await openDatabase(path, sqlite3.OPEN_READWRITE);
      await exec(reader, `PRAGMA query_only = ON; PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};`);
      return new EventLog(path, writer, reader, options.onCommit, await storedLastSeq(writer));
    } catch (err) {
      await Promise.allSettled([writer, reader].map((db) => db && closeDatabase(db)));
      const hint = (err as { code?: string }).code === 'SQLITE_CANTOPEN'
        ? ' (does the directory exist, and may this process write to it?)'
        : '';
      throw new Error(`Cannot open event log at ${path}: ${messageOf(err)}${hint}`, { cause: err });
    }
  }

  /** Latest snapshot (if any) and every event after it, in seq order: what a restart replays. */
  async load(): Promise<{ snapshot: { seq: number; state: unknown } | null; events: QueueEvent[] }> {
    this.assertOpen();
    const row = await this.reading(() =>
      get<{ seq: number; state: string } | undefined>(this.reader, 'SELECT seq, state FROM snapshots ORDER BY seq DESC LIMIT 1'),
    );
    // Two statements may see different commits, but that is harmless: events
    // are never deleted, so everything after the snapshot we read is still there.
    const events = await this.eventsAfter(row?.seq ?? 0);
    const snapshot = row ? { seq: row.seq, state: JSON.parse(row.state) as unknown } : null;
    return { snapshot, events };
  }

  /** Every committed event with seq > afterSeq, in seq order: a replay from a snapshot, or from the start (0). */
  async eventsAfter(afterSeq: number): Promise<QueueEvent[]> {
    this.assertOpen();
    const rows = await this.reading(() =>
      all<EventRow>(this.reader, `SELECT ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq`, [afterSeq]),
    );
    return rows.map(toEvent);
  }

  /**
   * Resolves only after the transaction holding these events has committed.
   * Appends made while a transaction is in flight share the next one; if it
   * fails, every append in it rejects and none of their events are kept. An
   * append whose first seq does not follow the last one committed before it
   * (because an append before it failed) is refused without being written.
   */
  async append(events: QueueEvent[]): Promise<void> {
    // Nothing may be awaited before the job is queued: that keeps commits in call order.
    this.assertOpen();
    let rows: string[];
    try {
      rows = events.map(encodeRow);
    } catch (err) {
      // Refusing it here keeps one bad event from failing everyone else's batch.
      throw new Error(`Cannot append to the event log at ${this.path}: ${messageOf(err)}`, { cause: err });
    }
    return new Promise((resolve, reject) => {
      this.schedule({ kind: 'append', rows, firstSeq: events[0]?.seq, lastSeq: events.at(-1)?.seq, resolve, reject });
    });
  }

  /**
   * Stores the state as of `seq`, taken at `at`, keeping only the newest two
   * snapshots. It is written after every append made before it, and refused if
   * the log does not reach `seq`, since a restart would then replay a state whose
   * events are lost.
   */
  async writeSnapshot(seq: number, state: unknown, at: number): Promise<void> {
    this.assertOpen();
    if (!Number.isSafeInteger(seq) || seq < 0) {
      throw new RangeError(`Snapshot seq must be a non-negative integer, got ${seq}`);
    }
    // Encode now: the caller may keep mutating its state while the write waits its turn.
    const encoded = JSON.stringify(state);
    return new Promise((resolve, reject) => {
      this.schedule({ kind: 'snapshot', seq, at, state: encoded, resolve, reject });
    });
  }

  /** Removes the phone numbers of these entries, their reasons and notes, from every stored event and snapshot. */
  redactPhones(entryIds: readonly string[]): Promise<void> {
    if (entryIds.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.schedule({ kind: 'redact', entryIds: [...entryIds], resolve, reject }));
  }

  /**
   * Removes every phone number, reason and note stored up to `at` (events) or of visits finished by then
   * (snapshots), except those of `keep`: visits that are still going on or recent.
   * Catches visits the line no longer holds (finished visits are dropped at the next day's start).
   */
  redactPhonesBefore(at: number, keep: readonly string[]): Promise<void> {
    return new Promise((resolve, reject) => this.schedule({ kind: 'redact', entryIds: [], before: { at, keep: [...keep] }, resolve, reject }));
  }

  /** Committed events with seq > afterSeq, oldest first, at most `limit` of them. */
  async readEvents(afterSeq: number, limit: number): Promise<QueueEvent[]> {
    this.assertOpen();
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new RangeError(`readEvents limit must be a non-negative integer, got ${limit}`);
    }
    const rows = await this.reading(() =>
      all<EventRow>(this.reader, `SELECT ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`, [afterSeq, limit]),
    );
    return rows.map(toEvent);
  }

  /** Events stamped from `fromAt` (inclusive) to `toAt` (exclusive), in seq order: for reports. */
  async eventsBetween(fromAt: number, toAt: number): Promise<QueueEvent[]> {
    this.assertOpen();
    const rows = await this.reading(() =>
      all<EventRow>(this.reader, `SELECT ${EVENT_COLUMNS} FROM events WHERE at >= ? AND at < ? ORDER BY seq`, [fromAt, toAt]),
    );
    return rows.map(toEvent);
  }

  /** Seq of the newest committed event; 0 when the log is empty. */
  async lastSeq(): Promise<number> {
    this.assertOpen();
    return this.reading(() => storedLastSeq(this.reader));
  }

  /** Commits everything already appended, then closes. Later calls are refused. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.writing;
      await Promise.all([closeDatabase(this.writer), closeDatabase(this.reader)]);
    })();
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closing) throw new Error(`The event log at ${this.path} is closed`);
  }

  private async reading<T>(query: () => Promise<T>): Promise<T> {
    try {
      return await query();
    } catch (err) {
      throw new Error(`Cannot read the event log at ${this.path}: ${messageOf(err)}`, { cause: err });
    }
  }

  private schedule(job: WriteJob): void {
    this.queue.push(job);
    // Start on a microtask so appends made in the same tick share the first transaction too.
    this.writing ??= Promise.resolve().then(() => this.drain());
  }

  /** The only writer: one transaction at a time, jobs in the order they were scheduled. */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head.kind === 'snapshot') {
        this.queue.shift();
        await this.commitSnapshot(head).then(head.resolve, head.reject);
        continue;
      }
      if (head.kind === 'redact') {
        this.queue.shift();
        await this.commitRedaction(head).then(head.resolve, head.reject);
        continue;
      }
      const nextOther = this.queue.findIndex((job) => job.kind !== 'append');
      const batch = this.following(this.queue.splice(0, nextOther === -1 ? this.queue.length : nextOther) as AppendJob[]);
      const rows = batch.flatMap((job) => job.rows);
      try {
        // One statement is its own transaction in SQLite: all rows or none, and
        // one round trip to the thread pool instead of three with BEGIN/COMMIT.
        if (rows.length > 0) await run(this.writer, INSERT_BATCH, [`[${rows.join(',')}]`]);
      } catch (err) {
        const failure = await this.batchFailure(batch, rows.length, err);
        for (const job of batch) job.reject(failure);
        continue;
      }
      for (const job of batch) {
        if (job.lastSeq !== undefined) this.committedSeq = job.lastSeq;
        job.resolve();
      }
      if (rows.length > 0) this.onCommit?.(rows.length);
    }
    this.writing = null;
  }

  /**
   * The appends of a batch that continue the log, in order; the others are refused at once.
   * Refusing one does not move the expected seq, so every append that builds on it is refused as well.
   */
  private following(jobs: AppendJob[]): AppendJob[] {
    let expected = this.committedSeq + 1;
    return jobs.filter((job) => {
      const refusal = this.broken ?? (job.firstSeq !== undefined && job.firstSeq !== expected ? this.gapError(job.firstSeq, expected) : null);
      if (refusal) {
        job.reject(refusal);
        return false;
      }
      if (job.lastSeq !== undefined) expected = job.lastSeq + 1;
      return true;
    });
  }

  private gapError(firstSeq: number, expected: number): Error {
    return new Error(
      `Cannot append seq ${firstSeq} to the event log at ${this.path}: the log ends at seq ${expected - 1}, ` +
        'and the events between were not stored',
    );
  }

  /**
   * Why a batch failed. SQLite rolls a failed statement back, so the log should still end
   * where it did; if it does not (another process wrote to it), nothing this process decides
   * can be trusted any more, and the log is broken.
   */
  private async batchFailure(batch: AppendJob[], rowCount: number, err: unknown): Promise<Error> {
    const seqs = batch.flatMap((job) => [job.firstSeq, job.lastSeq]).filter((s) => s !== undefined);
    const low = Math.min(...seqs);
    const high = Math.max(...seqs);
    const what =
      `Could not commit ${rowCount === 1 ? '1 event' : `${rowCount} events`} ` +
      `(seq ${low === high ? low : `${low}–${high}`}) to the event log at ${this.path}`;
    const stored = await storedLastSeq(this.writer).catch((readErr: unknown) => `unreadable (${messageOf(readErr)})`);
    if (stored === this.committedSeq) return new Error(`${what}; none of them were stored: ${messageOf(err)}`, { cause: err });
    this.broken = new EventLogBrokenError(
      `${what} (${messageOf(err)}), and the log no longer ends where this hub left it: ` +
        `it committed up to seq ${this.committedSeq}, the file now ends at ${stored}. Is another hub or tool writing to it?`,
      { cause: err },
    );
    return this.broken;
  }

  private async commitSnapshot(job: SnapshotJob): Promise<void> {
    try {
      await this.transaction(async () => {
        const last = await storedLastSeq(this.writer);
        if (job.seq > last) {
          throw new Error(`the log only reaches seq ${last}; snapshot a state whose events have been appended`);
        }
        await run(
          this.writer,
          `INSERT INTO snapshots (seq, at, state) VALUES (?, ?, ?)
           ON CONFLICT (seq) DO UPDATE SET at = excluded.at, state = excluded.state`,
          [job.seq, job.at, job.state],
        );
        await run(
          this.writer,
          'DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ?)',
          [SNAPSHOTS_KEPT],
        );
      });
    } catch (err) {
      throw new Error(`Could not write the snapshot at seq ${job.seq} to the event log at ${this.path}: ${messageOf(err)}`, {
        cause: err,
      });
    }
  }

  private async commitRedaction(job: RedactJob): Promise<void> {
    const ids = new Set(job.entryIds);
    const keep = new Set(job.before?.keep);
    await this.transaction(async () => {
      let changed: number;
      if (job.before) {
        changed = await runCounting(
          this.writer,
          `UPDATE events SET data = ${REDACTED_DATA}
           WHERE ${HOLDS_CONTACT} AND at <= ? AND data ->> '$.entryId' NOT IN (SELECT value FROM json_each(?))`,
          [job.before.at, JSON.stringify(job.before.keep)],
        );
      } else {
        changed = await runCounting(
          this.writer,
          `UPDATE events SET data = ${REDACTED_DATA}
           WHERE ${HOLDS_CONTACT} AND data ->> '$.entryId' IN (SELECT value FROM json_each(?))`,
          [JSON.stringify(job.entryIds)],
        );
      }
      // Snapshots hold the same numbers in their entries, but only while the events still do too:
      // each redaction clears both in one transaction, and later snapshots are made from the cleared state.
      if (changed === 0) return;
      const before = job.before;
      const redacted = (id: string, finishedAt: number | null) =>
        before ? !keep.has(id) && finishedAt !== null && finishedAt <= before.at : ids.has(id);
      const snapshots = await all<{ seq: number; state: string }>(this.writer, 'SELECT seq, state FROM snapshots');
      for (const snapshot of snapshots) {
        const state: unknown = JSON.parse(snapshot.state);
        if (redactStoredPhones(state, redacted)) await run(this.writer, 'UPDATE snapshots SET state = ? WHERE seq = ?', [JSON.stringify(state), snapshot.seq]);
      }
    });
  }

  private async transaction(work: () => Promise<void>): Promise<void> {
    // IMMEDIATE takes the write lock up front, where busy_timeout can wait for
    // another process, instead of failing when a read upgrades to a write.
    await run(this.writer, 'BEGIN IMMEDIATE');
    try {
      await work();
      await run(this.writer, 'COMMIT');
    } catch (err) {
      // SQLite has already rolled back after some errors (e.g. a full disk); then
      // this ROLLBACK fails harmlessly, and the original error is the one that matters.
      await run(this.writer, 'ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
}

async function storedLastSeq(db: Database): Promise<number> {
  const { seq } = await get<{ seq: number }>(db, 'SELECT coalesce(max(seq), 0) AS seq FROM events');
  return seq;
}

function encodeRow(event: QueueEvent): string {
  const { seq, at, actor, data } = event;
  if (!Number.isSafeInteger(seq) || seq < 1) throw new Error(`event seq must be a positive integer, got ${seq}`);
  if (!Number.isSafeInteger(at)) throw new Error(`event ${seq} has a non-integer time ${at}`);
  return JSON.stringify([seq, at, data.type, actor.kind, actor.id, actor.device ?? null, JSON.stringify(data), actor.name ?? null]);
}

function toEvent(row: EventRow): QueueEvent {
  const actor: QueueEvent['actor'] = { kind: row.actor_kind, id: row.actor_id };
  if (row.device !== null) actor.device = row.device;
  if (row.actor_name !== null) actor.name = row.actor_name;
  return { seq: row.seq, at: row.at, actor, data: JSON.parse(row.data) as QueueEvent['data'] };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
