/**
 * Writes that fail in the middle of a storm of commands: each failure refuses
 * the commands that depended on it, the line goes on from what is committed,
 * and a restart finds a gap-free log holding exactly what was acknowledged.
 * Failures are injected inside SQLite itself (a trigger that aborts the insert),
 * and by another process holding the database's write lock (hub-write-lock.test.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, expect, it } from 'vitest';
import { QueueEngine } from '../../hub/engine/engine.ts';
import { createLogger } from '../../hub/log.ts';
import { EventLog } from '../../hub/store/event-log.ts';
import { all, closeDatabase, exec, openDatabase } from '../../hub/store/sqlite.ts';
import { clinicConfig, command, MORNING } from '../helpers/queue.ts';
import { until } from '../helpers/until.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});


it('refuses what depended on a failed write, goes on from what is committed, and restarts with no gap', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lobbyline-write-failures-'));
  dirs.push(dir);
  const file = join(dir, 'events.sqlite');
  const config = clinicConfig();
  const staff = { kind: 'staff' as const, id: 'ana' };
  let log = await EventLog.open(file);
  const warnings: string[] = [];
  const logger = createLogger('warn', (line) => warnings.push(line));
  const engine = await QueueEngine.open({ config, log, clock: () => MORNING, snapshotEvery: 50, logger });

  // The fault sits inside the log's own transaction: while armed, every insert of events aborts.
  const faults = await openDatabase(file, sqlite3.OPEN_READWRITE);
  await exec(faults, `PRAGMA busy_timeout = 5000;
    CREATE TABLE fault (armed INTEGER NOT NULL); INSERT INTO fault VALUES (0);
    CREATE TRIGGER injected_fault BEFORE INSERT ON events WHEN (SELECT armed FROM fault)
    BEGIN SELECT RAISE(ABORT, 'injected fault'); END;`);
  const arm = (on: boolean) => exec(faults, `UPDATE fault SET armed = ${on ? 1 : 0}`);

  for (const counterId of ['c1', 'c2']) {
    expect((await engine.execute(command('set-counter-status', { counterId, status: 'open' }), staff)).ok).toBe(true);
  }
  const enrolled = new Map<string, string>();
  const refusedRequests: string[] = [];
  let acknowledged = 0;
  let refused = 0;
  let refusedInARow = 0;
  let stop = false;
  const tally = (ok: boolean, code?: string) => {
    if (ok) {
      acknowledged++;
      refusedInARow = 0;
    } else if (code === 'unavailable') {
      refused++;
      refusedInARow++;
    }
  };
  // Each worker enrols someone and calls the next person, so most batches call people enrolled in the batch before.
  const worker = async (w: number) => {
    for (let n = 0; !stop; n++) {
      const requestId = `w${w}-${n}`;
      const enrol = await engine.execute(command('enroll', { serviceId: 'lab', channel: 'desk', requestId }), staff);
      tally(enrol.ok, enrol.ok ? undefined : enrol.error.code);
      if (enrol.ok) enrolled.set(requestId, (enrol.result as { entryId: string }).entryId);
      else if (enrol.error.code === 'unavailable') refusedRequests.push(requestId);
      const call = await engine.execute(command('call-next', { counterId: w % 2 ? 'c1' : 'c2' }), staff);
      tally(call.ok, call.ok ? undefined : call.error.code);
      // A refusal can come back without any I/O: let the timers that drive the test run.
      await new Promise(setImmediate);
    }
  };
  const storm = Promise.all(Array.from({ length: 12 }, (_, w) => worker(w)));

  // Three faults, each armed mid-storm and disarmed once a command has been refused for it. A wedged
  // engine refuses everything from its first failure on, so each wait also ends once that is plain.
  const wedged = () => refusedInARow >= 500;
  for (let round = 0; round < 3 && !wedged(); round++) {
    const before = acknowledged;
    await until(() => acknowledged >= before + 60 || wedged());
    const refusedBefore = refused;
    await arm(true);
    await until(() => refused > refusedBefore);
    await arm(false);
  }
  // The engine goes on by itself once writes succeed again.
  const after = acknowledged;
  await until(() => acknowledged >= after + 60 || wedged());
  const outcome = { wedged: wedged(), acknowledged, refused };
  stop = true;
  await storm;
  // Each failed write is said once, with why, however many commands it refused.
  expect(warnings.filter((line) => line.includes('injected fault')).length).toBeGreaterThanOrEqual(3);
  const live = structuredClone(engine.state);
  await engine.close();
  await log.close();
  await closeDatabase(faults);

  // The restart: the hub starts, and the line it rebuilds is the one everyone was shown.
  log = await EventLog.open(file);
  const restarted = await QueueEngine.open({ config, log, clock: () => MORNING });
  const seqs = (await log.eventsAfter(0)).map((e) => e.seq);
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  expect(restarted.state).toEqual(live);
  for (const [requestId, entryId] of enrolled) expect(restarted.state.requestIds[requestId], requestId).toBe(entryId);
  for (const requestId of refusedRequests) expect(restarted.state.requestIds[requestId], requestId).toBeUndefined();
  await restarted.close();
  await log.close();
  const check = await openDatabase(file, sqlite3.OPEN_READONLY);
  expect(await all(check, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  await closeDatabase(check);
  expect(outcome).toMatchObject({ wedged: false });
}, 120_000);
