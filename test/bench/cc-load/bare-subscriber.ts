/**
 * The baseline beside the console: a bare mqtt.js subscriber with the same
 * session options, QoS and topic filters, that parses each event to take its
 * lag and counts it, and does nothing else. Configured through
 * LOBBYLINE_BENCH_CC_PROCESS (JSON), as the console process is.
 */
import mqtt from 'mqtt';
import { TOPIC_ROOT, upstreamSessionOptions, type UpstreamEvent } from '../../../hub/contract/index.ts';
import { measuredProcess } from './measured-process.ts';

const KINDS = ['events', 'replayed', 'state', 'status', 'callbacks', 'replies'];
const config = JSON.parse(process.env.LOBBYLINE_BENCH_CC_PROCESS ?? '{}') as { url: string; clientId: string };
const measured = measuredProcess();
const client = await mqtt.connectAsync(config.url, upstreamSessionOptions({ clientId: config.clientId, urls: [config.url], reconnectPeriodMs: 200 }));
client.on('message', (topic, payload) => {
  if (topic.endsWith('/cc/events') || topic.endsWith('/cc/replayed')) measured.took([JSON.parse(payload.toString('utf8')) as UpstreamEvent]);
});
await client.subscribeAsync(
  KINDS.map((kind) => `${TOPIC_ROOT}/+/cc/${kind}`),
  { qos: 1 },
);
measured.ready({});
