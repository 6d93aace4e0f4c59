/**
 * Mirror lag: from an event's commit on the hub to a contact-center
 * subscriber on the upstream Mosquitto receiving it, against a plain QoS 1
 * publish through the same Mosquitto (baseline, same run); and the catch-up
 * rate after an outage.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startHub } from '../../hub/app.ts';
import { createLogger } from '../../hub/log.ts';
import { demoSite } from '../../hub/site/demo.ts';
import { startMosquitto } from '../helpers/mosquitto.ts';
import { benchActor, benchConfig, fmt, percentile } from './engine-bench.ts';

const SAMPLES = 500;
const BACKLOG = 5_000;

export async function benchMirror(): Promise<string[]> {
  const upstream = await startMosquitto();
  const dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-bench-mirror-'));
  const site = { ...demoSite(), services: benchConfig().services, mirror: { url: upstream.url, rejectUnauthorized: true } };
  const hub = await startHub({ site, dataDir, httpPort: 0, mqttPort: 0, host: '127.0.0.1', logger: createLogger('error', () => {}), mirrorReconnectMs: 100 });
  const consumer = await mqtt.connectAsync(upstream.url, { clientId: 'bench-cc', clean: false, reconnectPeriod: 100 });
  const arrived = new Map<number, number>();
  let lastSeq = 0;
  consumer.on('message', (topic, payload) => {
    if (!topic.endsWith('/cc/events')) return;
    const { seq } = JSON.parse(payload.toString()) as { seq: number };
    if (!arrived.has(seq)) arrived.set(seq, performance.now());
    lastSeq = Math.max(lastSeq, seq);
  });
  await consumer.subscribeAsync('lobbyline/v1/+/cc/events', { qos: 1 });
  await consumer.subscribeAsync('bench/baseline', { qos: 1 });
  const waitFor = async (seq: number) => {
    while (!arrived.has(seq)) await new Promise((r) => setTimeout(r, 1));
  };
  try {
    const lags: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const result = await hub.engine.execute({ type: 'enroll', serviceId: 'lab', channel: 'phone' }, benchActor);
      if (!result.ok) throw new Error(result.error.message);
      const committedAt = performance.now();
      const seq = hub.engine.state.seq;
      await waitFor(seq);
      lags.push(arrived.get(seq)! - committedAt);
    }
    lags.sort((a, b) => a - b);

    const baseline: number[] = [];
    const publisher = await mqtt.connectAsync(upstream.url, { clientId: 'bench-publisher' });
    for (let i = 0; i < SAMPLES; i++) {
      const got = new Promise<number>((resolve) => consumer.once('message', () => resolve(performance.now())));
      const sent = performance.now();
      await publisher.publishAsync('bench/baseline', JSON.stringify({ seq: i, pad: 'x'.repeat(200) }), { qos: 1 });
      baseline.push((await got) - sent);
    }
    await publisher.endAsync();
    baseline.sort((a, b) => a - b);

    await upstream.stop();
    const before = hub.engine.state.seq;
    await Promise.all(Array.from({ length: BACKLOG }, () => hub.engine.execute({ type: 'enroll', serviceId: 'xray', channel: 'kiosk' }, benchActor)));
    const target = hub.engine.state.seq;
    await upstream.restart();
    const restarted = performance.now();
    await waitFor(target);
    const catchUpSeconds = (arrived.get(target)! - restarted) / 1000;
    const caughtUp = target - before;

    return [
      `mirror lag, commit to upstream subscriber: p50 ${fmt(percentile(lags, 50), 2)} ms, p99 ${fmt(percentile(lags, 99), 2)} ms (${SAMPLES} events)`,
      `plain QoS 1 publish through the same Mosquitto (baseline): p50 ${fmt(percentile(baseline, 50), 2)} ms, p99 ${fmt(percentile(baseline, 99), 2)} ms; ` +
        `mirror p50 is ${fmt(percentile(lags, 50) / percentile(baseline, 50))}x`,
      `catch-up after an outage: ${caughtUp} events in ${fmt(catchUpSeconds, 2)} s from broker restart = ${fmt(caughtUp / catchUpSeconds, 0)} events/s (incl. reconnect)`,
    ];
  } finally {
    await consumer.endAsync(true);
    await hub.close();
    await upstream.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}
