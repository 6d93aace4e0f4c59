/**
 * Strangers on the lobby network against the hub's broker: they may read the
 * public topics, but may neither grow its memory with sessions and queues nor
 * take a device's client id. Real aedes on an ephemeral port, real mqtt.js
 * clients and Debian's mosquitto_sub.
 */
import { execFile } from 'node:child_process';
import { connect as netConnect, type Socket } from 'node:net';
import { promisify } from 'node:util';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONNECTS_IN_FLIGHT } from '../../hub/broker/connection-pacer.ts';
import { siteTopics } from '../../hub/contract/index.ts';
import { devicePassword, startTestBroker, type TestBroker } from '../helpers/broker.ts';
import { closed, connectClient, nextMessage, tryConnect } from '../helpers/mqtt.ts';

const SITE = 'test-site';
/** How long a positive check may take on a busy machine. */
const WAIT = { timeout: 10_000 };
const topics = siteTopics(SITE);
const execFileAsync = promisify(execFile);

let hub: TestBroker;
const clients: MqttClient[] = [];

async function connect(options: Parameters<typeof connectClient>[1]): Promise<MqttClient> {
  const client = await connectClient(hub.url, options);
  clients.push(client);
  return client;
}

const asDevice = (deviceId: string, clientId: string) => ({ clientId, username: deviceId, password: devicePassword(deviceId) });

/** Runs mosquitto_sub against the hub; resolves with its exit code and what it printed. */
async function mosquittoSub(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(hub.broker.port), '-V', 'mqttv311', ...args]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

beforeEach(async () => {
  hub = await startTestBroker(SITE, { maxQueuedMessages: 5, sessionExpiryMs: 60_000 });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.end(true);
  await hub.broker.close();
});

describe('anonymous readers cannot grow the hub’s memory', () => {
  it('refuses an anonymous persistent session with 5 (not authorized) and accepts the same reader with a clean session', async () => {
    const persistent = await tryConnect(hub.url, { clientId: 'ghost-1', clean: false });
    expect(persistent).toMatchObject({ ok: false, returnCode: 5 });
    const clean = await connect({ clientId: 'ghost-1', clean: true });
    expect(clean.connected).toBe(true);
  });

  it('keeps no session and queues nothing for a crowd of anonymous ghosts (mosquitto_sub -c -q 1 as in the report)', async () => {
    const ghost = await mosquittoSub(['-i', 'ghost-0', '-c', '-q', '1', '-t', topics.publicAll, '-W', '1']);
    expect(ghost.output).toMatch(/not authori[sz]ed/i);
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => tryConnect(hub.url, { clientId: `ghost-${i + 1}`, clean: false })));
    expect(outcomes.filter((outcome) => outcome.ok)).toEqual([]);

    // One real persistent session, offline, to see each message reach the offline queues.
    const desk = await connect({ ...asDevice('desk-1', 'desk-1-test'), clean: false });
    await desk.subscribeAsync(topics.publicAll, { qos: 1 });
    desk.end(true);
    await closed(desk);
    for (let i = 0; i < 20; i++) hub.broker.publishRetained(topics.service(`s${i}`), { waiting: i });

    await vi.waitFor(() => expect(hub.broker.sessionCounts().droppedMessages).toBe(15), WAIT);
    expect(hub.broker.sessionCounts()).toEqual({ sessions: 1, queuedMessages: 5, droppedMessages: 15 });
  });

  it('bounds an offline device’s queue at the limit, keeping the oldest messages, and delivers them on its return', async () => {
    const desk = await connect({ ...asDevice('desk-1', 'desk-1-test'), clean: false });
    await desk.subscribeAsync(topics.events, { qos: 1 });
    desk.end(true);
    await closed(desk);
    for (let seq = 1; seq <= 12; seq++) hub.broker.publish(topics.events, { seq });
    await vi.waitFor(() => expect(hub.broker.sessionCounts().droppedMessages).toBe(7), WAIT);
    expect(hub.broker.sessionCounts().queuedMessages).toBe(5);

    // Listening before CONNACK: the queue follows it at once.
    const back = mqtt.connect(hub.url, { protocolVersion: 4, reconnectPeriod: 0, ...asDevice('desk-1', 'desk-1-test'), clean: false });
    clients.push(back);
    const received: number[] = [];
    back.on('message', (_topic, payload) => received.push(JSON.parse(payload.toString()).seq));
    await vi.waitFor(() => expect(received).toHaveLength(5), WAIT);
    expect(received).toEqual([1, 2, 3, 4, 5]);
    await vi.waitFor(() => expect(hub.broker.sessionCounts().queuedMessages).toBe(0), WAIT);
  });

  it('disconnects a connected device that leaves a full queue unacknowledged; it gets the queue again when it returns', async () => {
    const desk = await connect({ ...asDevice('desk-1', 'desk-1-test'), clean: false });
    // mqtt.js acknowledges when handleMessage calls back: this one never does.
    desk.handleMessage = () => {};
    await desk.subscribeAsync(topics.events, { qos: 1 });
    const dropped = closed(desk, 10_000);
    for (let seq = 1; seq <= 6; seq++) hub.broker.publish(topics.events, { seq });
    await dropped;
    expect(hub.broker.sessionCounts()).toMatchObject({ queuedMessages: 5, droppedMessages: 1 });
    expect(hub.logs.find((line) => line.message === 'MQTT client dropped')?.fields.error).toBe(
      '5 messages to this client are unacknowledged; it is disconnected and gets them again when it returns',
    );

    const back = mqtt.connect(hub.url, { protocolVersion: 4, reconnectPeriod: 0, ...asDevice('desk-1', 'desk-1-test'), clean: false });
    clients.push(back);
    const received: { seq: number; dup: boolean }[] = [];
    back.on('message', (_topic, payload, packet) => received.push({ seq: JSON.parse(payload.toString()).seq, dup: packet.dup }));
    await vi.waitFor(() => expect(received).toHaveLength(5), WAIT);
    expect(received).toEqual([1, 2, 3, 4, 5].map((seq) => ({ seq, dup: true })));
  });

  it('removes a persistent session with its queue once its client has been gone longer than the expiry, and not before', async () => {
    const desk = await connect({ ...asDevice('desk-1', 'desk-1-test'), clean: false });
    await desk.subscribeAsync(topics.events, { qos: 1 });
    desk.end(true);
    await closed(desk);
    hub.broker.publish(topics.events, { seq: 1 });
    await vi.waitFor(() => expect(hub.broker.sessionCounts().queuedMessages).toBe(1), WAIT);

    hub.clock.now += 59_000;
    expect(await hub.broker.expireSessions()).toEqual([]);
    hub.clock.now += 1_000;
    expect(await hub.broker.expireSessions()).toEqual(['desk-1-test']);
    expect(hub.broker.sessionCounts()).toMatchObject({ sessions: 0, queuedMessages: 0 });

    const back = await tryConnect(hub.url, { ...asDevice('desk-1', 'desk-1-test'), clean: false });
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    clients.push(back.client);
    expect(back.client.connected).toBe(true);
    await vi.waitFor(() => expect(hub.broker.sessionCounts().sessions).toBe(1), WAIT);
  });

  it('never expires the session of a client that is connected', async () => {
    await connect({ ...asDevice('desk-1', 'desk-1-test'), clean: false });
    hub.clock.now += 10 * 60_000;
    expect(await hub.broker.expireSessions()).toEqual([]);
    expect(hub.broker.sessionCounts().sessions).toBe(1);
  });
});

describe('a device’s client ids belong to that device', () => {
  it('refuses a stranger who takes kiosk-1-agent first (mosquitto_sub, as in the report), and the kiosk still gets in', async () => {
    const stranger = await mosquittoSub(['-i', 'kiosk-1-agent', '-t', topics.publicAll, '-W', '2']);
    expect(stranger.output).toMatch(/identifier rejected/i);
    const kiosk = await connect(asDevice('kiosk-1', 'kiosk-1-agent'));
    expect(kiosk.connected).toBe(true);
  });

  it('does not let a stranger take over the id of a device that is connected: the device keeps its connection', async () => {
    const kiosk = await connect(asDevice('kiosk-1', 'kiosk-1-agent'));
    await kiosk.subscribeAsync(topics.deviceJobs('kiosk-1'), { qos: 1 });

    expect(await tryConnect(hub.url, { clientId: 'kiosk-1-agent' })).toMatchObject({ ok: false, returnCode: 2 });
    expect(await tryConnect(hub.url, { ...asDevice('kiosk-2', 'kiosk-1-agent') })).toMatchObject({ ok: false, returnCode: 2 });
    expect(await tryConnect(hub.url, { clientId: 'button-c1' })).toMatchObject({ ok: false, returnCode: 2 });

    const job = nextMessage(kiosk, topics.deviceJobs('kiosk-1'));
    hub.broker.publish(topics.deviceJobs('kiosk-1'), { job: 1 });
    expect((await job).payload).toEqual({ job: 1 });
    expect(kiosk.connected).toBe(true);
  });

  it('lets the device itself take its session over from its own earlier connection [MQTT-3.1.4-2]', async () => {
    const first = await connect(asDevice('button-c1', 'button-c1'));
    const firstClosed = closed(first);
    const second = await connect(asDevice('button-c1', 'button-c1'));
    await firstClosed;
    expect(second.connected).toBe(true);
  });

  it('leaves ids that name no device to whoever comes', async () => {
    const reader = await connect({ clientId: 'lobby-tv-7' });
    expect(reader.connected).toBe(true);
  });
});

describe('a crowd connecting at once (CONNECTs are paced, hub/broker/connection-pacer.ts)', () => {
  it('answers every CONNECT of a crowd several times the number in flight, refusals included, and the devices get in', async () => {
    const readers = Array.from({ length: 5 * CONNECTS_IN_FLIGHT }, (_, i) => tryConnect(hub.url, { clientId: `tv-${i}`, reconnectPeriod: 0 }));
    const wrong = Array.from({ length: 3 }, (_, i) => tryConnect(hub.url, { clientId: `guess-${i}`, username: 'kiosk-2', password: 'not-the-password', reconnectPeriod: 0 }));
    const kiosk = tryConnect(hub.url, { ...asDevice('kiosk-1', 'kiosk-1-agent'), reconnectPeriod: 0 });
    const outcomes = await Promise.all([...readers, kiosk]);
    for (const outcome of outcomes) if (outcome.ok) clients.push(outcome.client);
    expect(outcomes.filter((outcome) => !outcome.ok)).toEqual([]);
    expect((await Promise.all(wrong)).map((outcome) => outcome.ok)).toEqual([false, false, false]);
  });

  it('gives no place to connections that never send CONNECT: a device still gets in while they hang', async () => {
    const silent = await Promise.all(
      Array.from({ length: 3 * CONNECTS_IN_FLIGHT }, () => new Promise<Socket>((resolve) => {
        const socket = netConnect(hub.broker.port, '127.0.0.1', () => resolve(socket));
      })),
    );
    try {
      // Half of them send the first bytes of a CONNECT and stop there.
      for (const socket of silent.slice(0, silent.length / 2)) socket.write(Buffer.from([0x10, 0x20, 0x00]));
      const kiosk = await connect(asDevice('kiosk-1', 'kiosk-1-agent'));
      expect(kiosk.connected).toBe(true);
    } finally {
      for (const socket of silent) socket.destroy();
    }
  });
});
