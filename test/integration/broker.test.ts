/**
 * The embedded broker with a real aedes on an ephemeral port and real mqtt.js
 * clients (TCP and WebSocket). The command executor is faked: it is the
 * lowest boundary the broker knows about; the queue engine is tested elsewhere.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_COMMAND_BYTES, siteTopics, type DeviceStatus } from '../../hub/contract/index.ts';
import { canPublish, canSubscribe, filterCovers, type DeviceIdentity } from '../../hub/access/index.ts';
import { startBroker, type BrokerOptions, type CommandOutcome, type HubBroker } from '../../hub/broker/broker.ts';
import { hashSecret, verifySecret } from '../../hub/access/credentials.ts';
import { DEFAULT_MAX_PACKET_BYTES, FrameSizeTracker } from '../../hub/broker/frame-limit.ts';
import type { Reply } from '../../hub/broker/types.ts';
import {
  closed,
  connectClient,
  connectPacket,
  nextMessage,
  publishAsync,
  rawConnect,
  recordMessages,
  remainingLength,
  subscribeGranted,
  tryConnect,
} from '../helpers/mqtt.ts';
import { nextDeviceStatus } from '../helpers/hub.ts';
import { until } from '../helpers/until.ts';

const SITE = 'test-site';
const topics = siteTopics(SITE);

const IDENTITIES: Record<string, DeviceIdentity> = {
  'kiosk-1': { deviceId: 'kiosk-1', role: 'kiosk' },
  'kiosk-2': { deviceId: 'kiosk-2', role: 'kiosk' },
  'display-1': { deviceId: 'display-1', role: 'display' },
  'desk-1': { deviceId: 'desk-1', role: 'desk' },
  'button-c1': { deviceId: 'button-c1', role: 'counter', counterId: 'c1' },
  'mirror-1': { deviceId: 'mirror-1', role: 'mirror' },
};
const password = (deviceId: string) => `secret-of-${deviceId}`;
// Hashed once for the file: scrypt is deliberately slow.
const HASHES = Object.fromEntries(Object.keys(IDENTITIES).map((id) => [id, hashSecret(password(id))]));

interface Call {
  identity: DeviceIdentity;
  type: string;
  payload: unknown;
  clientId: string;
}

interface Fixture {
  broker: HubBroker;
  http: Server;
  mqttUrl: string;
  wsUrl: string;
  calls: Call[];
  /** While set, executeCommand waits for it before answering. */
  hold: { until: Promise<void> | null };
  logs: { level: string; message: string; fields: Record<string, unknown> }[];
}

let fixture: Fixture;
let openClients: MqttClient[] = [];
const extraCleanups: (() => Promise<void> | void)[] = [];

async function startFixture(overrides: Partial<BrokerOptions> = {}): Promise<Fixture> {
  const http = createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const calls: Call[] = [];
  const hold: Fixture['hold'] = { until: null };
  const logs: Fixture['logs'] = [];
  const broker = await startBroker({
    siteId: SITE,
    host: '127.0.0.1',
    mqttPort: 0,
    httpServer: http,
    allowAnonymousPublicRead: true,
    findDevice: (username) => {
      const identity = IDENTITIES[username];
      return identity && { identity, secretHash: HASHES[username]! };
    },
    executeCommand: async (identity, type, payload, clientId): Promise<CommandOutcome> => {
      calls.push({ identity, type, payload, clientId });
      if (hold.until) await hold.until;
      return { ok: true, result: { executed: type, by: identity.deviceId } };
    },
    log: (level, message, fields) => logs.push({ level, message, fields }),
    ...overrides,
  });
  const httpPort = (http.address() as AddressInfo).port;
  return { broker, http, mqttUrl: `mqtt://127.0.0.1:${broker.port}`, wsUrl: `ws://127.0.0.1:${httpPort}/mqtt`, calls, hold, logs };
}

async function stopFixture(f: Fixture): Promise<void> {
  await f.broker.close();
  await new Promise<void>((resolve) => f.http.close(() => resolve()));
}

beforeEach(async () => {
  fixture = await startFixture();
});

afterEach(async () => {
  for (const client of openClients) client.end(true);
  openClients = [];
  for (const cleanup of extraCleanups.splice(0)) await cleanup();
  await stopFixture(fixture);
});

/** Connects as a configured device with client id `${deviceId}-test` (or the one given). */
async function device(deviceId: string, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
  const client = await connectClient(fixture.mqttUrl, { clientId: `${deviceId}-test`, username: deviceId, password: password(deviceId), ...options });
  openClients.push(client);
  return client;
}

async function anonymous(clientId = `anon-${Math.random().toString(16).slice(2)}`): Promise<MqttClient> {
  const client = await connectClient(fixture.mqttUrl, { clientId });
  openClients.push(client);
  return client;
}

/** Sends a raw command payload and waits for the reply with `expectId` on the client's reply topic. */
async function request(client: MqttClient, type: string, body: object | string | Buffer, expectId?: string): Promise<Reply> {
  const replyTopic = topics.reply(client.options.clientId!);
  if (!subscribedReplies.has(client)) {
    expect(await subscribeGranted(client, replyTopic)).toEqual([1]);
    subscribedReplies.add(client);
  }
  const id = expectId ?? (typeof body === 'object' && !Buffer.isBuffer(body) && 'id' in body ? String(body.id) : '');
  const reply = nextMessage<Reply>(client, replyTopic, (r) => r.id === id);
  const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  await publishAsync(client, topics.command(type), payload);
  return (await reply).payload;
}
const subscribedReplies = new WeakSet<MqttClient>();

/** Every topic in aedes' retained store (not reachable through the ACL for every topic). */
async function retainedTopics(): Promise<string[]> {
  type Store = { createRetainedStream(pattern: string): AsyncIterable<{ topic: string }> };
  const persistence = (fixture.broker.aedes as unknown as { persistence: Store }).persistence;
  const found: string[] = [];
  for await (const packet of persistence.createRetainedStream('#')) found.push(packet.topic);
  return found.sort();
}

/** Topics aedes actually routed (after the broker's checks). */
function routedTopics(): string[] {
  const seen: string[] = [];
  fixture.broker.aedes.on('publish', (packet) => seen.push(packet.topic));
  return seen;
}

describe('credentials', () => {
  it('verifies scrypt hashes in the documented format and rejects wrong or malformed ones', () => {
    const stored = HASHES['kiosk-1']!;
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(verifySecret(password('kiosk-1'), stored)).toBe(true);
    expect(verifySecret('wrong', stored)).toBe(false);
    expect(verifySecret(password('kiosk-1'), 'scrypt$16384$8$1$bad')).toBe(false);
    expect(verifySecret(password('kiosk-1'), stored.replace('$16384$', '$1073741824$'))).toBe(false);
  });
});

describe('ACL rules (pure)', () => {
  const kiosk = IDENTITIES['kiosk-1']!;
  it('lets wildcards narrow but never widen a grant', () => {
    expect(filterCovers('a/public/#', 'a/public/now-serving')).toBe(true);
    expect(filterCovers('a/public/#', 'a/public/+/x')).toBe(true);
    expect(filterCovers('a/public/#', 'a/#')).toBe(false);
    expect(filterCovers('a/devices/+/status', 'a/devices/k1/status')).toBe(true);
    expect(filterCovers('a/devices/k1/jobs', 'a/devices/+/jobs')).toBe(false);
    expect(filterCovers('a/devices/k1/jobs', 'a/devices/k1/jobs/#')).toBe(false);
    expect(filterCovers('a/devices/k1/jobs', '#')).toBe(false);
  });
  it('gives each role its own topics only', () => {
    expect(canSubscribe(SITE, kiosk, 'k', topics.deviceJobs('kiosk-1'))).toBe(true);
    expect(canSubscribe(SITE, kiosk, 'k', topics.deviceJobs('kiosk-2'))).toBe(false);
    expect(canSubscribe(SITE, kiosk, 'k', topics.events)).toBe(false);
    expect(canSubscribe(SITE, IDENTITIES['desk-1']!, 'd', topics.deviceStatusAll)).toBe(true);
    expect(canSubscribe(SITE, IDENTITIES['mirror-1']!, 'm', topics.deviceStatusAll)).toBe(false);
    expect(canPublish(SITE, kiosk, 'k', topics.command('enroll'))).toEqual({ ok: true });
    expect(canPublish(SITE, kiosk, 'k', topics.command('call-next')).ok).toBe(false);
    expect(canPublish(SITE, IDENTITIES['button-c1']!, 'b', topics.command('call-next'))).toEqual({ ok: true });
    expect(canPublish(SITE, IDENTITIES['mirror-1']!, 'm', topics.command('cancel'))).toEqual({ ok: true });
    expect(canPublish(SITE, IDENTITIES['mirror-1']!, 'm', topics.command('move')).ok).toBe(false);
    expect(canPublish(SITE, kiosk, 'k', topics.deviceStatus('kiosk-1'))).toEqual({ ok: true });
    for (const topic of [topics.deviceStatus('kiosk-2'), topics.nowServing, topics.reply('k'), topics.events, topics.deviceJobs('kiosk-1')]) {
      expect(canPublish(SITE, IDENTITIES['desk-1']!, 'd', topic).ok).toBe(false);
    }
  });
});

describe('frame size tracker', () => {
  it('reads remaining lengths split across chunks and skips packet bodies', () => {
    const tracker = new FrameSizeTracker(DEFAULT_MAX_PACKET_BYTES);
    const ok = Buffer.concat([Buffer.from([0x30]), remainingLength(300), Buffer.alloc(300), Buffer.from([0xc0, 0x00])]);
    for (const byte of ok) expect(tracker.feed(Buffer.from([byte]))).toBeNull();
    // 10 MB, its length bytes arriving one at a time: refused at the length byte that shows it.
    const big = Buffer.concat([Buffer.from([0x30]), remainingLength(10 * 1024 * 1024)]);
    expect([...remainingLength(10 * 1024 * 1024)]).toEqual([0x80, 0x80, 0x80, 0x05]);
    const results = [...big].map((byte) => tracker.feed(Buffer.from([byte])));
    expect(results.slice(0, 4)).toEqual([null, null, null, null]);
    expect(results[4]).toMatch(/at least 10485760 bytes is over the 65536-byte limit/);
  });
  it('refuses as soon as the length read so far is over the limit, before the varint ends', () => {
    const tracker = new FrameSizeTracker(DEFAULT_MAX_PACKET_BYTES);
    expect(tracker.feed(Buffer.from([0x30, 0xff, 0xff]))).toBeNull();
    expect(tracker.feed(Buffer.from([0xff]))).toMatch(/over the 65536-byte limit/);
    expect(tracker.feed(Buffer.from([0x7f]))).toMatch(/over/); // stays refused
  });
  it('refuses a remaining length of more than four bytes', () => {
    expect(new FrameSizeTracker().feed(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80]))).toMatch(/Malformed/);
  });
});

describe('CONNECT', () => {
  it('accepts a device with its password (0) and refuses a wrong password or unknown device (4)', async () => {
    expect((await tryConnect(fixture.mqttUrl, { clientId: 'k1', username: 'kiosk-1', password: password('kiosk-1') })).ok).toBe(true);
    const wrong = await tryConnect(fixture.mqttUrl, { clientId: 'k1b', username: 'kiosk-1', password: 'nope' });
    expect(wrong).toMatchObject({ ok: false, returnCode: 4 });
    const unknown = await tryConnect(fixture.mqttUrl, { clientId: 'x', username: 'no-such-device', password: 'x' });
    expect(unknown).toMatchObject({ ok: false, returnCode: 4 });
    for (const c of [wrong, unknown]) if (c.ok) c.client.end(true);
  });

  it('accepts anonymous readers only when the site allows them (else 5)', async () => {
    const allowed = await tryConnect(fixture.mqttUrl, { clientId: 'tv-remote' });
    expect(allowed.ok).toBe(true);
    if (allowed.ok) allowed.client.end(true);

    const strict = await startFixture({ allowAnonymousPublicRead: false });
    extraCleanups.push(() => stopFixture(strict));
    expect(await tryConnect(strict.mqttUrl, { clientId: 'tv-remote' })).toMatchObject({ ok: false, returnCode: 5 });
  });

  it.each([['has/slash'], ['plus+'], ['hash#'], ['x'.repeat(129)]])('rejects client id %s with 2 (identifier rejected)', async (clientId) => {
    expect(await tryConnect(fixture.mqttUrl, { clientId, username: 'kiosk-1', password: password('kiosk-1') })).toMatchObject({ ok: false, returnCode: 2 });
  });

  it('accepts a 128-character client id', async () => {
    const outcome = await tryConnect(fixture.mqttUrl, { clientId: 'x'.repeat(128), username: 'kiosk-1', password: password('kiosk-1') });
    expect(outcome.ok).toBe(true);
    if (outcome.ok) outcome.client.end(true);
  });

  it('refuses a client id already held by another device (2) but lets the same device take its session over', async () => {
    const kiosk = await device('kiosk-1', { clientId: 'shared-id' });
    expect(await tryConnect(fixture.mqttUrl, { clientId: 'shared-id', username: 'display-1', password: password('display-1') })).toMatchObject({
      ok: false,
      returnCode: 2,
    });
    expect(kiosk.connected).toBe(true);
    // The old connection may close before or after the new one's CONNACK arrives.
    const kioskClosed = closed(kiosk);
    const again = await device('kiosk-1', { clientId: 'shared-id' });
    expect(again.connected).toBe(true);
    await kioskClosed;
  });

  describe('empty client id with clean session false [MQTT-3.1.3-8]', () => {
    it('mqtt.js refuses to send it, so the broker is tested with raw bytes', () => {
      expect(() => mqtt.connect(fixture.mqttUrl, { clientId: '', clean: false, protocolVersion: 4, reconnectPeriod: 0 })).toThrow(
        /Missing clientId for unclean clients/,
      );
    });

    it('is accepted by aedes on its own (it invents an aedes_<uuid> id), which is why the hub checks it', async () => {
      const bare = await Aedes.createBroker();
      const { createServer: createNetServer } = await import('node:net');
      const server = createNetServer(bare.handle);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      extraCleanups.push(async () => {
        await new Promise<void>((resolve) => bare.close(() => resolve()));
        await new Promise<void>((resolve) => server.close(() => resolve()));
      });
      const ids: string[] = [];
      bare.on('client', (client) => ids.push(client.id));
      const raw = await rawConnect((server.address() as AddressInfo).port);
      raw.socket.write(connectPacket({ clientId: '', clean: false }));
      expect([...(await raw.waitForBytes(4)).subarray(0, 4)]).toEqual([0x20, 0x02, 0x00, 0x00]);
      expect(ids[0]).toMatch(/^aedes_/);
      raw.socket.destroy();
    });

    it('gets CONNACK 2 (identifier rejected) from the hub broker and the connection is closed', async () => {
      const raw = await rawConnect(fixture.broker.port);
      raw.socket.write(connectPacket({ clientId: '', clean: false, username: 'kiosk-1', password: password('kiosk-1') }));
      expect([...(await raw.waitForBytes(4)).subarray(0, 4)]).toEqual([0x20, 0x02, 0x00, 0x02]);
      await raw.closed;
    });

    it('is fine with clean session true: the broker assigns an id', async () => {
      const raw = await rawConnect(fixture.broker.port);
      extraCleanups.push(() => void raw.socket.destroy());
      raw.socket.write(connectPacket({ clientId: '', clean: true, username: 'kiosk-1', password: password('kiosk-1') }));
      expect([...(await raw.waitForBytes(4)).subarray(0, 4)]).toEqual([0x20, 0x02, 0x00, 0x00]);
    });
  });
});

describe('SUBSCRIBE', () => {
  it('lets anonymous clients read public topics only; refusals are SUBACK 128 and keep the connection', async () => {
    const anon = await anonymous('anon-1');
    expect(await subscribeGranted(anon, [topics.publicAll, topics.nowServing])).toEqual([1, 1]);
    expect(await subscribeGranted(anon, [topics.events, topics.reply('anon-1'), topics.deviceStatusAll, '#', `${topics.base}/#`])).toEqual([
      128, 128, 128, 128, 128,
    ]);
    expect(anon.connected).toBe(true);
    fixture.broker.publishRetained(topics.nowServing, { calls: [], updatedAt: 'now' });
    expect((await nextMessage(anon, topics.nowServing)).payload).toEqual({ calls: [], updatedAt: 'now' });
  });

  it('lets a display read public topics and its own replies, not another client’s replies or any jobs', async () => {
    const display = await device('display-1');
    expect(await subscribeGranted(display, [topics.publicAll, topics.reply('display-1-test')])).toEqual([1, 1]);
    expect(await subscribeGranted(display, [topics.reply('kiosk-1-test'), topics.deviceJobs('kiosk-1'), topics.deviceJobs('display-1'), topics.events])).toEqual([
      128, 128, 128, 128,
    ]);
    expect(display.connected).toBe(true);
  });

  it('lets a kiosk read its own jobs but not another kiosk’s, and refuses every wildcard that would widen access', async () => {
    const kiosk1 = await device('kiosk-1');
    const kiosk2 = await device('kiosk-2');
    expect(await subscribeGranted(kiosk1, topics.deviceJobs('kiosk-1'))).toEqual([1]);
    expect(await subscribeGranted(kiosk2, topics.deviceJobs('kiosk-1'))).toEqual([128]);
    const escalations = [
      `${topics.base}/#`,
      `${topics.base}/devices/+/jobs`,
      `${topics.base}/devices/#`,
      `${topics.base}/+/kiosk-1/jobs`,
      `lobbyline/v1/+/devices/kiosk-1/jobs`,
      '#',
      '+/+/+/+/+/+',
      `${topics.base}/private/#`,
      `${topics.base}/reply/+`,
    ];
    expect(await subscribeGranted(kiosk2, escalations)).toEqual(escalations.map(() => 128));
    expect(kiosk2.connected).toBe(true);

    expect(await subscribeGranted(kiosk2, topics.deviceJobs('kiosk-2'))).toEqual([1]);
    const kiosk2Saw = recordMessages(kiosk2);
    const job = nextMessage(kiosk1, topics.deviceJobs('kiosk-1'));
    fixture.broker.publish(topics.deviceJobs('kiosk-1'), { print: 'L-001' });
    expect((await job).payload).toEqual({ print: 'L-001' });
    // kiosk-2's own job, sent after: it arrives after anything of kiosk-1's that could have leaked.
    const marker = nextMessage(kiosk2, topics.deviceJobs('kiosk-2'));
    fixture.broker.publish(topics.deviceJobs('kiosk-2'), { print: 'marker' });
    await marker;
    expect(kiosk2Saw.map((m) => m.topic)).toEqual([topics.deviceJobs('kiosk-2')]);
  });

  it('gives the desk the event stream and every device status', async () => {
    const desk = await device('desk-1');
    expect(await subscribeGranted(desk, [topics.events, topics.deviceStatusAll, topics.deviceStatus('kiosk-1'), topics.publicAll])).toEqual([1, 1, 1, 1]);
    expect(await subscribeGranted(desk, [topics.deviceJobs('kiosk-1'), `${topics.base}/devices/#`])).toEqual([128, 128]);
  });
});

describe('commands over MQTT', () => {
  it('runs a command and replies on reply/{clientId} with the correlation id; the request is never routed', async () => {
    const routed = routedTopics();
    const kiosk = await device('kiosk-1');
    const reply = await request(kiosk, 'enroll', { id: 'req-1', serviceId: 'lab', channel: 'kiosk' });
    expect(reply).toEqual({ id: 'req-1', ok: true, result: { executed: 'enroll', by: 'kiosk-1' } });
    expect(fixture.calls).toEqual([{ identity: IDENTITIES['kiosk-1'], type: 'enroll', payload: { serviceId: 'lab', channel: 'kiosk' }, clientId: 'kiosk-1-test' }]);
    await expect.poll(() => routed).toContain(topics.reply('kiosk-1-test'));
    expect(routed).not.toContain(topics.command('enroll'));
  });

  it('passes executor errors back as error replies', async () => {
    await stopFixture(fixture);
    fixture = await startFixture({
      executeCommand: async () => ({ ok: false, error: { code: 'line_full', message: 'The lab line is full' } }),
    });
    const kiosk = await device('kiosk-1');
    expect(await request(kiosk, 'enroll', { id: 'r', serviceId: 'lab', channel: 'kiosk' })).toEqual({
      id: 'r',
      ok: false,
      error: { code: 'line_full', message: 'The lab line is full' },
    });
  });

  it('a retained command is neither retained nor delivered', async () => {
    const kiosk = await device('kiosk-1');
    await request(kiosk, 'enroll', { id: 'warm-up', serviceId: 'lab', channel: 'kiosk' });
    const routed = routedTopics();
    const reply = nextMessage<Reply>(kiosk, topics.reply('kiosk-1-test'), (r) => r.id === 'ret');
    await publishAsync(kiosk, topics.command('enroll'), JSON.stringify({ id: 'ret', serviceId: 'lab', channel: 'kiosk' }), { qos: 1, retain: true });
    expect((await reply).payload.ok).toBe(true);
    await expect.poll(() => routed).toContain(topics.reply('kiosk-1-test'));
    expect(routed.filter((t) => t.startsWith(`${topics.base}/command`))).toEqual([]);

    // Nobody may subscribe to command topics, so ask aedes' retained store directly.
    const desk = await device('desk-1');
    expect(await subscribeGranted(desk, topics.commandAll)).toEqual([128]);
    expect(await retainedTopics()).toEqual([]);
  });

  it.each([
    ['malformed JSON', 'enroll', '{"id": "m1", serviceId', '', 'invalid_request', /not valid JSON/],
    ['a JSON array', 'enroll', '[1,2]', '', 'invalid_request', /JSON object/],
    ['a missing id', 'enroll', JSON.stringify({ serviceId: 'lab', channel: 'kiosk' }), '', 'invalid_request', /needs an "id"/],
    ['an unknown command', 'teleport', JSON.stringify({ id: 'u1' }), 'u1', 'invalid_request', /Unknown command 'teleport'.*enroll/],
    ['a command the role may not issue', 'call-next', JSON.stringify({ id: 'f1', counterId: 'c1' }), 'f1', 'forbidden', /kiosk-1 \(kiosk\) may not issue call-next/],
    [
      'an oversized payload',
      'enroll',
      JSON.stringify({ id: 'big-1', serviceId: 'lab', channel: 'kiosk', pad: 'x'.repeat(MAX_COMMAND_BYTES) }),
      'big-1',
      'too_large',
      new RegExp(`at most ${MAX_COMMAND_BYTES} bytes`),
    ],
  ])('answers %s with a clear error, executes nothing and keeps the client connected', async (_what, type, payload, id, code, message) => {
    const kiosk = await device('kiosk-1');
    const reply = await request(kiosk, type, payload, id);
    expect(reply).toMatchObject({ id, ok: false, error: { code } });
    expect(reply.ok === false && reply.error.message).toMatch(message);
    expect(fixture.calls).toEqual([]);
    expect(kiosk.connected).toBe(true);
    expect((await request(kiosk, 'check-in', { id: 'after', reference: 'A1', channel: 'kiosk' })).ok).toBe(true);
  });

  it('refuses all commands from anonymous clients and displays', async () => {
    const display = await device('display-1');
    expect(await request(display, 'enroll', { id: 'd1', serviceId: 'lab', channel: 'kiosk' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const anon = await anonymous();
    const routed = routedTopics();
    await publishAsync(anon, topics.command('enroll'), JSON.stringify({ id: 'a1', serviceId: 'lab', channel: 'kiosk' }));
    // A kiosk's command, sent after the anonymous one was acknowledged, is the only one that reaches the hub.
    const kiosk = await device('kiosk-1');
    expect((await request(kiosk, 'enroll', { id: 'k1', serviceId: 'lab', channel: 'kiosk' })).ok).toBe(true);
    expect(fixture.calls.map((call) => call.identity.deviceId)).toEqual(['kiosk-1']);
    expect(routed).not.toContain(topics.command('enroll'));
    expect(anon.connected).toBe(true);
  });

  it('answers rate_limited beyond 32 commands awaiting replies, and serves the client again once they are answered', async () => {
    let release!: () => void;
    fixture.hold.until = new Promise<void>((resolve) => (release = resolve));
    const kiosk = await device('kiosk-1');
    const replyTopic = topics.reply('kiosk-1-test');
    expect(await subscribeGranted(kiosk, replyTopic)).toEqual([1]);
    const replies: Reply[] = [];
    kiosk.on('message', (topic, payload) => topic === replyTopic && replies.push(JSON.parse(payload.toString()) as Reply));

    for (let i = 0; i < 34; i++) {
      await publishAsync(kiosk, topics.command('enroll'), JSON.stringify({ id: `flood-${i}`, serviceId: 'lab', channel: 'kiosk' }));
    }
    await expect.poll(() => replies.length).toBe(2);
    expect(replies.map((r) => [r.id, r.ok === false && r.error.code])).toEqual([
      ['flood-32', 'rate_limited'],
      ['flood-33', 'rate_limited'],
    ]);
    expect(fixture.calls).toHaveLength(32);

    release();
    await expect.poll(() => replies.length).toBe(34);
    expect(replies.filter((r) => r.ok)).toHaveLength(32);
    fixture.hold.until = null;
    expect((await request(kiosk, 'enroll', { id: 'later', serviceId: 'lab', channel: 'kiosk' })).ok).toBe(true);
  });
});

describe('publishes outside the ACL', () => {
  it('a kiosk publishing to public/now-serving is acked but not delivered nor retained; it gets an error reply and stays connected', async () => {
    fixture.broker.publishRetained(topics.nowServing, { calls: [], updatedAt: 'from-the-hub' });
    const display = await device('display-1');
    expect(await subscribeGranted(display, topics.nowServing)).toEqual([1]);
    await nextMessage(display, topics.nowServing); // the hub's retained state
    const displaySaw = recordMessages(display);

    const kiosk = await device('kiosk-1');
    expect(await subscribeGranted(kiosk, topics.reply('kiosk-1-test'))).toEqual([1]);
    const errorReply = nextMessage<Reply>(kiosk, topics.reply('kiosk-1-test'));
    await publishAsync(kiosk, topics.nowServing, JSON.stringify({ calls: [{ ticket: 'FAKE' }] }), { qos: 1, retain: true });
    expect((await errorReply).payload).toMatchObject({ id: '', ok: false, error: { code: 'forbidden', message: expect.stringMatching(/Only the hub publishes/) } });
    // The hub's own publish, made after the refusal, reaches the display after anything the kiosk's could have.
    const marker = nextMessage(display, topics.nowServing, (p: { updatedAt?: string }) => p.updatedAt === 'marker');
    fixture.broker.publish(topics.nowServing, { calls: [], updatedAt: 'marker' });
    await marker;
    expect(displaySaw.map((m) => m.payload)).toEqual([JSON.stringify({ calls: [], updatedAt: 'marker' })]);
    expect(kiosk.connected).toBe(true);
    expect(await retainedTopics()).toEqual([topics.nowServing]);

    const late = await anonymous();
    const retained = nextMessage(late, topics.nowServing);
    await subscribeGranted(late, topics.nowServing);
    expect((await retained).payload).toEqual({ calls: [], updatedAt: 'from-the-hub' });
  });

  it('drops publishes to unknown topics, $SYS, jobs and other devices’ status without disconnecting (QoS 0, 1 and 2)', async () => {
    const routed = routedTopics();
    const kiosk = await device('kiosk-1');
    const targets = ['somewhere/else', '$SYS/fake/heartbeat', topics.deviceJobs('kiosk-1'), topics.deviceStatus('kiosk-2'), topics.events, topics.reply('display-1-test')];
    for (const [i, topic] of targets.entries()) {
      await publishAsync(kiosk, topic, JSON.stringify({ online: true }), { qos: (i % 3) as 0 | 1 | 2, retain: true });
    }
    // A command on the same connection is handled after every publish before it.
    expect((await request(kiosk, 'enroll', { id: 'after-drops', serviceId: 'lab', channel: 'kiosk' })).ok).toBe(true);
    expect(routed.filter((t) => targets.includes(t))).toEqual([]);
    expect(await retainedTopics()).toEqual([]);
    expect(kiosk.connected).toBe(true);
    expect(fixture.broker.deviceStatuses().has('kiosk-2')).toBe(false);
  });
});

describe('device status and Last Will', () => {
  it('records a device’s own retained status, normalised, and shows it to the desk', async () => {
    const desk = await device('desk-1');
    expect(await subscribeGranted(desk, topics.deviceStatusAll)).toEqual([1]);
    const seenByDesk = nextMessage<DeviceStatus>(desk, topics.deviceStatus('kiosk-1'));
    const kiosk = await device('kiosk-1');
    await publishAsync(kiosk, topics.deviceStatus('kiosk-1'), JSON.stringify({ online: true, detail: { paper: 'low' } }), { qos: 1, retain: false });
    const status = (await seenByDesk).payload;
    expect(status).toMatchObject({ deviceId: 'kiosk-1', online: true, detail: { paper: 'low' } });
    expect(Date.parse(status.at)).toBeGreaterThan(0);
    await expect.poll(() => fixture.broker.deviceStatuses().get('kiosk-1')).toEqual(status);
  });

  it('refuses a status that is not JSON with a boolean online', async () => {
    const kiosk = await device('kiosk-1');
    expect(await subscribeGranted(kiosk, topics.reply('kiosk-1-test'))).toEqual([1]);
    const errorReply = nextMessage<Reply>(kiosk, topics.reply('kiosk-1-test'));
    await publishAsync(kiosk, topics.deviceStatus('kiosk-1'), JSON.stringify({ online: 'yes' }), { qos: 1, retain: true });
    expect((await errorReply).payload).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/online/) } });
    expect(fixture.broker.deviceStatuses().has('kiosk-1')).toBe(false);
    expect(kiosk.connected).toBe(true);
  });

  it('marks a device offline when its socket dies and its Last Will is published', async () => {
    const offline = nextDeviceStatus(fixture.broker, 'kiosk-2', (status) => !status.online);
    const kiosk = await device('kiosk-2', {
      will: { topic: topics.deviceStatus('kiosk-2'), payload: Buffer.from(JSON.stringify({ online: false, at: '2020-01-01T00:00:00Z' })), qos: 1, retain: true },
    });
    await publishAsync(kiosk, topics.deviceStatus('kiosk-2'), JSON.stringify({ online: true }), { qos: 1, retain: true });
    await expect.poll(() => fixture.broker.deviceStatuses().get('kiosk-2')?.online).toBe(true);

    const before = Date.now();
    kiosk.stream.destroy(); // no DISCONNECT: the hub only sees the socket go
    const status = await offline;
    expect(status).toMatchObject({ deviceId: 'kiosk-2', online: false });
    expect(Date.parse(status.at)).toBeGreaterThanOrEqual(before - 1000); // stamped by the hub, not the device's stale time
    expect(fixture.broker.deviceStatuses().get('kiosk-2')?.online).toBe(false);

    const desk = await device('desk-1');
    const retained = nextMessage<DeviceStatus>(desk, topics.deviceStatus('kiosk-2'));
    await subscribeGranted(desk, topics.deviceStatusAll);
    expect((await retained).payload).toMatchObject({ deviceId: 'kiosk-2', online: false });
  });

  it('ignores a Last Will aimed at any other topic', async () => {
    const routed = routedTopics();
    const kiosk = await device('kiosk-1', { will: { topic: topics.nowServing, payload: Buffer.from('{"calls":[]}'), qos: 0, retain: true } });
    kiosk.stream.destroy();
    await closed(kiosk);
    await until(() => fixture.logs.some((l) => l.message === 'Last Will ignored'), 'the Last Will to be handled');
    expect(routed).not.toContain(topics.nowServing);
  });
});

describe('packet size limit', () => {
  it('disconnects a raw TCP client whose PUBLISH header claims 10 MB, and keeps serving others', async () => {
    const raw = await rawConnect(fixture.broker.port);
    raw.socket.write(connectPacket({ clientId: 'raw-1', clean: true, username: 'kiosk-1', password: password('kiosk-1') }));
    expect([...(await raw.waitForBytes(4)).subarray(0, 4)]).toEqual([0x20, 0x02, 0x00, 0x00]);
    const topic = Buffer.from(topics.command('enroll'));
    const header = Buffer.concat([Buffer.from([0x30]), remainingLength(10 * 1024 * 1024), Buffer.from([topic.length >> 8, topic.length & 0xff]), topic]);
    raw.socket.write(header);
    raw.socket.write(Buffer.alloc(16 * 1024, 0x20)); // the start of the body; the rest never needs to come
    await raw.closed;

    const kiosk = await device('kiosk-1');
    expect((await request(kiosk, 'enroll', { id: 'still-here', serviceId: 'lab', channel: 'kiosk' })).ok).toBe(true);
  });

  it('applies to MQTT over WebSocket too, where displays connect on the HTTP port', async () => {
    const display = await connectClient(fixture.wsUrl, { clientId: 'tv-1', username: 'display-1', password: password('display-1') });
    openClients.push(display);
    fixture.broker.publishRetained(topics.nowServing, { calls: [], updatedAt: 'ws' });
    const retained = nextMessage(display, topics.nowServing);
    expect(await subscribeGranted(display, topics.publicAll)).toEqual([1]);
    expect((await retained).payload).toEqual({ calls: [], updatedAt: 'ws' });
    expect(await subscribeGranted(display, topics.events)).toEqual([128]);

    const gone = closed(display);
    display.publish(topics.deviceStatus('display-1'), Buffer.alloc(DEFAULT_MAX_PACKET_BYTES + 1, 0x20));
    await gone;
    const kiosk = await device('kiosk-1');
    expect(kiosk.connected).toBe(true);
  });
});
