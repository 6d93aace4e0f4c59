/**
 * Background work (the remote waiters' push) waits for commands on their way
 * to the log: afterCommits calls back once none are, right after the last
 * commit's listeners, on a real event log, and after a failed write too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, expect, it } from 'vitest';
import { QueueEngine } from '../../hub/engine/engine.ts';
import { EventLog } from '../../hub/store/event-log.ts';
import { closeDatabase, exec, openDatabase } from '../../hub/store/sqlite.ts';
import { clinicConfig, command, MORNING } from '../helpers/queue.ts';

const staff = { kind: 'staff' as const, id: 'ana' };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openEngine(): Promise<{ engine: QueueEngine; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'lobbyline-after-commits-'));
  const file = join(dir, 'events.sqlite');
  const log = await EventLog.open(file);
  const engine = await QueueEngine.open({ config: clinicConfig(), log, clock: () => MORNING });
  cleanups.push(async () => {
    await engine.close();
    await log.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { engine, file };
}

const enrol = (engine: QueueEngine, requestId: string) => engine.execute(command('enroll', { serviceId: 'lab', channel: 'desk', requestId }), staff);

it('calls back at once when nothing is being committed, and otherwise after the last commit in flight and its listeners', async () => {
  const { engine } = await openEngine();
  const seen: string[] = [];
  engine.afterCommits(() => seen.push('idle'));
  expect(seen).toEqual(['idle']);
  expect(engine.committing).toBe(false);

  engine.onCommitted((events) => seen.push(`committed ${events.map((e) => e.data.type).join(',')}`));
  const first = enrol(engine, 'r1');
  const second = enrol(engine, 'r2');
  expect(engine.committing).toBe(true);
  engine.afterCommits(() => seen.push('settled'));
  expect(seen).toEqual(['idle']);

  const results = await Promise.all([first, second]);
  expect(results.map((r) => r.ok)).toEqual([true, true]);
  expect(seen).toEqual(['idle', 'committed entry.enrolled', 'committed entry.enrolled', 'settled']);
  expect(engine.committing).toBe(false);
});

it('calls back after a write that failed, so nothing waits for good', async () => {
  const { engine, file } = await openEngine();
  // The fault sits inside the log's own transaction: every insert of events aborts.
  const faults = await openDatabase(file, sqlite3.OPEN_READWRITE);
  cleanups.push(() => closeDatabase(faults));
  await exec(faults, `PRAGMA busy_timeout = 5000;
    CREATE TRIGGER injected_fault BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'injected fault'); END;`);

  const refused = enrol(engine, 'r1');
  expect(engine.committing).toBe(true);
  const settled = new Promise<boolean>((resolve) => engine.afterCommits(() => resolve(engine.committing)));
  const result = await refused;
  expect(result.ok ? 'stored' : result.error.code).toBe('unavailable');
  expect(await settled).toBe(false);
});
