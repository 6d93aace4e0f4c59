/**
 * Restart time with 100k events in the log: from process start of the hub
 * (open log, load snapshot, replay the tail, listen) until /healthz answers.
 * Baseline in the same run: the same log with its snapshots removed, replayed from the first event.
 */
import sqlite3 from 'sqlite3';
import { startHub } from '../../hub/app.ts';
import { createLogger } from '../../hub/log.ts';
import { demoSite } from '../../hub/site/demo.ts';
import { benchActor, benchDir, fmt, openEngine } from './engine-bench.ts';

const EVENTS = 100_000;
const VISITS_PER_DAY = 400;

/** Fills a log with realistic days: people enrol, are called, served and finish, across counters. */
export async function fillLog(file: string) {
  let now = Date.parse('2026-01-05T14:00:00Z');
  const { engine, log } = await openEngine(file, { clock: () => now, snapshotEvery: 10_000 });
  const run = (command: Parameters<typeof engine.execute>[0]) => engine.execute(command, benchActor);
  for (const counterId of ['c1', 'c2', 'c3']) await run({ type: 'set-counter-status', counterId, status: 'open' });
  const pending: Promise<unknown>[] = [];
  let visits = 0;
  while (engine.state.seq < EVENTS) {
    now += 60_000;
    if (++visits % VISITS_PER_DAY === 0) now += 14 * 3_600_000; // overnight
    const service = ['lab', 'xray', 'reg'][visits % 3]!;
    pending.push(run({ type: 'enroll', serviceId: service, channel: 'kiosk' }));
    const counterId = service === 'reg' ? 'c3' : visits % 2 ? 'c1' : 'c2';
    const called = await run({ type: 'call-next', counterId });
    if (called.ok && 'entryId' in called.result) pending.push(run({ type: 'start-serving', entryId: called.result.entryId }));
    if (pending.length > 500) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  // Stop as a crash would: no final snapshot, so the restart replays the tail too.
  await log.close();
  return engine.state.seq;
}

async function timeStart(dataDir: string) {
  const started = performance.now();
  const hub = await startHub({
    site: demoSite(),
    dataDir,
    httpPort: 0,
    mqttPort: 0,
    host: '127.0.0.1',
    logger: createLogger('error', () => {}),
  });
  const health = await fetch(`${hub.httpUrl}/healthz`).then((r) => r.json() as Promise<{ seq: number }>);
  const ms = performance.now() - started;
  await hub.close();
  return { ms, seq: health.seq };
}

function dropSnapshots(file: string) {
  return new Promise<void>((resolve, reject) => {
    const db = new sqlite3.Database(file);
    db.exec('DELETE FROM snapshots', (err) => db.close(() => (err ? reject(err) : resolve())));
  });
}

export async function benchRestart(): Promise<string[]> {
  const { dir, remove } = await benchDir('restart');
  const file = `${dir}/demo-clinic.events.sqlite`;
  const events = await fillLog(file);
  const withSnapshot = await timeStart(dir);
  await dropSnapshots(file);
  const fullReplay = await timeStart(dir);
  await remove();
  if (withSnapshot.seq !== events || fullReplay.seq !== events) throw new Error('restart did not recover every event');
  return [
    `restart with ${events} events, from snapshot: ${fmt(withSnapshot.ms, 0)} ms to serving (goal <= 1000 ms)`,
    `restart with ${events} events, full replay (baseline): ${fmt(fullReplay.ms, 0)} ms; snapshot is ${fmt(fullReplay.ms / withSnapshot.ms)}x faster`,
  ];
}
