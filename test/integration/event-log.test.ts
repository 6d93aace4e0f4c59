/** The event log against real SQLite files: what is acknowledged must be what a restart finds. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sqlite3 from 'sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QueueEvent } from '../../hub/queue/model.ts';
import { EventLog, EventLogBrokenError, type EventLogOptions } from '../../hub/store/event-log.ts';
import { closeDatabase, exec, openDatabase } from '../../hub/store/sqlite.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const modulePath = join(repoRoot, 'hub/store/event-log.ts');

let dir: string;
let opened: EventLog[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lobbyline-event-log-'));
  opened = [];
});

afterEach(async () => {
  await Promise.allSettled(opened.map((log) => log.close()));
  await rm(dir, { recursive: true, force: true });
});

async function openLog(options: EventLogOptions = {}, file = 'events.db'): Promise<EventLog> {
  const log = await EventLog.open(join(dir, file), options);
  opened.push(log);
  return log;
}

function recalled(seq: number): QueueEvent {
  return { seq, at: 1_700_000_000_000 + seq, actor: { kind: 'staff', id: 'ana' }, data: { type: 'entry.recalled', entryId: `e${seq}` } };
}

/** Reads the file with a connection of its own, to see what is really on disk. */
function query<T>(sql: string, file = join(dir, 'events.db')): Promise<T[]> {
  return new Promise((resolvePromise, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (openErr) => {
      if (openErr) return reject(openErr);
      db.all<T>(sql, (err, rows) => db.close(() => (err ? reject(err) : resolvePromise(rows))));
    });
  });
}

describe('EventLog', () => {
  it('gives back exactly the events that were appended, after a reopen', async () => {
    const events: QueueEvent[] = [
      {
        seq: 1,
        at: 1_772_460_000_000,
        actor: { kind: 'device', id: 'kiosk-lobby', device: 'kiosk-7' },
        data: {
          type: 'entry.enrolled',
          entryId: 'a1',
          serviceId: 'lab',
          channel: 'kiosk',
          priority: 1,
          language: 'pt-BR',
          phone: null,
          requestId: 'req-ü-1',
          day: '2026-03-02',
          ticketNumber: 1,
          ticket: 'L001',
          index: 0,
        },
      },
      {
        seq: 2,
        at: 1_772_460_060_000,
        actor: { kind: 'staff', id: "o'brien" },
        data: { type: 'entry.called', entryId: 'a1', counterId: 'c1', passedOverIds: ['x', 'y'], credit: { '0': -1.5, '1': 2 } },
      },
      { seq: 3, at: 1_772_460_120_000, actor: { kind: 'system', id: 'clock' }, data: { type: 'entry.cancelled', entryId: 'a1', reason: 'left' } },
    ];
    const log = await openLog();
    await log.append(events.slice(0, 2));
    await log.append(events.slice(2));
    await log.close();

    const reopened = await openLog();
    const loaded = await reopened.load();
    expect(loaded.snapshot).toBeNull();
    // Strict: an actor without a device must come back without a device key at all.
    expect(loaded.events).toStrictEqual(events);
    expect(await reopened.readEvents(0, 10)).toStrictEqual(events);
  });

  it('loads the newest snapshot and only the events after it, keeping two snapshots', async () => {
    const log = await openLog();
    await log.append(Array.from({ length: 10 }, (_, i) => recalled(i + 1)));
    await log.writeSnapshot(4, { seq: 4 }, recalled(10).at);
    await log.writeSnapshot(7, { seq: 7 }, recalled(10).at);
    await log.writeSnapshot(10, { seq: 10, nested: { lines: ['a1'] } }, recalled(10).at);
    await log.append([recalled(11), recalled(12)]);
    await log.close();

    const loaded = await (await openLog()).load();
    expect(loaded.snapshot).toStrictEqual({ seq: 10, state: { seq: 10, nested: { lines: ['a1'] } } });
    expect(loaded.events.map((e) => e.seq)).toEqual([11, 12]);
    expect(await query<{ seq: number }>('SELECT seq FROM snapshots ORDER BY seq')).toEqual([{ seq: 7 }, { seq: 10 }]);
  });

  it('refuses a snapshot beyond the last committed event', async () => {
    const log = await openLog();
    await log.append([recalled(1)]);
    await expect(log.writeSnapshot(2, {}, recalled(1).at)).rejects.toThrow(/only reaches seq 1/);
    expect((await log.load()).snapshot).toBeNull();
  });

  it('stamps a snapshot with the time its caller gives, not the time of the machine', async () => {
    const log = await openLog();
    await log.append([recalled(1)]);
    await log.writeSnapshot(1, { seq: 1 }, 1_234_567);
    await log.close();
    expect(await query<{ at: number }>('SELECT at FROM snapshots')).toEqual([{ at: 1_234_567 }]);
  });

  it('gives back every event after a seq, from the start when it is 0', async () => {
    const log = await openLog();
    await log.append(Array.from({ length: 5 }, (_, i) => recalled(i + 1)));
    await log.writeSnapshot(3, { seq: 3 }, recalled(3).at);
    expect((await log.eventsAfter(0)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await log.eventsAfter(3)).map((e) => e.seq)).toEqual([4, 5]);
  });

  it('commits appends made while a commit is in flight together, in call order', async () => {
    const batches: number[] = [];
    const log = await openLog({ onCommit: (size) => batches.push(size) });
    const events = Array.from({ length: 500 }, (_, i) => recalled(i + 1));
    const settled: number[] = [];
    await Promise.all(events.map((event) => log.append([event]).then(() => settled.push(event.seq))));

    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(500);
    expect(batches.length).toBeLessThan(10);
    expect(settled).toEqual(events.map((e) => e.seq));
    expect(await log.readEvents(0, 1000)).toStrictEqual(events);
  });

  it('groups the appends of many concurrent writers that each wait for their own commits', async () => {
    const batches: number[] = [];
    const log = await openLog({ onCommit: (size) => batches.push(size) });
    let nextSeq = 0;
    const writer = async () => {
      for (let i = 0; i < 25; i++) await log.append([recalled(++nextSeq)]);
    };
    await Promise.all(Array.from({ length: 20 }, writer));

    expect(await log.lastSeq()).toBe(500);
    expect((await log.readEvents(0, 1000)).map((e) => e.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    // One transaction per append would be 500; each round should carry most of the 20 writers.
    expect(batches.length).toBeLessThanOrEqual(100);
  });

  it('rejects every append in a failed batch and every one that builds on it, and goes on from what it holds', async () => {
    const batches: number[] = [];
    const log = await openLog({ onCommit: (size) => batches.push(size) });
    await log.append([recalled(1), recalled(2), recalled(3)]);
    // A fault inside the log's own transaction: while armed, inserting seq 5 aborts the statement.
    const faults = await openDatabase(join(dir, 'events.db'), sqlite3.OPEN_READWRITE);
    await exec(faults, `CREATE TABLE fault (armed INTEGER NOT NULL); INSERT INTO fault VALUES (1);
      CREATE TRIGGER injected_fault BEFORE INSERT ON events WHEN NEW.seq = 5 AND (SELECT armed FROM fault)
      BEGIN SELECT RAISE(ABORT, 'injected fault'); END;`);

    const four = log.append([recalled(4)]);
    // Let the writer take seq 4 into its own transaction before the next appends arrive.
    await new Promise(setImmediate);
    const failed = Promise.allSettled([log.append([recalled(5)]), log.append([recalled(6)])]);
    await expect(four).resolves.toBeUndefined();
    const results = await failed;
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(((results[1] as PromiseRejectedResult).reason as Error).message).toMatch(
      /Could not commit 2 events \(seq 5–6\) to the event log at .*events\.db; none of them were stored: .*injected fault/,
    );
    // What builds on the lost events, and what would rewrite history, is refused without being written.
    await expect(log.append([recalled(7)])).rejects.toThrow(/Cannot append seq 7 .*the log ends at seq 4/);
    await expect(log.append([{ ...recalled(2), data: { type: 'entry.no-show', entryId: 'rewritten' } }])).rejects.toThrow(
      /Cannot append seq 2 .*the log ends at seq 4/,
    );
    expect(await log.readEvents(0, 100)).toStrictEqual([1, 2, 3, 4].map(recalled));

    await exec(faults, 'UPDATE fault SET armed = 0');
    await closeDatabase(faults);
    await log.append([recalled(5)]);
    await log.append([recalled(6)]);
    expect(await log.lastSeq()).toBe(6);
    expect(batches).toEqual([3, 1, 1, 1]);
  });

  it('refuses every later append once another writer has added to the log behind its back', async () => {
    const log = await openLog();
    await log.append([recalled(1)]);
    const other = await openDatabase(join(dir, 'events.db'), sqlite3.OPEN_READWRITE);
    await exec(other, `INSERT INTO events (seq, at, type, actor_kind, actor_id, device, data) VALUES (2, 0, 'entry.recalled', 'staff', 'someone', NULL, '{"type":"entry.recalled","entryId":"x"}')`);
    await closeDatabase(other);

    const broken = log.append([recalled(2)]);
    await expect(broken).rejects.toThrow(EventLogBrokenError);
    await expect(broken).rejects.toThrow(/committed up to seq 1, the file now ends at 2\. Is another hub or tool writing to it\?/);
    await expect(log.append([recalled(3)])).rejects.toThrow(EventLogBrokenError);
  });

  it('keeps every acknowledged event exactly once when the writing process is killed', async () => {
    const dbPath = join(dir, 'events.db');
    const childPath = join(dir, 'writer.mts');
    await writeFile(
      childPath,
      `import { EventLog } from ${JSON.stringify(pathToFileURL(modulePath).href)};
const log = await EventLog.open(process.argv[2]);
let next = 0;
// Several appends in flight at once, so the kill lands with commits pending.
function pump() {
  const seq = ++next;
  const event = { seq, at: Date.now(), actor: { kind: 'device', id: 'kiosk', device: 'k1' }, data: { type: 'entry.recalled', entryId: 'e' + seq } };
  log.append([event]).then(() => { process.stdout.write(seq + '\\n'); pump(); }, (err) => { console.error(err); process.exit(1); });
}
for (let i = 0; i < 8; i++) pump();
`,
    );

    const child = spawn(process.execPath, ['--import', 'tsx', childPath, dbPath], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged: number[] = [];
    let stderr = '';
    let pending = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      acknowledged.push(...lines.map(Number));
      if (acknowledged.length >= 300) child.kill('SIGKILL');
    });
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.on('exit', (code, signal) => done({ code, signal })),
    );
    expect(exit, stderr).toEqual({ code: null, signal: 'SIGKILL' });
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);

    const log = await openLog();
    const stored = (await log.load()).events.map((e) => e.seq);
    const counts = new Map<number, number>();
    for (const seq of stored) counts.set(seq, (counts.get(seq) ?? 0) + 1);
    for (const seq of acknowledged) expect(counts.get(seq), `seq ${seq}`).toBe(1);
    // Appends commit in call order, so what survived is a gap-free prefix.
    expect(stored).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));

    const last = await log.lastSeq();
    await log.append([recalled(last + 1)]);
    expect(await log.lastSeq()).toBe(last + 1);
  });

  it('pages through the log with readEvents and reports lastSeq', async () => {
    const log = await openLog();
    expect(await log.lastSeq()).toBe(0);
    expect(await log.readEvents(0, 10)).toEqual([]);

    await log.append(Array.from({ length: 25 }, (_, i) => recalled(i + 1)));
    const pages: number[][] = [];
    for (let after = 0; ; ) {
      const page = await log.readEvents(after, 10);
      if (page.length === 0) break;
      pages.push(page.map((e) => e.seq));
      after = page.at(-1)!.seq;
    }
    expect(pages.map((p) => [p[0], p.at(-1), p.length])).toEqual([
      [1, 10, 10],
      [11, 20, 10],
      [21, 25, 5],
    ]);
    expect(await log.readEvents(12, 2)).toStrictEqual([recalled(13), recalled(14)]);
    expect(await log.readEvents(25, 10)).toEqual([]);
    expect(await log.readEvents(0, 0)).toEqual([]);
    await expect(log.readEvents(0, -1)).rejects.toThrow(RangeError);
    expect(await log.lastSeq()).toBe(25);
  });

  it('commits appends still queued when closed, then refuses more', async () => {
    const log = await openLog();
    const appends = Array.from({ length: 50 }, (_, i) => log.append([recalled(i + 1)]));
    await log.close();
    await Promise.all(appends);
    await expect(log.append([recalled(51)])).rejects.toThrow(/is closed/);

    expect(await query<{ n: number }>('SELECT count(*) AS n FROM events')).toEqual([{ n: 50 }]);
  });

  it('explains why it cannot open a log', async () => {
    await expect(EventLog.open(join(dir, 'missing', 'events.db'))).rejects.toThrow(
      /^Cannot open event log at .*missing\/events\.db: SQLITE_CANTOPEN/,
    );

    const log = await openLog();
    await log.close();
    await new Promise<void>((done, reject) => {
      const db = new sqlite3.Database(join(dir, 'events.db'), (err) => {
        if (err) return reject(err);
        db.exec('PRAGMA user_version = 99', (execErr) => db.close(() => (execErr ? reject(execErr) : done())));
      });
    });
    await expect(openLog()).rejects.toThrow(/schema version is 99.*upgrade the hub/);
  });

  it('opens a log of schema version 1, which had no actor names, keeps its events and records names from then on', async () => {
    const db = await openDatabase(join(dir, 'events.db'), sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE);
    await exec(
      db,
      `CREATE TABLE events (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, type TEXT NOT NULL, actor_kind TEXT NOT NULL, actor_id TEXT NOT NULL, device TEXT, data TEXT NOT NULL) STRICT;
       CREATE TABLE snapshots (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, state TEXT NOT NULL) STRICT;
       INSERT INTO events VALUES (1, 1700000000001, 'entry.recalled', 'staff', 'ana', NULL, '{"type":"entry.recalled","entryId":"e1"}');
       PRAGMA user_version = 1;`,
    );
    await closeDatabase(db);

    const log = await openLog();
    const named: QueueEvent = { ...recalled(2), actor: { kind: 'integration', id: 'contact-center', device: 'cc.example:1883', name: 'Ana Ruiz' } };
    await log.append([named]);
    await log.close();
    expect(await (await openLog()).readEvents(0, 10)).toEqual([recalled(1), named]);
    expect(await query<{ user_version: number }>('PRAGMA user_version')).toEqual([{ user_version: 2 }]);
  });
});
