/**
 * Snapshots carry a format version and are read by the reader of their
 * version: an old bare-state snapshot is converted, one from a newer hub (or a
 * damaged one) is passed over for a replay of the whole log, and either way
 * the hub comes back with the state the log replays to.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../hub/contract/index.ts';
import { QueueEngine } from '../../hub/engine/engine.ts';
import { createLogger } from '../../hub/log.ts';
import { applyEvent, cloneState, createState, reconcileWithConfig, type QueueState } from '../../hub/queue/index.ts';
import { EventLog } from '../../hub/store/event-log.ts';
import { all, closeDatabase, openDatabase } from '../../hub/store/sqlite.ts';
import { readSnapshot, SNAPSHOT_VERSION, storedSnapshot } from '../../hub/store/snapshot.ts';
import { clinicConfig, MINUTE, MORNING } from '../helpers/queue.ts';

const config = clinicConfig();
const staff = { kind: 'staff' as const, id: 'ana' };
let dir: string;
let file: string;
let now: number;
let warnings: { message: string; seq?: number; reason?: string }[];
const logger = createLogger('warn', (line) => warnings.push(JSON.parse(line)));
const opened: EventLog[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lobbyline-snapshots-'));
  file = join(dir, 'events.sqlite');
  now = MORNING;
  warnings = [];
});

afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((log) => log.close()));
  await rm(dir, { recursive: true, force: true });
});

async function openHub(snapshotEvery = 1_000_000) {
  const log = await EventLog.open(file);
  opened.push(log);
  const engine = await QueueEngine.open({ config, log, clock: () => now, snapshotEvery, logger });
  const run = async (type: string, payload: object): Promise<string> => {
    const parsed = parseCommand(type, payload);
    if (!parsed.ok) throw new Error(parsed.message);
    now += MINUTE;
    const outcome = await engine.execute(parsed.command, staff);
    if (!outcome.ok) throw new Error(outcome.error.message);
    return (outcome.result as { entryId?: string }).entryId ?? '';
  };
  return { log, engine, run };
}

/** What the whole log replays to, from an empty site. */
async function fullReplay(log: EventLog): Promise<QueueState> {
  const state = reconcileWithConfig(createState(config), config);
  for (const event of await log.eventsAfter(0)) applyEvent(state, event);
  return state;
}

/** People join and a counter opens: nothing yet that the fields added to the state since the first snapshots would record. */
async function morningBefore(run: (type: string, payload: object) => Promise<string>) {
  const first = await run('enroll', { serviceId: 'lab', channel: 'kiosk' });
  const remote = await run('enroll', { serviceId: 'lab', channel: 'remote', phone: '+12125550101' });
  await run('enroll', { serviceId: 'lab', channel: 'kiosk' });
  await run('enroll', { serviceId: 'lab', channel: 'kiosk' });
  await run('set-counter-status', { counterId: 'c1', status: 'open' });
  return { first, remote };
}

/** Calls, service and remote waiting: everything that changes the fields an old snapshot lacks. */
async function morningAfter(run: (type: string, payload: object) => Promise<string>, { first, remote }: { first: string; remote: string }) {
  await run('call-next', { counterId: 'c1' });
  await run('start-serving', { entryId: first });
  await run('complete', { entryId: first });
  await run('on-my-way', { entryId: remote });
  await run('more-time', { entryId: remote });
  await run('call-next', { counterId: 'c1' });
}

/** Stops as a crash would: the log keeps what was committed, and no snapshot is written on the way out. */
async function crash(log: EventLog) {
  await log.close();
}

async function reopenAndRestart() {
  const { log, engine } = await openHub();
  return { log, engine, replayed: await fullReplay(log) };
}

describe('snapshot versions', () => {
  it('reads a snapshot written before snapshots had a version, converting it, and reaches the state of a full replay', async () => {
    const { log, engine, run } = await openHub();
    const people = await morningBefore(run);
    // What an older hub stored: the bare state, without the fields added since.
    const bare = JSON.parse(JSON.stringify(engine.state));
    delete bare.walkStats;
    delete bare.drain;
    for (const entry of Object.values(bare.entries) as Record<string, unknown>[]) {
      delete entry.onMyWayAt;
      delete entry.moreTimeCount;
    }
    await log.writeSnapshot(engine.state.seq, bare, now);
    await morningAfter(run, people);
    const live = cloneState(engine.state);
    await crash(log);

    const restarted = await reopenAndRestart();
    const stored = (await restarted.log.load()).snapshot;
    expect(stored?.state).not.toHaveProperty('version');
    expect(restarted.engine.state).toStrictEqual(restarted.replayed);
    expect(restarted.engine.state).toStrictEqual(live);
    expect(restarted.engine.state.entries[people.remote]).toMatchObject({ moreTimeCount: 1, onMyWayAt: expect.any(Number) });
    expect(warnings).toEqual([]);
  });

  it('passes over a snapshot of a newer format, replays the log from the start and says so', async () => {
    const { log, engine, run } = await openHub();
    const people = await morningBefore(run);
    const seq = engine.state.seq;
    await log.writeSnapshot(seq, { version: SNAPSHOT_VERSION + 1, state: { seq, lanes: 'a shape this hub has never seen' } }, now);
    await morningAfter(run, people);
    const live = cloneState(engine.state);
    await crash(log);

    const restarted = await reopenAndRestart();
    expect(restarted.engine.state).toStrictEqual(restarted.replayed);
    expect(restarted.engine.state).toStrictEqual(live);
    expect(warnings).toEqual([
      expect.objectContaining({ level: 'warn', message: 'snapshot not read; replaying the event log from the start', seq, reason: expect.stringMatching(/newer/) }),
    ]);
  });

  it('passes over a damaged snapshot of the current format the same way', async () => {
    const { log, engine, run } = await openHub();
    const people = await morningBefore(run);
    const damaged = JSON.parse(JSON.stringify(storedSnapshot(engine.state)));
    delete damaged.state.entries[people.first].status;
    await log.writeSnapshot(engine.state.seq, damaged, now);
    await morningAfter(run, people);
    const live = cloneState(engine.state);
    await crash(log);

    const restarted = await reopenAndRestart();
    expect(restarted.engine.state).toStrictEqual(live);
    expect(warnings).toEqual([expect.objectContaining({ reason: expect.stringContaining(`entries.${people.first}.status`) })]);
  });

  it('writes snapshots in the current format, stamped with the hub clock', async () => {
    const { log, engine, run } = await openHub(2);
    await morningAfter(run, await morningBefore(run));
    await engine.close();
    await log.close();

    const db = await openDatabase(file, sqlite3.OPEN_READONLY);
    const rows = await all<{ seq: number; at: number; state: string }>(db, 'SELECT seq, at, state FROM snapshots ORDER BY seq');
    await closeDatabase(db);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(JSON.parse(row.state)).toMatchObject({ version: SNAPSHOT_VERSION, state: { seq: row.seq } });
      expect(row.at).toBeGreaterThan(MORNING);
      expect(row.at).toBeLessThanOrEqual(now);
    }
    const newest = rows.at(-1)!;
    expect(newest.at).toBe(now);
    expect(readSnapshot({ seq: newest.seq, state: JSON.parse(newest.state) })).toStrictEqual({ ok: true, state: engine.state });
  });
});
