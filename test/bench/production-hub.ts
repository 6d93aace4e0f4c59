/**
 * The hub as its systemd unit and `npm start` run it: the built bundle (dist/node) with two glibc malloc
 * arenas. The benchmarks that hold the hub to a goal or compare it with Mosquitto measure this, not the
 * source under tsx, whose loader adds its own memory and start-up to every figure.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { apiKeyHash } from '../../hub/access/api-keys.ts';
import { buildNodePrograms } from '../../hub/build-node.ts';
import { DEMO_SITE_FILE } from '../../hub/site/demo.ts';
import { TEST_API_KEY } from '../helpers/hub.ts';
import { startHubProcess, type HubProcess } from '../helpers/hub-process.ts';

/** As in the hub's unit (firmware-config/provision/systemd-units.ts); set MALLOC_ARENA_MAX to compare another value. */
export const MALLOC_ARENAS = process.env.MALLOC_ARENA_MAX ?? '2';

/** LOBBYLINE_BENCH_CPU_PROF=DIR: every hub a benchmark starts writes its CPU profile there when it stops. */
const PROFILE_DIR = process.env.LOBBYLINE_BENCH_CPU_PROF;

let built: Promise<void> | undefined;

/** The demo site as a site file's JSON, with the API key the bench helpers use: to change, write and pass as `sitePath`. */
export async function demoSiteJson(): Promise<any> {
  const site = JSON.parse(await readFile(DEMO_SITE_FILE, 'utf8'));
  site.apiKeys = site.apiKeys.map((key: object) => ({ ...key, secretHash: apiKeyHash(TEST_API_KEY) }));
  return site;
}

export async function startProductionHub(dataDir: string, options: Omit<Parameters<typeof startHubProcess>[1] & object, 'built'> = {}): Promise<HubProcess> {
  // Once per bench run: the bundle of the code as it is now.
  built ??= buildNodePrograms();
  await built;
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  return startHubProcess(dataDir, {
    ...options,
    built: true,
    nodeOptions: [...profile, ...(options.nodeOptions ?? [])],
    env: { MALLOC_ARENA_MAX: MALLOC_ARENAS, ...options.env },
  });
}

/**
 * Loaded into the hub before its code: on SIGUSR2 it collects all garbage and writes the process's memory
 * figures where the bench reads them, so the heap is what the hub keeps, not what it has yet to collect.
 */
const MEMORY_PROBE =
  'data:text/javascript,import { writeFileSync } from "node:fs"; import { getHeapSpaceStatistics } from "node:v8";' +
  'process.on("SIGUSR2", () => { globalThis.gc(); const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));' +
  ' writeFileSync(process.env.LOBBYLINE_BENCH_MEMORY_FILE, JSON.stringify({ ...process.memoryUsage(), newSpace: spaces.new_space, oldSpace: spaces.old_space })); });';

export interface Memory {
  /** As the machine saw it before the collection: what an operator's monitoring reads. */
  rssMb: number;
  /** After a full collection. */
  rssAfterGcMb: number;
  heapMb: number;
  /** What V8 holds for its heap, used or not: the part of RSS a collection frees but does not give back at once. */
  heapTotalMb: number;
  /** Of heapTotal: the young generation, which V8 grows while the hub is busy and keeps; and the old space, where what lives on ends up. */
  newSpaceMb: number;
  oldSpaceMb: number;
  /** Memory outside the V8 heap that JavaScript objects own (buffers). */
  externalMb: number;
}

export async function rssMbOf(hub: HubProcess): Promise<number> {
  const status = await readFile(`/proc/${hub.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

async function memoryOf(hub: HubProcess, file: string): Promise<Memory> {
  await rm(file, { force: true });
  const rssMb = await rssMbOf(hub);
  hub.child.kill('SIGUSR2');
  for (let waited = 0; waited < 10_000; waited += 20) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text) {
      const usage = JSON.parse(text) as NodeJS.MemoryUsage & { newSpace: number; oldSpace: number };
      const mb = (bytes: number) => bytes / 2 ** 20;
      return {
        rssMb,
        rssAfterGcMb: await rssMbOf(hub),
        heapMb: mb(usage.heapUsed),
        heapTotalMb: mb(usage.heapTotal),
        newSpaceMb: mb(usage.newSpace),
        oldSpaceMb: mb(usage.oldSpace),
        externalMb: mb(usage.external),
      };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the hub did not report its memory');
}

/** Launch options that load the probe, and `read` for the hub so launched; the probe writes into `dir`. */
export function memoryProbe(dir: string): { launch: { nodeOptions: string[]; env: Record<string, string> }; read: (hub: HubProcess) => Promise<Memory> } {
  const file = join(dir, 'memory.json');
  return { launch: { nodeOptions: ['--expose-gc', '--import', MEMORY_PROBE], env: { LOBBYLINE_BENCH_MEMORY_FILE: file } }, read: (hub) => memoryOf(hub, file) };
}
