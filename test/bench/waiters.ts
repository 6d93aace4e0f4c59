/**
 * Remote waiters and the lobby path, against the hub as its own process.
 *
 * 1. Call-next with 1,000 / 5,000 / 10,000 remote waiters joined through
 *    /wait/api/join, each with its live status socket open: how long until
 *    every waiter has its new place (p50/p99 over the rounds), and the REST
 *    reply to call-next and the lobby TV's now-serving message beside the same
 *    figures with no remote waiters, measured first in the same run. Hub RSS
 *    at each size.
 * 2. The line-length curve: enrolment and call-next latency with 100, 1,000
 *    and 5,000 people waiting in one service (no sockets).
 *
 * LOBBYLINE_BENCH_WAITERS=1000,5000 scales the socket sizes down on a machine
 * that cannot hold 10,000 open sockets in each of two processes.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import { siteTopics } from '../../hub/contract/index.ts';
import { startHubProcess, type HubProcess } from '../helpers/hub-process.ts';
import { testSite } from '../helpers/hub.ts';
import { fmt, percentile } from './engine-bench.ts';

const SOCKET_SIZES = (process.env.LOBBYLINE_BENCH_WAITERS ?? '1000,5000,10000').split(',').map(Number);
const LINE_SIZES = [100, 1_000, 5_000];
const ROUNDS = 20;
const WARMUP = 2;
const CURVE_SAMPLES = 30;
const PARALLEL = 16;
const ROUND_TIMEOUT_MS = 30_000;

async function withHub<T>(name: string, body: (hub: HubProcess) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), `lobbyline-bench-${name}-`));
  const site = testSite();
  site.services = site.services.map((s) => ({ ...s, maxWaiting: 100_000 }));
  site.remoteWait = { ...site.remoteWait, joinsPerClient: 1_000_000, joinsPerSite: 1_000_000, maxRemotePerService: 100_000 };
  const sitePath = join(dataDir, 'site.json');
  await writeFile(sitePath, JSON.stringify(site));
  const hub = await startHubProcess(dataDir, { sitePath });
  try {
    return await body(hub);
  } finally {
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function rssMb(hub: HubProcess): Promise<number> {
  const status = await readFile(`/proc/${hub.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

async function inParallel(count: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

function check(result: { status: number; body: any }, what: string): any {
  if (result.status >= 300) throw new Error(`${what}: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN };
};
const show = (s: { p50: number; p99: number; max: number }) => `p50 ${fmt(s.p50)} / p99 ${fmt(s.p99)} / max ${fmt(s.max)} ms`;

interface Waiter {
  ws: WebSocket;
  ticket: string;
  token: string;
  /** When the first message after the round started arrived; 0 before. */
  first: number;
}

/** The lobby TV and the sockets, and rounds of call-next on c1 (lab), serving the one called before. */
class Floor {
  readonly waiters = new Map<string, Waiter>();
  private armed = false;
  private pending = 0;
  private allIn: (() => void) | null = null;
  private tvSeen: ((at: number) => void) | null = null;
  private lastCalled: string | null = null;
  private joins = 0;

  private constructor(
    private readonly hub: HubProcess,
    private readonly tv: mqtt.MqttClient,
  ) {
    tv.on('message', (_topic, _payload, packet) => {
      if (!packet.retain) this.tvSeen?.(performance.now());
    });
  }

  static async open(hub: HubProcess): Promise<Floor> {
    const tv = await mqtt.connectAsync(hub.mqttUrl, { clientId: 'bench-tv' });
    await tv.subscribeAsync(siteTopics('demo-clinic').nowServing, { qos: 1 });
    return new Floor(hub, tv);
  }

  async close(): Promise<void> {
    for (const waiter of this.waiters.values()) waiter.ws.terminate();
    await this.tv.endAsync(true);
  }

  /**
   * Joins remote waiters in lab until `size` are waiting, each with its status
   * socket open and its first view received. The sockets are closed while
   * people join and all opened again after: joins with thousands connected cost
   * the hub a pass over every socket each, which is not what this measures.
   */
  async joinUpTo(size: number): Promise<void> {
    const tokens = [...this.waiters.values()].map((w) => ({ ticket: w.ticket, token: w.token }));
    for (const waiter of this.waiters.values()) waiter.ws.terminate();
    this.waiters.clear();
    await inParallel(size - tokens.length, async () => {
      const response = await fetch(`${this.hub.base}/wait/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serviceId: 'lab', language: 'en', requestId: `bench-join-${++this.joins}` }),
      });
      const joined = (await response.json()) as { ticket: string; token: string };
      if (response.status !== 201 && response.status !== 200) throw new Error(`join: ${response.status} ${JSON.stringify(joined)}`);
      tokens.push(joined);
    });
    await inParallel(tokens.length, async (i) => {
      const { ticket, token } = tokens[i]!;
      const ws = new WebSocket(`${this.hub.base.replace('http', 'ws')}/wait/api/live`, { perMessageDeflate: false });
      const waiter: Waiter = { ws, ticket, token, first: 0 };
      await new Promise<void>((resolve, reject) => {
        ws.once('error', reject);
        ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', token })));
        ws.once('message', () => resolve());
      });
      ws.on('message', () => this.received(waiter));
      this.waiters.set(ticket, waiter);
    });
  }

  private received(waiter: Waiter): void {
    if (!this.armed || waiter.first !== 0) return;
    waiter.first = performance.now();
    if (--this.pending === 0) this.allIn?.();
  }

  /** One call-next: REST reply, TV now-serving, and (with waiters) the last waiter's new view, in ms from the call. */
  async round(): Promise<{ reply: number; tv: number; allWaiters: number | null }> {
    if (this.lastCalled) check(await this.hub.api('POST', `/entries/${this.lastCalled}/start-serving`), 'start-serving');
    for (const waiter of this.waiters.values()) waiter.first = 0;
    this.pending = this.waiters.size;
    const everyone = this.waiters.size ? new Promise<void>((resolve) => (this.allIn = resolve)) : Promise.resolve();
    const tv = new Promise<number>((resolve) => (this.tvSeen = resolve));
    this.armed = true;
    const start = performance.now();
    const called = check(await this.hub.api('POST', '/counters/c1/call-next'), 'call-next');
    const reply = performance.now() - start;
    const timeout = (what: string) => new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not arrive`)), ROUND_TIMEOUT_MS).unref());
    const tvAt = await Promise.race([tv, timeout('now-serving')]);
    await Promise.race([everyone, timeout(`${this.pending} waiters' views`)]);
    this.armed = false;
    this.tvSeen = null;
    this.allIn = null;
    let last = 0;
    for (const waiter of this.waiters.values()) last = Math.max(last, waiter.first);
    this.lastCalled = called.entryId;
    // The person called has left the line: their page is done for this bench.
    const gone = this.waiters.get(called.ticket);
    if (gone) {
      gone.ws.terminate();
      this.waiters.delete(called.ticket);
    }
    return { reply, tv: tvAt - start, allWaiters: this.waiters.size || gone ? last - start : null };
  }

  async rounds(): Promise<{ reply: number[]; tv: number[]; allWaiters: number[] }> {
    const out = { reply: [] as number[], tv: [] as number[], allWaiters: [] as number[] };
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      const r = await this.round();
      if (i < WARMUP) continue;
      out.reply.push(r.reply);
      out.tv.push(r.tv);
      if (r.allWaiters !== null) out.allWaiters.push(r.allWaiters);
    }
    return out;
  }
}

async function socketSizes(): Promise<string[]> {
  return withHub('waiters', async (hub) => {
    const lines: string[] = [];
    const floor = await Floor.open(hub);
    try {
      check(await hub.api('POST', '/counters/c1/status', { status: 'open' }), 'open c1');
      await inParallel(WARMUP + ROUNDS, async () => void check(await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' }), 'enrol'));
      const base = await floor.rounds();
      const baseReply = stats(base.reply);
      const baseTv = stats(base.tv);
      lines.push(`no remote waiters (baseline): call-next REST reply ${show(baseReply)}; TV now-serving ${show(baseTv)}; hub RSS ${fmt(await rssMb(hub), 0)} MB`);
      for (const size of SOCKET_SIZES) {
        // Each round takes one waiter off the line: join enough that `size` are still there in the middle of the rounds.
        const joinStart = performance.now();
        await floor.joinUpTo(size + ROUNDS / 2);
        const joinSeconds = (performance.now() - joinStart) / 1000;
        const r = await floor.rounds();
        const all = stats(r.allWaiters);
        const reply = stats(r.reply);
        const tv = stats(r.tv);
        lines.push(
          `${size} waiters with live sockets: call-next -> all waiters ${show(all)} (goal p99 <= 500 ms); hub RSS ${fmt(await rssMb(hub), 0)} MB (goal <= 300 MB); joined and connected (all sockets again) in ${fmt(joinSeconds)} s`,
          `  call-next REST reply ${show(reply)} (${fmt(reply.p50 / baseReply.p50, 2)}x baseline p50, ${fmt(reply.p99 / baseReply.p99, 2)}x p99); TV now-serving ${show(tv)} (${fmt(tv.p50 / baseTv.p50, 2)}x baseline p50, ${fmt(tv.p99 / baseTv.p99, 2)}x p99)`,
        );
      }
      lines.push(`${ROUNDS} call-nexts per size after ${WARMUP} warm-up; sizes ${SOCKET_SIZES.join(', ')} (LOBBYLINE_BENCH_WAITERS)`);
    } finally {
      await floor.close();
    }
    return lines;
  });
}

/** Enrolment and call-next latency as the line grows: everyone in registration (c3), nobody remote. */
async function lineCurve(): Promise<string[]> {
  return withHub('line', async (hub) => {
    const lines: string[] = [];
    check(await hub.api('POST', '/counters/c3/status', { status: 'open' }), 'open c3');
    let waiting = 0;
    let lastCalled: string | null = null;
    for (const size of LINE_SIZES) {
      await inParallel(size - waiting, async () => void check(await hub.api('POST', '/entries', { serviceId: 'reg', channel: 'kiosk' }), 'enrol'));
      waiting = size;
      const enrol: number[] = [];
      const call: number[] = [];
      for (let i = 0; i < CURVE_SAMPLES; i++) {
        let start = performance.now();
        check(await hub.api('POST', '/entries', { serviceId: 'reg', channel: 'kiosk' }), 'enrol');
        enrol.push(performance.now() - start);
        if (lastCalled) check(await hub.api('POST', `/entries/${lastCalled}/start-serving`), 'start-serving');
        start = performance.now();
        lastCalled = check(await hub.api('POST', '/counters/c3/call-next'), 'call-next').entryId;
        call.push(performance.now() - start);
      }
      lines.push(`${size} waiting in one service: enrolment ${show(stats(enrol))}; call-next ${show(stats(call))}`);
    }
    lines.push(`${CURVE_SAMPLES} of each per size, REST round trips, no remote waiters`);
    return lines;
  });
}

export async function benchWaiters(): Promise<string[]> {
  return [...(await socketSizes()), ...(await lineCurve())];
}
