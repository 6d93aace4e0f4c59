/**
 * A reconnect storm: 500 displays, each with its own device id and password
 * and its own address (127.0.1.x–127.0.2.x, as TVs on the lobby network), all
 * sending CONNECT at once, as after a hub restart or a network blip. Figures:
 * time from the first CONNECT to the last CONNACK, and kiosk enrolment
 * latency (REST, one after another) while the storm runs against a quiet hub.
 *
 * Side by side in the same run: the hub with device hashes in the fast form
 * (what provisioning writes now), the hub with scrypt device hashes (site files
 * from before), the same 500 anonymous, and Mosquitto with a password file
 * (mosquitto_passwd). Each hub figure comes from a fresh hub process, so no
 * remembered password carries over, as after a restart. The displays connect
 * from a process of their own (storm-displays.ts), so the enrolments timed here
 * wait on the hub, not on this process handling 500 CONNACKs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastSecretHash, hashSecret } from '../../hub/access/credentials.ts';
import type { HubProcess } from '../helpers/hub-process.ts';
import { demoSiteJson, startProductionHub } from './production-hub.ts';
import { startMosquitto } from '../helpers/mosquitto.ts';
import { fmt, percentile } from './engine-bench.ts';
import { DISPLAYS, PASSWORD, deviceId, displaysProcess, type Credentials, type Storm } from './storm-displays.ts';

const QUIET_ENROLMENTS = 100;
/** At least this many enrolments during a storm, however short it is: a storm that ends first is started again on a fresh hub. */
const STORM_ENROLMENTS = 20;
/** Between one enrolment's reply and the next (a busy kiosk and then some), quiet or not, so that a long storm does not fill the line. */
const ENROLMENT_GAP_MS = 25;
const SERVICES = ['lab', 'xray', 'reg'];
const RUNS = Number(process.env.LOBBYLINE_BENCH_RUNS ?? 3);



async function siteFile(dir: string, credentials: Credentials): Promise<string> {
  const site = await demoSiteJson();
  for (const service of site.services) service.maxWaiting = 10_000;
  const secretHash = credentials === 'scrypt' ? hashSecret(PASSWORD) : fastSecretHash(PASSWORD);
  for (let i = 0; i < DISPLAYS; i++) site.devices.push({ id: deviceId(i), role: 'display', name: `TV ${i + 1}`, secretHash });
  const path = join(dir, 'site.json');
  await writeFile(path, JSON.stringify(site));
  return path;
}

async function enrolOnce(hub: HubProcess, i: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, ENROLMENT_GAP_MS));
  const sent = performance.now();
  const reply = await hub.api('POST', '/entries', { serviceId: SERVICES[i % SERVICES.length], channel: 'kiosk' });
  if (reply.status !== 201) throw new Error(`enrolment answered ${reply.status}`);
  return performance.now() - sent;
}

interface HubFigure extends Storm {
  quiet: number[];
  during: number[];
}

async function measureHub(credentials: Credentials): Promise<HubFigure> {
  const dir = await mkdtemp(join(tmpdir(), 'lobbyline-bench-storm-'));
  const sitePath = await siteFile(dir, credentials);
  let hub = await startProductionHub(join(dir, 'data'), { sitePath });
  try {
    const quiet: number[] = [];
    for (let i = 0; i < QUIET_ENROLMENTS; i++) quiet.push(await enrolOnce(hub, i));
    const port = Number(new URL(hub.mqttUrl).port);
    const during: number[] = [];
    let first: Storm | undefined;
    // The first storm is the figure; if it ends before enough enrolments, a fresh hub gets another (no remembered passwords).
    while (during.length < STORM_ENROLMENTS) {
      let stormOver = false;
      const displays = await displaysProcess();
      const running = displays.storm(port, credentials).then((s) => ((stormOver = true), s));
      while (!stormOver) during.push(await enrolOnce(hub, during.length));
      const result = await running;
      displays.close();
      first ??= result;
      if (during.length >= STORM_ENROLMENTS) break;
      await hub.stop();
      hub = await startProductionHub(join(dir, 'data'), { sitePath });
    }
    return { ...first!, quiet: quiet.sort((a, b) => a - b), during: during.sort((a, b) => a - b) };
  } finally {
    await hub.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function measureMosquitto(): Promise<Storm> {
  const users = Object.fromEntries(Array.from({ length: DISPLAYS }, (_, i) => [deviceId(i), PASSWORD]));
  const broker = await startMosquitto({ users });
  try {
    const displays = await displaysProcess();
    const result = await displays.storm(broker.port, 'fast');
    displays.close();
    return result;
  } finally {
    await broker.dispose();
  }
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
const range = (values: number[], digits = 0) => `${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)}`;

export async function benchReconnectStorm(): Promise<string[]> {
  const runs: { mosquitto: Storm; fast: HubFigure; scrypt: HubFigure; anonymous: HubFigure }[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so that a slow moment of the machine falls on every figure alike.
    runs.push({ mosquitto: await measureMosquitto(), fast: await measureHub('fast'), scrypt: await measureHub('scrypt'), anonymous: await measureHub('anonymous') });
  }
  const lines = [`${DISPLAYS} displays connecting at once, each from its own address; ${RUNS} runs, ranges over runs, ratios of medians`];
  const mosquitto = runs.map((r) => r.mosquitto.lastConnack);
  lines.push(`Mosquitto with a password file (baseline): last CONNACK ${range(mosquitto)} ms${refusals(runs.map((r) => r.mosquitto))}`);
  for (const [name, key] of [
    ['hub, device hashes SHA-256 (provisioning now)', 'fast'],
    ['hub, device hashes scrypt (site files from before)', 'scrypt'],
    ['hub, the same displays anonymous', 'anonymous'],
  ] as const) {
    const figures = runs.map((r) => r[key]);
    const last = figures.map((f) => f.lastConnack);
    const quietP99 = figures.map((f) => percentile(f.quiet, 99));
    const duringP99 = figures.map((f) => percentile(f.during, 99));
    const enrolRatio = median(duringP99) / median(quietP99);
    lines.push(
      `${name}: last CONNACK ${range(last)} ms, ${fmt(median(last) / median(mosquitto), 2)}x Mosquitto${key === 'anonymous' ? '' : ' (goal <= 2)'}${refusals(figures)}; ` +
        `enrolment quiet p50 ${range(figures.map((f) => percentile(f.quiet, 50)), 1)} / p99 ${range(quietP99, 1)} ms, ` +
        `during the storm p50 ${range(figures.map((f) => percentile(f.during, 50)), 1)} / p99 ${range(duringP99, 1)} ms (${range(figures.map((f) => f.during.length))} enrolments), p99 ${fmt(enrolRatio, 2)}x quiet (goal <= 2)`,
    );
  }
  return lines;
}

function refusals(figures: Storm[]): string {
  const refused = figures.reduce((sum, f) => sum + f.refused, 0);
  return refused ? `, ${refused} CONNECTs refused or unanswered` : '';
}
