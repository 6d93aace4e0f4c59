/**
 * Fan-out to lobby displays: from a REST call-next until every display has
 * the public now-serving update, through the hub (command → durable commit →
 * retained publish), against Mosquitto relaying one retained publish to the
 * same number of subscribers in the same run. Both at QoS 1, as the TVs
 * subscribe; the hub's subscribers also follow the site and every service, as
 * a lobby screen does, so they get each call's service update too. Runs
 * alternate between the two brokers, and each reports its process's CPU time
 * per call (the hub's includes the start-serving before each call).
 *
 * LOBBYLINE_BENCH_FANOUT_RUNS (default 3) sets how many pairs of runs at 200
 * subscribers; LOBBYLINE_BENCH_CPU_PROF=DIR writes the hub's CPU profiles there.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { siteTopics } from '../../hub/contract/index.ts';
import { demoSite } from '../../hub/site/demo.ts';
import { startProductionHub } from './production-hub.ts';
import { fmt } from './engine-bench.ts';
import { measureFanout, mosquittoBaseline, type FanoutResult } from './fanout.ts';

const WARMUP = 10;
/** Subscribers and measured rounds of each size; 1,000 is run once, for its CPU figure above all. */
const SIZES = [
  { subscribers: 200, rounds: 300 },
  { subscribers: 1_000, rounds: 100 },
];

/** The hub runs as its own process, as Mosquitto does, so neither shares a core with the subscribers' event loop. */
async function hubFanout(subscribers: number, rounds: number): Promise<FanoutResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-bench-fanout-'));
  const hub = await startProductionHub(dataDir);
  const topics = siteTopics('demo-clinic');
  const services = demoSite().services.map((s) => topics.service(s.id));
  try {
    // Counter 2 serves lab and X-ray: enough people for every round.
    for (let i = 0; i < rounds + WARMUP; i++) {
      const enrolled = await hub.api('POST', '/entries', { serviceId: i % 2 ? 'lab' : 'xray', channel: 'kiosk' });
      if (enrolled.status !== 201) throw new Error(enrolled.body.error.message);
    }
    await hub.api('POST', '/counters/c2/status', { status: 'open' });
    // Displays may see the call before its REST reply arrives, so each round waits for the last reply.
    let lastCall: Promise<string | null> = Promise.resolve(null);
    return await measureFanout({
      url: hub.mqttUrl,
      topic: topics.nowServing,
      alsoSubscribe: [topics.publicSite, ...services],
      subscribers,
      rounds,
      warmup: WARMUP,
      brokerPid: hub.child.pid!,
      // Serve the person called last round, so the next call-next completes them and calls again.
      prepare: async () => {
        const calledEntryId = await lastCall;
        if (calledEntryId) await hub.api('POST', `/entries/${calledEntryId}/start-serving`);
      },
      trigger: async () => {
        lastCall = hub.api('POST', '/counters/c2/call-next').then((called) => (called.status === 200 ? called.body.entryId : null));
      },
    });
  } finally {
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function runs(): number {
  const value = Number(process.env.LOBBYLINE_BENCH_FANOUT_RUNS ?? 3);
  if (!Number.isInteger(value) || value < 1) throw new Error('LOBBYLINE_BENCH_FANOUT_RUNS must be a whole number of at least 1');
  return value;
}

const range = (values: number[], digits: number) =>
  Math.min(...values) === Math.max(...values) ? fmt(values[0]!, digits) : `${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)}`;

export async function benchFanout(): Promise<string[]> {
  const lines: string[] = [];
  const line = (name: string, r: FanoutResult) =>
    `${name}: last display p50 ${fmt(r.lastP50, 1)} / p99 ${fmt(r.lastP99, 1)} ms; every delivery p50 ${fmt(r.p50, 1)} / p99 ${fmt(r.p99, 1)} ms; ` +
    `CPU ${fmt(r.cpuMsPerRound ?? Number.NaN, 2)} ms per call (${r.samples} deliveries, ${r.timeouts} missed)`;
  for (const { subscribers, rounds } of SIZES) {
    const pairs = subscribers === SIZES[0]!.subscribers ? runs() : 1;
    const ratios = { lastP50: [] as number[], lastP99: [] as number[], p99: [] as number[], cpu: [] as number[] };
    for (let run = 1; run <= pairs; run++) {
      const mosquitto = await mosquittoBaseline(rounds, subscribers);
      const hub = await hubFanout(subscribers, rounds);
      lines.push(line(`${subscribers} subscribers, run ${run}: Mosquitto, one retained publish (baseline)`, mosquitto));
      lines.push(line(`${subscribers} subscribers, run ${run}: hub, REST call-next with its commit`, hub));
      ratios.lastP50.push(hub.lastP50 / mosquitto.lastP50);
      ratios.lastP99.push(hub.lastP99 / mosquitto.lastP99);
      ratios.p99.push(hub.p99 / mosquitto.p99);
      ratios.cpu.push(hub.cpuMsPerRound! / mosquitto.cpuMsPerRound!);
    }
    lines.push(
      `${subscribers} subscribers, hub / Mosquitto over ${pairs} run${pairs > 1 ? 's' : ''}: last display p99 ${range(ratios.lastP99, 2)} (goal <= 1.5), ` +
        `p50 ${range(ratios.lastP50, 2)}; every delivery p99 ${range(ratios.p99, 2)}; CPU per call ${range(ratios.cpu, 1)}`,
    );
  }
  return lines;
}
