/**
 * Enrolment latency while strangers hammer the hub's sign-ins: MQTT CONNECTs
 * with a wrong password, desk sign-ins with made-up staff ids, and REST calls
 * with random bearer keys. Each storm runs from one address (as one laptop on
 * the lobby network would) and from 100 (127.0.1.x: many machines, so the
 * limit per address does not stop them and the hashing itself must stay in
 * line). Baseline in the same run: the same enrolments on a quiet hub.
 * Each figure comes from its own hub process, so no limit or cache carries over.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqttPacket from 'mqtt-packet';
import { hashSecret } from '../../hub/access/credentials.ts';
import type { HubProcess } from '../helpers/hub-process.ts';
import { demoSiteJson, startProductionHub } from './production-hub.ts';
import { fmt, percentile } from './engine-bench.ts';

const ENROLMENTS = 200;
/** Measuring stops after this long even if fewer enrolments came back: a wedged hub still gives a figure. */
const MAX_MEASURE_MS = 30_000;
const SERVICES = ['lab', 'xray', 'reg'];

/** Starts a storm's loops (loops() counts what they send); they end once `running` says so. */
type Storm = (hub: HubProcess, address: () => string, running: () => boolean) => Promise<void>[];

/** 50 connections at a time, each one CONNECT with a wrong password, as `mosquitto_pub -u kiosk-1 -P wrong` would send. */
const mqttWrongPassword: Storm = (hub, address, running) => {
  const port = Number(new URL(hub.mqttUrl).port);
  const packet = mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, keepalive: 30, clientId: '', username: 'kiosk-1', password: Buffer.from('wrong') } as mqttPacket.IConnectPacket);
  return loops(50, running, () =>
    new Promise<void>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1', localAddress: address() }, () => socket.write(packet));
      socket.once('data', () => socket.destroy());
      socket.once('error', () => resolve());
      socket.once('close', () => resolve());
    }),
  );
};

/** 20 at a time, each a desk sign-in with a made-up staff id. */
const deskMadeUpIds: Storm = (hub, address, running) => {
  let n = 0;
  return loops(20, running, () => post(hub, '/desk/api/session', address(), { 'content-type': 'application/json' }, JSON.stringify({ staffId: `nobody-${n++}`, password: 'guess' })));
};

/** 20 loops of `curl -H "Authorization: Bearer x$RANDOM" …/api/v1/services`. */
const restRandomKeys: Storm = (hub, address, running) =>
  loops(20, running, () => get(hub, '/api/v1/services', address(), { authorization: `Bearer x${Math.floor(Math.random() * 32768)}` }));

/** Storm attempts sent so far, across all storms. */
let sent = 0;

function loops(count: number, running: () => boolean, once: () => Promise<unknown>): Promise<void>[] {
  return Array.from({ length: count }, async () => {
    while (running()) {
      await once();
      sent++;
    }
  });
}

function get(hub: HubProcess, path: string, localAddress: string, headers: Record<string, string>): Promise<void> {
  return send(hub, 'GET', path, localAddress, headers);
}

function post(hub: HubProcess, path: string, localAddress: string, headers: Record<string, string>, body: string): Promise<void> {
  return send(hub, 'POST', path, localAddress, headers, body);
}

function send(hub: HubProcess, method: string, path: string, localAddress: string, headers: Record<string, string>, body?: string): Promise<void> {
  return new Promise((resolve) => {
    const req = request(`${hub.base}${path}`, { method, headers, localAddress, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', () => resolve());
    req.end(body);
  });
}

/** Enrolments one after another with the right key; milliseconds each. */
async function enrolmentLatencies(hub: HubProcess): Promise<{ latencies: number[]; failed: number }> {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  for (let i = 0; i < ENROLMENTS && performance.now() - started < MAX_MEASURE_MS; i++) {
    const sent = performance.now();
    const reply = await hub.api('POST', '/entries', { serviceId: SERVICES[i % SERVICES.length], channel: 'kiosk' });
    latencies.push(performance.now() - sent);
    if (reply.status !== 201) failed++;
  }
  return { latencies: latencies.sort((a, b) => a - b), failed };
}

interface Figure {
  p50: number;
  p99: number;
  samples: number;
  failed: number;
  /** Storm attempts per second while the enrolments ran. */
  stormRate: number;
}

/**
 * The demo site with kiosk-1's password hashed with scrypt, as site files from before SHA-256 device
 * hashes have it: the wrong-password storm then makes the hub run scrypt for every guess it lets through.
 */
async function siteWithScryptKiosk(dir: string): Promise<string> {
  const site = await demoSiteJson();
  for (const device of site.devices) if (device.id === 'kiosk-1') device.secretHash = hashSecret('the-kiosk-password');
  const path = join(dir, 'site.json');
  await writeFile(path, JSON.stringify(site));
  return path;
}

async function measure(storm: Storm | null, addresses: number, scryptKiosk = false): Promise<Figure> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-bench-logins-'));
  const hub = await startProductionHub(join(dataDir, 'data'), scryptKiosk ? { sitePath: await siteWithScryptKiosk(dataDir) } : {});
  let stormRunning = true;
  let next = 0;
  const address = () => (addresses === 1 ? '127.0.0.1' : `127.0.1.${1 + (next++ % addresses)}`);
  try {
    const stormLoops = storm ? storm(hub, address, () => stormRunning) : [];
    // Let the storm build up before the first enrolment.
    if (storm) await new Promise((r) => setTimeout(r, 500));
    const [sentBefore, started] = [sent, performance.now()];
    const { latencies, failed } = await enrolmentLatencies(hub);
    const stormRate = ((sent - sentBefore) * 1000) / (performance.now() - started);
    stormRunning = false;
    await Promise.all(stormLoops);
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), samples: latencies.length, failed, stormRate };
  } finally {
    stormRunning = false;
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function benchLoginStorms(): Promise<string[]> {
  const quiet = await measure(null, 1);
  const line = (name: string, f: Figure) => `${name}: enrolment p50 ${fmt(f.p50)} ms, p99 ${fmt(f.p99)} ms (${f.samples} enrolments${f.failed ? `, ${f.failed} failed` : ''})`;
  const lines = [line('no storm (baseline)', quiet)];
  const storms: [string, Storm, boolean][] = [
    ['MQTT CONNECTs with a wrong password (kiosk hash SHA-256, as provisioned)', mqttWrongPassword, false],
    ['MQTT CONNECTs with a wrong password (kiosk hash scrypt, an older site file)', mqttWrongPassword, true],
    ['desk sign-ins with made-up ids', deskMadeUpIds, false],
    ['REST requests with random bearer keys', restRandomKeys, false],
  ];
  for (const [name, storm, scryptKiosk] of storms) {
    for (const addresses of [1, 100]) {
      const figure = await measure(storm, addresses, scryptKiosk);
      const from = addresses === 1 ? '1 address' : `${addresses} addresses`;
      lines.push(`${line(`${name} (${fmt(figure.stormRate, 0)}/s from ${from})`, figure)}; p99 ${fmt(figure.p99 / quiet.p99, 2)}x baseline (goal <= 2)`);
    }
  }
  return lines;
}
