/**
 * Latency from a call-next command to 200 lobby displays receiving the public
 * now-serving update, through the hub (command → commit → retained publish),
 * against Mosquitto relaying a plain publish to the same number of subscribers
 * in the same run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { siteTopics } from '../../hub/contract/index.ts';
import { startHubProcess } from '../helpers/hub-process.ts';
import { fmt } from './engine-bench.ts';
import { measureFanout, mosquittoBaseline, type FanoutResult } from './fanout.ts';

const ROUNDS = 300;
const WARMUP = 10;
const SUBSCRIBERS = 200;

/** The hub runs as its own process, as Mosquitto does, so neither shares a core with the subscribers' event loop. */
async function hubFanout(): Promise<FanoutResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-bench-fanout-'));
  const hub = await startHubProcess(dataDir);
  const topics = siteTopics('demo-clinic');
  const desk = await mqtt.connectAsync(hub.mqttUrl, { username: 'desk-1', password: 'demo-desk-1', clientId: 'bench-desk' });
  try {
    // Counter 2 serves lab and X-ray: enough people for every round.
    for (let i = 0; i < ROUNDS + WARMUP; i++) {
      const enrolled = await hub.api('POST', '/entries', { serviceId: i % 2 ? 'lab' : 'xray', channel: 'kiosk' });
      if (enrolled.status !== 201) throw new Error(enrolled.body.error.message);
    }
    await hub.api('POST', '/counters/c2/status', { status: 'open' });
    // Displays may see the call before the desk sees its reply, so each round waits for the last reply.
    const replies = new Map<string, (entryId: string | null) => void>();
    let lastCall: Promise<string | null> = Promise.resolve(null);
    await desk.subscribeAsync(topics.reply('bench-desk'));
    desk.on('message', (_topic, payload) => {
      const reply = JSON.parse(payload.toString());
      replies.get(reply.id)?.(reply.ok ? reply.result.entryId : null);
    });
    return await measureFanout({
      url: hub.mqttUrl,
      topic: topics.nowServing,
      subscribers: SUBSCRIBERS,
      rounds: ROUNDS,
      warmup: WARMUP,
      // Serve the person called last round, so the next call-next completes them and calls again.
      prepare: async () => {
        const calledEntryId = await lastCall;
        if (calledEntryId) await hub.api('POST', `/entries/${calledEntryId}/start-serving`);
      },
      trigger: async (round) => {
        lastCall = new Promise((resolve) => replies.set(`r${round}`, resolve));
        desk.publish(topics.command('call-next'), JSON.stringify({ id: `r${round}`, counterId: 'c2' }));
      },
    });
  } finally {
    await desk.endAsync(true);
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function benchFanout(): Promise<string[]> {
  const mosquitto = await mosquittoBaseline(ROUNDS, SUBSCRIBERS);
  const hub = await hubFanout();
  const line = (name: string, r: FanoutResult) =>
    `${name}: p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms, max ${fmt(r.max, 2)} ms (${r.samples} deliveries, ${r.timeouts} missed)`;
  return [
    line(`Mosquitto, publish to ${SUBSCRIBERS} subscribers (baseline)`, mosquitto),
    line(`hub, call-next to ${SUBSCRIBERS} displays`, hub),
    `p99 ratio hub / Mosquitto: ${fmt(hub.p99 / mosquitto.p99, 2)} (goal <= 2); p50 ratio ${fmt(hub.p50 / mosquitto.p50, 2)}`,
  ];
}
