/**
 * The browser apps' MQTT connection (web-lib/mqtt-socket.ts) against a
 * real hub's WebSocket endpoint, with the `ws` package standing in for the
 * browser's WebSocket: device sign-in, retained reads at QoS 1, a retained
 * status, the Last Will on close, and refused credentials.
 */
import type { MqttClient } from 'mqtt';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteTopics } from '../../hub/contract/topics.ts';
import type { DeviceStatus, PublicSite } from '../../hub/contract/views.ts';
import { MqttSocket, type MqttSocketEvents, type MqttSocketOptions } from '../../web-lib/mqtt-socket.ts';
import { DEMO_PASSWORDS, startTestHub, type TestHub } from '../helpers/hub.ts';
import { connectClient, nextMessage } from '../helpers/mqtt.ts';

const topics = siteTopics('demo-clinic');
const statusTopic = topics.deviceStatus('display-1');

let hub: TestHub;
let desk: MqttClient;
let url: string;

beforeAll(async () => {
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  hub = await startTestHub();
  url = `${hub.httpUrl.replace(/^http/, 'ws')}/mqtt`;
  desk = await connectClient(hub.mqttUrl, { clientId: 'socket-test-desk', username: 'desk-1', password: DEMO_PASSWORDS['desk-1'] });
  await desk.subscribeAsync(statusTopic, { qos: 1 });
});
afterAll(async () => {
  await desk?.endAsync();
  await hub?.stop();
});

function openSocket(options: Partial<MqttSocketOptions>, events: Partial<MqttSocketEvents>): MqttSocket {
  const socket = new MqttSocket(
    { url, clientId: 'display-1-socket-test', keepaliveSeconds: 15, reconnectMs: 200, connectTimeoutMs: 5_000, ...options },
    { onOpen() {}, onClose() {}, onRefused() {}, onMessage() {}, ...events },
  );
  socket.open();
  return socket;
}

const status = (online: boolean): DeviceStatus => ({ deviceId: 'display-1', online, at: new Date().toISOString() });

describe('browser MQTT socket', () => {
  it('signs in as a device, reads a retained topic, keeps a retained status, and its Last Will reports it gone', async () => {
    let socket: MqttSocket | undefined;
    const site = new Promise<PublicSite>((resolve) => {
      socket = openSocket(
        { username: 'display-1', password: DEMO_PASSWORDS['display-1'], will: { topic: statusTopic, payload: JSON.stringify(status(false)) } },
        {
          onOpen: () => socket?.subscribe([topics.publicSite]),
          onMessage: (topic, payload) => {
            if (topic === topics.publicSite) resolve(JSON.parse(new TextDecoder().decode(payload)) as PublicSite);
          },
        },
      );
    });
    expect((await site).siteId).toBe('demo-clinic');
    expect(socket?.connected).toBe(true);

    const online = nextMessage<DeviceStatus>(desk, statusTopic, (s) => s.online);
    socket?.publish(statusTopic, JSON.stringify(status(true)), { retain: true });
    expect((await online).payload.deviceId).toBe('display-1');

    const gone = nextMessage<DeviceStatus>(desk, statusTopic, (s) => !s.online);
    socket?.close();
    expect((await gone).payload).toMatchObject({ deviceId: 'display-1', online: false });
    expect(socket?.connected).toBe(false);
  });

  it('says the credentials were refused, then that the attempt ended, and never opens', async () => {
    const events: string[] = [];
    let socket: MqttSocket | undefined;
    await new Promise<void>((resolve) => {
      socket = openSocket(
        { username: 'display-1', password: 'wrong-key' },
        {
          onOpen: () => events.push('open'),
          onRefused: () => events.push('refused'),
          onClose: () => {
            events.push('close');
            resolve();
          },
        },
      );
    });
    socket?.close();
    expect(events).toEqual(['refused', 'close']);
  });
});
