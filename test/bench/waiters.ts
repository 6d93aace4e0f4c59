/**
 * Remote waiters and the lobby path, against the hub as its own process.
 *
 * 1. Call-next with 1,000 / 5,000 / 10,000 remote waiters joined through
 *    /wait/api/join, each with its live status socket open: how long until
 *    every waiter has its new place (p50/p99 over the rounds), and the REST
 *    reply to call-next and the lobby TV's now-serving message beside the same
 *    figures with no remote waiters, measured first in the same run. Hub RSS
 *    at each size. The phones run in a process of their own (waiter-phones.ts),
 *    as they are not the TV: the TV's figure is then the hub's, not this
 *    process's backlog of 10,000 messages.
 * 2. The line-length curve: enrolment and call-next latency with 100, 1,000
 *    and 5,000 people waiting in one service (no sockets).
 *
 * LOBBYLINE_BENCH_WAITERS=1000,5000 scales the socket sizes down on a machine
 * that cannot hold 10,000 open sockets in each of two processes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { siteTopics } from '../../hub/contract/index.ts';
import type { HubProcess } from '../helpers/hub-process.ts';
import { memoryProbe, startProductionHub } from './production-hub.ts';
import { testSite } from '../helpers/hub.ts';
import { fmt, percentile } from './engine-bench.ts';
import type { PhonesReply, PhonesRequest } from './waiter-phones.ts';

const SOCKET_SIZES = (process.env.LOBBYLINE_BENCH_WAITERS ?? '1000,5000,10000').split(',').map(Number);
const LINE_SIZES = [100, 1_000, 5_000];
const ROUNDS = 20;
const WARMUP = 2;
const CURVE_SAMPLES = 30;
const PARALLEL = 16;
const ROUND_TIMEOUT_MS = 30_000;

async function withHub<T>(name: string, body: (hub: HubProcess, memory: () => Promise<string>) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), `lobbyline-bench-${name}-`));
  const site = testSite();
  site.services = site.services.map((s) => ({ ...s, maxWaiting: 100_000 }));
  site.remoteWait = { ...site.remoteWait, joinsPerClient: 1_000_000, joinsPerSite: 1_000_000, maxRemotePerService: 100_000 };
  const sitePath = join(dataDir, 'site.json');
  await writeFile(sitePath, JSON.stringify(site));
  const probe = memoryProbe(dataDir);
  const hub = await startProductionHub(dataDir, { sitePath, ...probe.launch });
  const memory = async () => {
    const m = await probe.read(hub);
    return `hub RSS ${fmt(m.rssMb, 0)} MB (${fmt(m.rssAfterGcMb, 0)} MB after a full GC; V8 heap ${fmt(m.heapMb, 0)} MB used of ${fmt(m.heapTotalMb, 0)}, buffers ${fmt(m.externalMb, 0)} MB)`;
  };
  try {
    return await body(hub, memory);
  } finally {
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
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

/** The phones' process (waiter-phones.ts): one request at a time, answered in order. */
class Phones {
  private readonly child: ChildProcess;
  private readonly waiting: ((reply: PhonesReply) => void)[] = [];
  private onAllIn: ((last: number) => void) | null = null;

  constructor() {
    this.child = fork(new URL('./waiter-phones.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (reply: PhonesReply) => {
      if (reply.type === 'allIn') this.onAllIn?.(reply.last);
      else this.waiting.shift()?.(reply);
    });
  }

  private ask(request: PhonesRequest): Promise<PhonesReply> {
    return new Promise((resolve, reject) => {
      this.waiting.push((reply) => (reply.type === 'failed' ? reject(new Error(`the phones: ${reply.message}`)) : resolve(reply)));
      this.child.send(request);
    });
  }

  open(base: string, tokens: { ticket: string; token: string }[]) {
    return this.ask({ type: 'open', base, tokens, parallel: PARALLEL });
  }

  /** Resolves when the round is armed; `allIn` then resolves with when the last phone heard from the hub. */
  async arm(): Promise<{ allIn: Promise<number> }> {
    const allIn = new Promise<number>((resolve) => (this.onAllIn = resolve));
    await this.ask({ type: 'arm' });
    return { allIn };
  }

  leave(ticket: string): void {
    this.child.send({ type: 'leave', ticket } satisfies PhonesRequest);
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'close' } satisfies PhonesRequest);
    await exited;
  }
}

/** Milliseconds on the clock the phones' process shares (performance.now() differs between processes). */
const sharedNow = () => performance.timeOrigin + performance.now();

/** The lobby TV (here) and the phones (their own process), and rounds of call-next on c1 (lab), serving the one called before. */
class Floor {
  private readonly tickets = new Map<string, string>();
  private readonly phones = new Phones();
  private tvSeen: ((at: number) => void) | null = null;
  private lastCalled: string | null = null;
  private joins = 0;

  private constructor(
    private readonly hub: HubProcess,
    private readonly tv: mqtt.MqttClient,
  ) {
    tv.on('message', (_topic, _payload, packet) => {
      if (!packet.retain) this.tvSeen?.(sharedNow());
    });
  }

  static async open(hub: HubProcess): Promise<Floor> {
    const tv = await mqtt.connectAsync(hub.mqttUrl, { clientId: 'bench-tv' });
    await tv.subscribeAsync(siteTopics('demo-clinic').nowServing, { qos: 1 });
    return new Floor(hub, tv);
  }

  async close(): Promise<void> {
    await this.phones.close();
    await this.tv.endAsync(true);
  }

  /**
   * Joins remote waiters in lab until `size` are waiting, each with its status
   * socket open and its first view received. The sockets are closed while
   * people join and all opened again after: joins with thousands connected cost
   * the hub a pass over every socket each, which is not what this measures.
   */
  async joinUpTo(size: number): Promise<void> {
    await this.phones.open(this.hub.base, []);
    await inParallel(size - this.tickets.size, async () => {
      const response = await fetch(`${this.hub.base}/wait/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serviceId: 'lab', language: 'en', requestId: `bench-join-${++this.joins}` }),
      });
      const joined = (await response.json()) as { ticket: string; token: string };
      if (response.status !== 201 && response.status !== 200) throw new Error(`join: ${response.status} ${JSON.stringify(joined)}`);
      this.tickets.set(joined.ticket, joined.token);
    });
    await this.phones.open(this.hub.base, [...this.tickets].map(([ticket, token]) => ({ ticket, token })));
  }

  /** One call-next: REST reply, TV now-serving, and (with waiters) the last waiter's new view, in ms from the call. */
  async round(): Promise<{ reply: number; tv: number; allWaiters: number | null }> {
    if (this.lastCalled) check(await this.hub.api('POST', `/entries/${this.lastCalled}/start-serving`), 'start-serving');
    const waiters = this.tickets.size;
    const { allIn } = await this.phones.arm();
    const tv = new Promise<number>((resolve) => (this.tvSeen = resolve));
    const start = sharedNow();
    const called = check(await this.hub.api('POST', '/counters/c1/call-next'), 'call-next');
    const reply = sharedNow() - start;
    const timeout = (what: string) => new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not arrive`)), ROUND_TIMEOUT_MS).unref());
    const tvAt = await Promise.race([tv, timeout('now-serving')]);
    const last = waiters ? await Promise.race([allIn, timeout("the waiters' views")]) : 0;
    this.tvSeen = null;
    this.lastCalled = called.entryId;
    // The person called has left the line: their page is done for this bench.
    if (this.tickets.delete(called.ticket)) this.phones.leave(called.ticket);
    return { reply, tv: tvAt - start, allWaiters: waiters ? last - start : null };
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
  return withHub('waiters', async (hub, memory) => {
    const lines: string[] = [];
    const floor = await Floor.open(hub);
    try {
      check(await hub.api('POST', '/counters/c1/status', { status: 'open' }), 'open c1');
      await inParallel(WARMUP + ROUNDS, async () => void check(await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' }), 'enrol'));
      const base = await floor.rounds();
      const baseReply = stats(base.reply);
      const baseTv = stats(base.tv);
      lines.push(`no remote waiters (baseline): call-next REST reply ${show(baseReply)}; TV now-serving ${show(baseTv)}; ${await memory()}`);
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
          `${size} waiters with live sockets: call-next -> all waiters ${show(all)} (goal p99 <= 500 ms); ${await memory()} (goal RSS <= 300 MB); joined and connected (all sockets again) in ${fmt(joinSeconds)} s`,
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
