/**
 * Fan-out latency: N MQTT subscribers on one topic; per round, the time from just before the trigger
 * (a publish, or a call-next on the hub) until each subscriber receives the next message on the
 * topic. Every round yields up to N samples, and one "last" sample: when the last subscriber had it,
 * which is when every screen shows the call. `npx tsx test/bench/fanout.ts` runs the Mosquitto baseline.
 *
 * All subscribers live in this one Node process, so a sample includes this process's work decoding the
 * other subscribers' packets; that cost is the same whichever broker is measured.
 */
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import mqtt from 'mqtt';
import type { IClientOptions, MqttClient } from 'mqtt';
import { startMosquitto } from '../helpers/mosquitto.ts';
import { processCpuNs } from './process-cpu.ts';

export interface FanoutOptions {
  url: string;
  topic: string;
  /** Other topics every subscriber follows too, as a lobby screen does (their messages are not timed). */
  alsoSubscribe?: string[];
  /** QoS of every subscription; default 1, as lobby screens subscribe (web-lib/mqtt-socket.ts). */
  qos?: 0 | 1;
  /** Default 200. */
  subscribers?: number;
  /** Measured rounds, default 300. */
  rounds?: number;
  /**
   * Makes one message appear on `topic`. Called with a 0-based counter over all rounds, warmup included:
   * warmup rounds are 0..warmup-1, measured rounds warmup..warmup+rounds-1.
   */
  trigger: (round: number) => Promise<void>;
  /** Untimed set-up before each round's trigger (e.g. serving the last person so a counter can call again). */
  prepare?: (round: number) => Promise<void>;
  /** Options for every subscriber connection (credentials, protocolVersion...). clientId gets a suffix. */
  connectOptions?: IClientOptions;
  /** Unmeasured rounds first, default 10. */
  warmup?: number;
  /** Per-round wait for all subscribers, default 5000 ms. */
  roundTimeoutMs?: number;
  /** The broker's process: its CPU time over the measured rounds (prepare included) is reported per round. */
  brokerPid?: number;
}

export interface FanoutResult {
  /** Latencies in ms. */
  p50: number;
  p99: number;
  max: number;
  /** Per round, when the last subscriber had the message: p50 and p99 over the rounds. */
  lastP50: number;
  lastP99: number;
  /** The broker process's CPU time per measured round (ms), when its pid was given. */
  cpuMsPerRound?: number;
  /** Deliveries measured (subscribers x rounds - timeouts). */
  samples: number;
  /** Deliveries that did not arrive within the round timeout (not in the percentiles). */
  timeouts: number;
  /** Rounds in which at least one subscriber timed out. */
  timedOutRounds: number;
}

const CONNECT_BATCH = 50;
const QUIET_MS = 150;
const QUIET_MAX_MS = 3_000;

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureFanout(opts: FanoutOptions): Promise<FanoutResult> {
  const n = opts.subscribers ?? 200;
  const rounds = opts.rounds ?? 300;
  const warmup = opts.warmup ?? 10;
  const roundTimeoutMs = opts.roundTimeoutMs ?? 5_000;
  const qos = opts.qos ?? 1;
  const runId = randomBytes(4).toString('hex');
  const clients: MqttClient[] = [];

  // Current round: start time and which subscribers already received.
  let t0 = 0;
  let active = false;
  let received = new Uint8Array(n);
  let receivedCount = 0;
  let latencies: number[] = [];
  let allReceived: (() => void) | undefined;
  let lastStrayAt = 0;

  const onMessage = (index: number) => (topic: string) => {
    if (topic !== opts.topic) return;
    const now = performance.now();
    if (!active) {
      lastStrayAt = now; // retained message on subscribe, or a straggler after a timeout
      return;
    }
    if (received[index]) return;
    received[index] = 1;
    receivedCount++;
    latencies.push(now - t0);
    if (receivedCount === n) allReceived?.();
  };

  try {
    for (let start = 0; start < n; start += CONNECT_BATCH) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(CONNECT_BATCH, n - start) }, async (_, k) => {
          const index = start + k;
          const client = await mqtt.connectAsync(opts.url, {
            reconnectPeriod: 0,
            connectTimeout: 10_000,
            ...opts.connectOptions,
            clientId: `${opts.connectOptions?.clientId ?? 'fanout'}-${runId}-${index}`,
          });
          clients.push(client);
          client.on('message', onMessage(index));
          return client;
        }),
      );
      await Promise.all(batch.map((client) => client.subscribeAsync([opts.topic, ...(opts.alsoSubscribe ?? [])], { qos })));
    }

    // Let any retained message (delivered right after SUBACK) drain before measuring.
    lastStrayAt = performance.now();
    const quietDeadline = performance.now() + QUIET_MAX_MS;
    while (performance.now() - lastStrayAt < QUIET_MS && performance.now() < quietDeadline) await sleep(25);

    const samples: number[] = [];
    const lastSamples: number[] = [];
    let cpuAtStart = 0;
    let timeouts = 0;
    let timedOutRounds = 0;
    for (let round = 0; round < warmup + rounds; round++) {
      if (round === warmup && opts.brokerPid !== undefined) cpuAtStart = await processCpuNs(opts.brokerPid);
      received = new Uint8Array(n);
      receivedCount = 0;
      latencies = [];
      let timer: NodeJS.Timeout | undefined;
      const done = new Promise<void>((resolve) => {
        allReceived = resolve;
        timer = setTimeout(resolve, roundTimeoutMs);
      });
      await opts.prepare?.(round);
      active = true;
      t0 = performance.now();
      await opts.trigger(round);
      await done;
      clearTimeout(timer);
      active = false;
      allReceived = undefined;
      if (round < warmup) continue;
      for (const latency of latencies) samples.push(latency);
      if (receivedCount === n) lastSamples.push(latencies[n - 1]!);
      if (receivedCount < n) {
        timeouts += n - receivedCount;
        timedOutRounds++;
      }
    }

    const cpuNs = opts.brokerPid === undefined ? undefined : (await processCpuNs(opts.brokerPid)) - cpuAtStart;
    samples.sort((a, b) => a - b);
    lastSamples.sort((a, b) => a - b);
    return {
      p50: percentile(samples, 0.5),
      p99: percentile(samples, 0.99),
      max: samples.length ? samples[samples.length - 1]! : Number.NaN,
      lastP50: percentile(lastSamples, 0.5),
      lastP99: percentile(lastSamples, 0.99),
      ...(cpuNs !== undefined && { cpuMsPerRound: cpuNs / 1e6 / rounds }),
      samples: samples.length,
      timeouts,
      timedOutRounds,
    };
  } finally {
    await Promise.all(clients.map((client) => client.endAsync(true).catch(() => {})));
  }
}

/** ~200-byte JSON, shaped like a "ticket called" display update. */
function payload(round: number): string {
  const body = {
    type: 'ticket.called',
    site: 'bench-site',
    queue: 'general',
    ticket: `A${String(round % 1000).padStart(3, '0')}`,
    counter: 'desk-1',
    round,
    calledAt: new Date().toISOString(),
    waiting: 17,
    pad: '',
  };
  const base = JSON.stringify(body).length;
  body.pad = 'x'.repeat(Math.max(0, 200 - base));
  return JSON.stringify(body);
}

/** Fan-out through a fresh Mosquitto: a separate publisher publishes a retained QoS 1 payload per round. */
export async function mosquittoBaseline(rounds = 300, subscribers = 200): Promise<FanoutResult> {
  const broker = await startMosquitto();
  let publisher: MqttClient | undefined;
  try {
    publisher = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0, clientId: 'fanout-publisher' });
    const topic = 'lobbyline/bench/display/board-1';
    const pub = publisher;
    return await measureFanout({
      url: broker.url,
      topic,
      subscribers,
      rounds,
      brokerPid: broker.pid(),
      trigger: async (round) => {
        await pub.publishAsync(topic, payload(round), { qos: 1, retain: true });
      },
    });
  } finally {
    await publisher?.endAsync(true).catch(() => {});
    await broker.dispose();
  }
}

const isMain = (() => {
  try {
    return !!process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
})();

if (isMain) {
  const subscribers = 200;
  const result = await mosquittoBaseline(300, subscribers);
  console.log(`mosquitto fan-out ${subscribers} subs: p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms; last subscriber p50 ${result.lastP50.toFixed(2)} ms, p99 ${result.lastP99.toFixed(2)} ms`);
  console.log(
    `  (max ${result.max.toFixed(2)} ms, ${result.samples} samples, ${result.timeouts} timed-out deliveries in ${result.timedOutRounds} rounds)`,
  );
}
