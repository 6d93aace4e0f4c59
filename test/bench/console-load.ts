/**
 * The contact-center console under load: the load generator (cc-load/) plays
 * N sites' days compressed into minutes on a broker, and two processes follow
 * the same stream with the same session options, QoS and topic filters: the
 * console (its store, one commit per batch) and, as the baseline, a bare
 * mqtt.js subscriber that parses and counts. For each: events per second it
 * kept up with, lag from each event's commit at the site (`at`) to it being
 * applied in the console's store, so visible to its API and live feed (to
 * being counted, for the baseline), p50/p99, CPU time per event, peak RSS and
 * heap; and the console's disk. Against aedes on an ephemeral port in this
 * process, and Mosquitto (its own process) when installed.
 *
 * LOBBYLINE_BENCH_CC_SITES (default 500), LOBBYLINE_BENCH_CC_VISITS (visits
 * per site per day, default 100), LOBBYLINE_BENCH_CC_MINUTES (the day's length
 * on the wall clock, default 2), LOBBYLINE_BENCH_CC_DROP (share of events left
 * out for the console to ask again, default 0.0005);
 * LOBBYLINE_BENCH_CPU_PROF=DIR writes the console's CPU profile there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import { startMosquitto } from '../helpers/mosquitto.ts';
import { until } from '../helpers/until.ts';
import { LoadGenerator, type LoadCounts } from './cc-load/generator.ts';
import type { ProcessReport } from './cc-load/measured-process.ts';
import { fmt } from './engine-bench.ts';
import { processCpuNs } from './process-cpu.ts';

const SITES = Number(process.env.LOBBYLINE_BENCH_CC_SITES ?? 500);
const VISITS = Number(process.env.LOBBYLINE_BENCH_CC_VISITS ?? 100);
const MINUTES = Number(process.env.LOBBYLINE_BENCH_CC_MINUTES ?? 2);
const DROP = Number(process.env.LOBBYLINE_BENCH_CC_DROP ?? 0.0005);
const API_KEY = 'bench-console-key-0123456789';
/** How long after the day's end either process may take to catch up before it is reported as not keeping up. */
const CATCH_UP_MS = 5 * 60_000;

interface Measured {
  child: ChildProcess;
  report(): Promise<ProcessReport>;
  ready: Record<string, unknown>;
  cpuNs: number;
  caughtUpAt: number | null;
}

async function startMeasured(file: string, config: Record<string, unknown>, nodeOptions: string[] = []): Promise<Measured> {
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', new URL(file, import.meta.url).pathname], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, LOBBYLINE_BENCH_CC_PROCESS: JSON.stringify(config) },
  });
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Record<string, unknown>));
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before it was ready`)));
  });
  const report = () =>
    new Promise<ProcessReport>((resolve) => {
      child.once('message', (message) => resolve(message as ProcessReport));
      child.send('report');
    });
  return { child, report, ready, cpuNs: 0, caughtUpAt: null };
}

/** Peak resident memory of a process so far (VmHWM), in bytes. */
async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

async function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024, 0)} MB`;

async function measure(brokerName: string, url: string, label: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'lobbyline-bench-cc-'));
  const dbPath = join(dir, 'console.sqlite');
  const profileDir = process.env.LOBBYLINE_BENCH_CPU_PROF;
  const consoleProcess = await startMeasured(
    './cc-load/console-process.ts',
    { url, dbPath, apiKey: API_KEY, clientId: `bench-console-${label}` },
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  const baseline = await startMeasured('./cc-load/bare-subscriber.ts', { url, clientId: `bench-baseline-${label}` });
  const generator = await LoadGenerator.start({ url, sites: SITES, visits: VISITS, dayMs: MINUTES * 60_000, dropShare: DROP });
  const api = async (path: string) => (await fetch(`${consoleProcess.ready.url as string}${path}`, { headers: { authorization: `Bearer ${API_KEY}` } })).json();
  try {
    await generator.announce();
    await until(async () => ((await api('/api/sites')) as { online: boolean }[]).filter((s) => s.online).length === SITES, 'every site online at the console', 60_000);
    const measured = [consoleProcess, baseline];
    const cpuBefore = await Promise.all(measured.map((m) => processCpuNs(m.child.pid!)));
    const started = performance.now();
    let done = false;
    let dayEnded = Number.POSITIVE_INFINITY;
    const watching = (async () => {
      while (!done || measured.some((m) => m.caughtUpAt === null)) {
        for (const m of measured) {
          if (m.caughtUpAt === null && done && (await m.report()).events >= generator.counts.events) m.caughtUpAt = performance.now();
        }
        if (done && performance.now() - dayEnded > CATCH_UP_MS) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    await generator.run();
    dayEnded = performance.now();
    done = true;
    await watching;
    const cpuAfter = await Promise.all(measured.map((m) => processCpuNs(m.child.pid!)));
    measured.forEach((m, i) => (m.cpuNs = cpuAfter[i]! - cpuBefore[i]!));

    const counts = generator.counts;
    const sites = (await api('/api/sites')) as { site: string; seq: number; applied: number }[];
    const lastSeqs = generator.lastSeqs();
    const wrong = sites.filter((s) => s.seq !== lastSeqs.get(s.site) || s.applied !== s.seq).length;
    const dbBytes = (await Promise.all(['', '-wal'].map((suffix) => stat(`${dbPath}${suffix}`).then((s) => s.size, () => 0)))).reduce((a, b) => a + b, 0);
    const reports = await Promise.all(measured.map((m) => m.report()));
    const rss = await Promise.all(measured.map((m) => peakRss(m.child.pid!)));
    const dayS = (dayEnded - started) / 1000;
    const line = (name: string, m: Measured, report: ProcessReport, peak: number) => {
      const keptUp = m.caughtUpAt === null ? null : report.events / ((m.caughtUpAt - started) / 1000);
      return (
        `${name}: ${keptUp === null ? `did NOT catch up within ${CATCH_UP_MS / 60_000} min (${report.events} of ${counts.events})` : `${fmt(keptUp, 0)} events/s kept up`}, ` +
        `lag p50 ${report.lag.p50} ms, p99 ${report.lag.p99} ms, max ${report.lag.max} ms, ` +
        `CPU ${fmt(m.cpuNs / 1000 / report.events, 1)} µs/event (≈ ${fmt(1e9 / (m.cpuNs / report.events), 0)} events/s per core), ` +
        `peak RSS ${mb(peak)}, heap ${mb(report.heapUsedPeak)} peak`
      );
    };
    const [cc, base] = reports as [ProcessReport, ProcessReport];
    return [
      `${brokerName}: ${SITES} sites × ${VISITS} visits in ${fmt(dayS, 0)} s: ${counts.events} events (${fmt(counts.events / dayS, 0)}/s offered), ` +
        `${counts.callbacks} callbacks, ${counts.states} state updates (${fmt(counts.states / dayS, 0)}/s), ${counts.dropped} left out and ${counts.replayed} replayed on ${counts.replayRequests} requests`,
      ...sizes(counts),
      line('  console ', consoleProcess, cc, rss[0]!),
      line('  baseline', baseline, base, rss[1]!),
      `  console/baseline: lag p50 ${fmt(cc.lag.p50 / Math.max(1, base.lag.p50))}x, p99 ${fmt(cc.lag.p99 / Math.max(1, base.lag.p99))}x, ` +
        `CPU per event ${fmt(consoleProcess.cpuNs / cc.events / (baseline.cpuNs / base.events))}x, peak RSS ${fmt(rss[0]! / rss[1]!)}x`,
      `  console store: ${mb(dbBytes)} on disk = ${fmt(dbBytes / SITES / 1024, 1)} KB per site, ${fmt(dbBytes / (SITES * VISITS), 0)} B per visit; ` +
        `/api/sites: ${sites.length} sites, ${wrong} not at the site's last seq with every event applied once`,
    ];
  } finally {
    await generator.close();
    await Promise.all([stopped(consoleProcess.child), stopped(baseline.child)]);
    await rm(dir, { recursive: true, force: true });
  }
}

/** Mean payload sizes, for the sizing on paper. */
function sizes(counts: LoadCounts): string[] {
  const mean = (bytes: number, n: number) => (n === 0 ? '-' : `${fmt(bytes / n, 0)} B`);
  return [
    `  mean payloads: event ${mean(counts.bytes.events, counts.events - counts.dropped)}, callback ${mean(counts.bytes.callbacks, counts.callbacks)}, ` +
      `state ${mean(counts.bytes.state, counts.states)}, status ${mean(counts.bytes.status, counts.statuses)}`,
  ];
}

async function withAedes<T>(work: (url: string) => Promise<T>): Promise<T> {
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    return await work(`mqtt://127.0.0.1:${port}`);
  } finally {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export async function benchConsoleLoad(): Promise<string[]> {
  const lines = await withAedes((url) => measure('aedes (in the generator process)', url, 'aedes'));
  if (!existsSync('/usr/sbin/mosquitto')) return [...lines, 'Mosquitto: not installed, skipped'];
  // A console catching up may lag more than Mosquitto's default queue of 1,000 messages per client: as a real upstream broker must be, it is set unbounded.
  const mosquitto = await startMosquitto({ maxQueuedMessages: 0 });
  try {
    return [...lines, ...(await measure('Mosquitto (max_queued_messages 0)', mosquitto.url, 'mosquitto'))];
  } finally {
    await mosquitto.dispose();
  }
}
