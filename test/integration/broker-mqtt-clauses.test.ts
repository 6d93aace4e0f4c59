/**
 * MQTT 3.1.1 rules where aedes on its own differs from the standard, each run
 * against the hub's broker and against Mosquitto as an independent reference:
 * the same client steps must see the same packets from both.
 */
import mqtt, { type IClientOptions, type MqttClient, type IPublishPacket } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { siteTopics } from '../../hub/contract/index.ts';
import { devicePassword, startTestBroker, type TestBroker } from '../helpers/broker.ts';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';
import { closed, nextMessage } from '../helpers/mqtt.ts';

const SITE = 'test-site';
/** How long a positive check may take on a busy machine. */
const WAIT = { timeout: 10_000 };
const topics = siteTopics(SITE);

interface Target {
  url: string;
  /** Credentials of a client that may keep a persistent session and read everything used here. */
  credentials: IClientOptions;
  /** Publishes at QoS 1 as the hub does; resolves once the broker has it. */
  publish(topic: string, payload: object): Promise<void>;
}

let hub: TestBroker;
let mosquitto: MosquittoBroker;
let mosquittoPublisher: MqttClient;
const targets: Record<string, () => Target> = {
  hub: () => ({
    url: hub.url,
    credentials: { username: 'desk-1', password: devicePassword('desk-1') },
    // The hub's own publishes are QoS 1 without a callback; a probe subscriber on the test side sees them land.
    publish: async (topic, payload) => hub.broker.publish(topic, payload),
  }),
  mosquitto: () => ({
    url: mosquitto.url,
    credentials: {},
    publish: async (topic, payload) => void (await mosquittoPublisher.publishAsync(topic, JSON.stringify(payload), { qos: 1 })),
  }),
};

const clients: MqttClient[] = [];

/** Connects and resolves with the client and the CONNACK's Session Present flag. */
function connectSession(target: Target, clientId: string, options: IClientOptions = {}): Promise<{ client: MqttClient; sessionPresent: boolean }> {
  const client = mqtt.connect(target.url, { protocolVersion: 4, reconnectPeriod: 0, clientId, clean: false, ...target.credentials, ...options });
  clients.push(client);
  return new Promise((resolve, reject) => {
    client.once('connect', (connack) => resolve({ client, sessionPresent: connack.sessionPresent }));
    client.once('error', reject);
  });
}

async function leave(client: MqttClient): Promise<void> {
  const gone = closed(client);
  client.end(true);
  await gone;
}

beforeAll(async () => {
  hub = await startTestBroker(SITE);
  mosquitto = await startMosquitto();
  mosquittoPublisher = await mqtt.connectAsync(mosquitto.url, { protocolVersion: 4, reconnectPeriod: 0 });
});

afterAll(async () => {
  mosquittoPublisher.end(true);
  await mosquitto.dispose();
  await hub.broker.close();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.end(true);
});

describe.each(Object.keys(targets))('%s', (name) => {
  it('[MQTT-3.2.2-2] resumes a clean=false session that has no subscriptions with Session Present 1', async () => {
    const target = targets[name]!();
    const clientId = `desk-1-empty-${name}`;
    const first = await connectSession(target, clientId);
    expect(first.sessionPresent).toBe(false);
    await leave(first.client);
    const again = await connectSession(target, clientId);
    expect(again.sessionPresent).toBe(true);
  });

  it('[MQTT-3.3.1-1] sets DUP on a QoS 1 message sent again after a reconnect because it was never acknowledged', async () => {
    const target = targets[name]!();
    const clientId = `desk-1-dup-${name}`;
    const received: IPublishPacket[] = [];
    const first = await connectSession(target, clientId);
    // mqtt.js sends PUBACK when handleMessage calls back (its documented hook for backpressure): this one never does.
    first.client.handleMessage = (packet) => void received.push(packet as IPublishPacket);
    await first.client.subscribeAsync(topics.events, { qos: 1 });
    await target.publish(topics.events, { seq: 1 });
    await vi.waitFor(() => expect(received).toHaveLength(1), WAIT);
    expect(received[0]!.dup).toBe(false);
    await leave(first.client);

    const again = mqtt.connect(target.url, { protocolVersion: 4, reconnectPeriod: 0, clientId, clean: false, ...target.credentials });
    clients.push(again);
    const resent = await new Promise<IPublishPacket>((resolve) => again.once('message', (_topic, _payload, packet) => resolve(packet)));
    expect(JSON.parse(resent.payload.toString())).toEqual({ seq: 1 });
    expect(resent.dup).toBe(true);
  });

  it.each([
    ['QoS 0 filter first', [topics.publicAll, 0], [topics.nowServing, 1]],
    ['QoS 1 filter first', [topics.nowServing, 1], [topics.publicAll, 0]],
  ] as const)('[MQTT-3.3.5-1] delivers a message matching overlapping subscriptions once, at the highest QoS (%s)', async (_order, a, b) => {
    const target = targets[name]!();
    const { client } = await connectSession(target, `desk-1-overlap-${name}`, { clean: true });
    await client.subscribeAsync(a[0], { qos: a[1] });
    await client.subscribeAsync(b[0], { qos: b[1] });
    const nowServing: IPublishPacket[] = [];
    client.on('message', (topic, _payload, packet) => {
      if (topic === topics.nowServing) nowServing.push(packet);
    });
    await target.publish(topics.nowServing, { ticket: 'A1' });
    // Sent after it on a topic only public/# matches: once it is here, any second copy would be too.
    const marker = nextMessage(client, topics.publicSite);
    await target.publish(topics.publicSite, { marker: true });
    await marker;
    expect(nowServing.map((packet) => packet.qos)).toEqual([1]);
  });
});
