import { afterEach, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';

const brokers: MosquittoBroker[] = [];
const clients: MqttClient[] = [];

async function broker(options?: Parameters<typeof startMosquitto>[0]): Promise<MosquittoBroker> {
  const b = await startMosquitto(options);
  brokers.push(b);
  return b;
}

async function connect(url: string, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5_000, ...options });
  clients.push(client);
  return client;
}

function nextMessage(client: MqttClient, topic: string): Promise<{ payload: string; retain: boolean }> {
  return new Promise((resolve) => {
    const onMessage = (t: string, payload: Buffer, packet: mqtt.IPublishPacket) => {
      if (t !== topic) return;
      client.off('message', onMessage);
      resolve({ payload: payload.toString(), retain: packet.retain });
    };
    client.on('message', onMessage);
  });
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true).catch(() => {})));
  await Promise.all(brokers.splice(0).map((b) => b.dispose()));
});

describe('startMosquitto', () => {
  it('relays a message from one real client to another', async () => {
    const b = await broker();
    expect(b.url).toBe(`mqtt://127.0.0.1:${b.port}`);
    const subscriber = await connect(b.url);
    const publisher = await connect(b.url);
    await subscriber.subscribeAsync('lobbyline/test/relay', { qos: 1 });
    const received = nextMessage(subscriber, 'lobbyline/test/relay');
    await publisher.publishAsync('lobbyline/test/relay', 'hello', { qos: 1 });
    expect((await received).payload).toBe('hello');
  });

  it('keeps a retained message across restart() on the same port', async () => {
    const b = await broker();
    const port = b.port;
    const publisher = await connect(b.url);
    await publisher.publishAsync('lobbyline/test/retained', 'kept', { qos: 1, retain: true });
    await publisher.endAsync();

    await b.restart();
    expect(b.port).toBe(port);

    const subscriber = await connect(b.url);
    const received = nextMessage(subscriber, 'lobbyline/test/retained');
    await subscriber.subscribeAsync('lobbyline/test/retained', { qos: 1 });
    expect(await received).toEqual({ payload: 'kept', retain: true });
  });

  it('is unreachable after stop() and back after restart()', async () => {
    const b = await broker();
    await b.stop();
    await expect(mqtt.connectAsync(b.url, { reconnectPeriod: 0, connectTimeout: 1_000 })).rejects.toThrow();
    await b.restart();
    const client = await connect(b.url);
    expect(client.connected).toBe(true);
  });

  it('refuses a wrong password and anonymous clients when users are given', async () => {
    const b = await broker({ users: { hub: 'right-password', other: 'x' } });
    const ok = await connect(b.url, { username: 'hub', password: 'right-password' });
    expect(ok.connected).toBe(true);
    await expect(
      mqtt.connectAsync(b.url, { username: 'hub', password: 'wrong-password', reconnectPeriod: 0, connectTimeout: 5_000 }),
    ).rejects.toThrow(/Not authorized|Bad username or password/i);
    await expect(mqtt.connectAsync(b.url, { reconnectPeriod: 0, connectTimeout: 5_000 })).rejects.toThrow(/Not authorized/i);
  });

  it('restarts after kill() (SIGKILL) on the same port', async () => {
    const b = await broker();
    b.kill();
    await b.restart();
    const client = await connect(b.url);
    expect(client.connected).toBe(true);
  });
});
