/**
 * Process start-up: from spawning the hub as a process (as systemd or `npm start` does) until /healthz
 * answers, for the built hub (dist/node, what the units run, with the code cache the build makes) against
 * the same build without its code cache and the source under tsx, each with an empty data dir (the
 * baseline: Node, loading the code, opening the log, listening) and with a log of 100,000 events
 * (snapshot read and tail replay on top). Every start gets a fresh copy of the same data dir, so each one
 * is the restart after a crash; the runs of the six kinds are interleaved.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildNodePrograms, NODE_DIST, NODE_PROGRAMS, programFiles } from '../../hub/build-node.ts';
import { launchHubProcess } from '../helpers/hub-process.ts';
import { freePort } from '../helpers/ports.ts';
import { benchDir, fmt } from './engine-bench.ts';
import { fillLog } from './restart.ts';

const RUNS = 5;

/** CPU time (user + system) a process has used so far, from /proc (10 ms ticks): unlike the wall clock, not stretched by other load. */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A second build of the programs, beside dist/node (the bundles find their files by the same relative paths), without the code cache. */
const UNCACHED_DIST = join(NODE_DIST, '..', 'node-without-code-cache');

/** `builtEntry`: a build's main.js; null: the source under tsx. */
async function timeProcessStart(dataDir: string, builtEntry: string | null): Promise<{ ms: number; cpu: number; seq: number }> {
  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  const started = performance.now();
  const child = await launchHubProcess({ dataDir, httpPort, mqttPort, ...(builtEntry && { builtEntry }), pollMs: 5 });
  const ms = performance.now() - started;
  const cpu = await cpuMs(child.pid!);
  const { seq } = (await fetch(`http://127.0.0.1:${httpPort}/healthz`).then((r) => r.json())) as { seq: number };
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return { ms, cpu, seq };
}

/** Node itself: spawn to exit of an empty program. */
async function timeBareNode(): Promise<number> {
  const started = performance.now();
  await new Promise((resolve, reject) => spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }).once('exit', resolve).once('error', reject));
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const summary = (xs: number[]) => `${fmt(median(xs), 0)} ms (${fmt(Math.min(...xs), 0)}-${fmt(Math.max(...xs), 0)})`;

const kb = async (file: string) => `${fmt((await stat(file)).size / 1024, 0)} KB`;

export async function benchStartup(): Promise<string[]> {
  await Promise.all([buildNodePrograms(), buildNodePrograms(UNCACHED_DIST, { codeCache: false })]);
  const cached = programFiles(NODE_DIST, NODE_PROGRAMS[0]);
  const uncached = programFiles(UNCACHED_DIST, NODE_PROGRAMS[0]);
  const sizes = `bundle ${await kb(cached.bundle)}, code cache ${await kb(cached.codeCache)}`;
  const { dir, remove } = await benchDir('startup');
  const filled = join(dir, 'filled');
  await mkdir(filled);
  const events = await fillLog(join(filled, 'demo-clinic.events.sqlite'));
  const kinds = [
    { name: 'built, empty', entry: cached.entry, source: null },
    { name: 'built, full', entry: cached.entry, source: filled },
    { name: 'no cache, empty', entry: uncached.entry, source: null },
    { name: 'no cache, full', entry: uncached.entry, source: filled },
    { name: 'tsx, empty', entry: null, source: null },
    { name: 'tsx, full', entry: null, source: filled },
  ] as const;
  type Kind = (typeof kinds)[number]['name'];
  const times = new Map<string, number[]>(kinds.map((k) => [k.name, []]));
  const cpus = new Map<string, number[]>(kinds.map((k) => [k.name, []]));
  const bare: number[] = [];
  let n = 0;
  try {
    for (let run = 0; run < RUNS; run++) {
      bare.push(await timeBareNode());
      for (const kind of kinds) {
        const dataDir = join(dir, `run-${n++}`);
        if (kind.source) await cp(kind.source, dataDir, { recursive: true });
        else await mkdir(dataDir);
        const { ms, cpu, seq } = await timeProcessStart(dataDir, kind.entry);
        cpus.get(kind.name)!.push(cpu);
        if (seq !== (kind.source ? events : 0)) throw new Error(`${kind.name}: the hub came up at seq ${seq}`);
        times.get(kind.name)!.push(ms);
      }
    }
  } finally {
    await Promise.all([remove(), rm(UNCACHED_DIST, { recursive: true, force: true })]);
  }
  const t = (name: Kind) => times.get(name)!;
  const m = (name: Kind) => median(t(name));
  const c = (name: Kind) => cpus.get(name)!;
  const mc = (name: Kind) => median(c(name));
  return [
    `process start to /healthz, median (min-max) of ${RUNS} interleaved runs; ${events} events = a crash restart from the last snapshot plus its tail`,
    `node alone (node -e 0, spawn to exit): ${summary(bare)}`,
    `built JS with its code cache (what the units run), empty data dir (baseline): ${summary(t('built, empty'))}`,
    `built JS with its code cache, ${events} events: ${summary(t('built, full'))} (goal <= 500 ms); ${fmt(m('built, full') / m('built, empty'), 2)}x the empty start, +${fmt(m('built, full') - m('built, empty'), 0)} ms for the log`,
    `built JS without its code cache: empty ${summary(t('no cache, empty'))}, ${events} events ${summary(t('no cache, full'))}; the cache makes the start ${fmt(m('no cache, empty') / m('built, empty'), 2)}x / ${fmt(m('no cache, full') / m('built, full'), 2)}x faster (${sizes})`,
    `tsx, empty data dir: ${summary(t('tsx, empty'))}`,
    `tsx, ${events} events: ${summary(t('tsx, full'))}; ${fmt(m('tsx, full') / m('tsx, empty'), 2)}x the empty start`,
    `built vs tsx: ${fmt(m('tsx, empty') / m('built, empty'), 2)}x faster empty, ${fmt(m('tsx, full') / m('built, full'), 2)}x faster with ${events} events`,
    `CPU time of the hub process until it serves (user+system; less stretched by other load than the wall clock): built empty ${summary(c('built, empty'))}, built ${events} events ${summary(c('built, full'))} (${fmt(mc('built, full') / mc('built, empty'), 2)}x); without the code cache ${summary(c('no cache, empty'))} / ${summary(c('no cache, full'))} (the cache saves ${fmt(1 - mc('built, empty') / mc('no cache, empty'), 2)} / ${fmt(1 - mc('built, full') / mc('no cache, full'), 2)} of it); tsx empty ${summary(c('tsx, empty'))}, tsx ${events} events ${summary(c('tsx, full'))} (${fmt(mc('tsx, full') / mc('tsx, empty'), 2)}x); built vs tsx ${fmt(mc('tsx, empty') / mc('built, empty'), 2)}x / ${fmt(mc('tsx, full') / mc('built, full'), 2)}x less`,
  ];
}
