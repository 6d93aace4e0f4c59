/**
 * Memory over a day: the built hub as its own process is run through a 200-visit day (the baseline) and a
 * 2,000-visit day through the REST API, each visit enrolled at a kiosk, called, served and completed at one of
 * three counters, all on one local day. After each: the hub's RSS, its V8 heap after a full collection, and the
 * size of the snapshot it writes on a clean stop; then the same data dir is started again (snapshot + log) and
 * measured once more, so what a restart keeps counts too. Goal: RSS after 2,000 visits within 20% of RSS after 200.
 *
 * LOBBYLINE_BENCH_DAY_VISITS=200,2000,25000 sets the days (the first is the baseline); 25,000 visits is about
 * the 100,000-event day of the issue and takes minutes.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import type { HubProcess } from '../helpers/hub-process.ts';
import { testSite } from '../helpers/hub.ts';
import { MALLOC_ARENAS, memoryProbe, startProductionHub, type Memory } from './production-hub.ts';
import { fmt } from './engine-bench.ts';

const DAYS = (process.env.LOBBYLINE_BENCH_DAY_VISITS ?? '200,2000').split(',').map(Number);
const BATCH = 12;
const COUNTERS = ['c1', 'c2', 'c3'];

function check(result: { status: number; body: any }, what: string): any {
  if (result.status >= 300) throw new Error(`${what}: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

/** A visit joins at the kiosk, with a phone number as many do. */
async function enrol(hub: HubProcess, i: number): Promise<void> {
  const serviceId = ['lab', 'xray', 'reg'][i % 3]!;
  check(await hub.api('POST', '/entries', { serviceId, channel: 'kiosk', phone: `+1555${String(1_000_000 + i).slice(1)}` }), 'enrol');
}

/** A counter calls, serves and completes whoever is next until its lines are empty. */
async function serveAll(hub: HubProcess, counterId: string): Promise<void> {
  for (;;) {
    const called = await hub.api('POST', `/counters/${counterId}/call-next`, {});
    const entryId = called.status < 300 ? (called.body.entryId as string | undefined) : undefined;
    if (!entryId) return;
    check(await hub.api('POST', `/entries/${entryId}/start-serving`, {}), 'start-serving');
    check(await hub.api('POST', `/entries/${entryId}/complete`, {}), 'complete');
  }
}

/** Kiosks enrol a batch while the counters serve, so the line stays short as on a real day. */
async function runVisits(hub: HubProcess, visits: number): Promise<void> {
  for (let start = 0; start < visits; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, visits - start) }, (_, k) => start + k);
    await Promise.all(batch.map((i) => enrol(hub, i)));
    await Promise.all(COUNTERS.map((counterId) => serveAll(hub, counterId)));
  }
}

function newestSnapshotBytes(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
    db.get('SELECT length(state) AS bytes FROM snapshots ORDER BY seq DESC LIMIT 1', (err, row: { bytes: number } | undefined) =>
      db.close(() => (err ? reject(err) : resolve(row?.bytes ?? 0))),
    );
  });
}

interface DayFigures {
  visits: number;
  done: number;
  events: number;
  day: Memory;
  restarted: Memory;
  snapshotMb: number;
  logMb: number;
}

async function runDay(visits: number): Promise<DayFigures> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-bench-day-memory-'));
  const site = testSite();
  site.services = site.services.map((s) => ({ ...s, maxWaiting: 100_000 }));
  const sitePath = join(dataDir, 'site.json');
  await writeFile(sitePath, JSON.stringify(site));
  const probe = memoryProbe(dataDir);
  const launch = { sitePath, ...probe.launch };
  try {
    const hub = await startProductionHub(dataDir, launch);
    let day: Memory;
    try {
      for (const counterId of COUNTERS) check(await hub.api('POST', `/counters/${counterId}/status`, { status: 'open' }), 'open counter');
      await runVisits(hub, visits);
      day = await probe.read(hub);
    } finally {
      await hub.stop();
    }
    const log = join(dataDir, `${site.siteId}.events.sqlite`);
    const snapshotMb = (await newestSnapshotBytes(log)) / 2 ** 20;
    const again = await startProductionHub(dataDir, launch);
    try {
      const restarted = await probe.read(again);
      const health = (await fetch(`${again.base}/healthz`).then((r) => r.json())) as { seq: number };
      const done = (check(await again.api('GET', '/entries?status=done'), 'done') as unknown[]).length;
      return { visits, done, events: health.seq, day, restarted, snapshotMb, logMb: (await stat(log)).size / 2 ** 20 };
    } finally {
      await again.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function benchDayMemory(): Promise<string[]> {
  const days: DayFigures[] = [];
  for (const visits of DAYS) days.push(await runDay(visits));
  const base = days[0]!;
  const lines = [`built hub, visits kiosk -> called -> serving -> done over three counters, one local day (LOBBYLINE_BENCH_DAY_VISITS), MALLOC_ARENA_MAX=${MALLOC_ARENAS}; RSS as read, then RSS and V8 heap after a full GC`];
  for (const d of days) {
    const ratio =
      d === base
        ? 'baseline'
        : `${fmt(d.day.rssMb / base.day.rssMb, 2)}x RSS of ${base.visits} (goal <= 1.20), ${fmt(d.day.rssAfterGcMb / base.day.rssAfterGcMb, 2)}x after GC, heap ${fmt(d.day.heapMb / base.day.heapMb, 2)}x`;
    lines.push(
      `${d.visits} visits (${d.events} events, ${d.done} done): RSS ${fmt(d.day.rssMb)} MB (${fmt(d.day.rssAfterGcMb)} MB after GC), heap ${fmt(d.day.heapMb)} MB used of ${fmt(d.day.heapTotalMb)} MB (new space ${fmt(d.day.newSpaceMb)}, old space ${fmt(d.day.oldSpaceMb)}), external ${fmt(d.day.externalMb)} MB; ${ratio}; ` +
        `after restart RSS ${fmt(d.restarted.rssMb)} MB, heap ${fmt(d.restarted.heapMb)} MB; snapshot ${fmt(d.snapshotMb, 2)} MB, log ${fmt(d.logMb, 1)} MB`,
    );
  }
  return lines;
}
