/**
 * A corpus of bad input over REST and MQTT. Each must get a clear error, change
 * nothing (the event log's sequence number stays put) and leave the hub up.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COMMAND_BYTES, siteTopics } from '../../hub/contract/index.ts';
import { DEMO_PASSWORDS, startTestHub, type TestHub } from '../helpers/hub.ts';
import { recordMessages } from '../helpers/mqtt.ts';
import { until } from '../helpers/until.ts';

let hub: TestHub;
let seqBefore: number;
let waitingId: string;
const topics = siteTopics('demo-clinic');

beforeAll(async () => {
  hub = await startTestHub();
  waitingId = (await hub.api('POST', '/entries', { serviceId: 'lab' })).body.entryId;
  seqBefore = hub.engine.state.seq;
});
afterAll(async () => {
  expect(hub.engine.state.seq).toBe(seqBefore);
  expect((await fetch(`${hub.httpUrl}/healthz`)).status).toBe(200);
  await hub.stop();
});

const big = 'x'.repeat(MAX_COMMAND_BYTES + 1);

const restCorpus: [name: string, method: string, path: string, body: unknown, status: number, message: RegExp][] = [
  ['malformed JSON', 'POST', '/entries', '{"serviceId": "lab",', 400, /JSON/i],
  ['an array body', 'POST', '/entries', [1, 2], 400, /JSON object/],
  ['an unknown field', 'POST', '/entries', { serviceId: 'lab', name: 'Jane Doe' }, 400, /Unrecognized key.*name/i],
  ['a wrong type', 'POST', '/entries', { serviceId: 42 }, 400, /serviceId/],
  ['a bad channel', 'POST', '/entries', { serviceId: 'lab', channel: 'fax' }, 400, /channel/],
  ['a bad phone number', 'POST', '/entries', { serviceId: 'lab', phone: '555-1234' }, 400, /international form/],
  ['a priority out of range', 'POST', '/entries', { serviceId: 'lab', priority: 99 }, 400, /priority/],
  ['an unknown service', 'POST', '/entries', { serviceId: 'dental' }, 404, /No service 'dental'/],
  ['an oversized body', 'POST', '/entries', { serviceId: 'lab', requestId: big }, 413, /larger than/],
  ['an unknown counter', 'POST', '/counters/c99/call-next', undefined, 404, /No counter 'c99'/],
  ['a closed counter', 'POST', '/counters/c1/call-next', undefined, 409, /closed: open it/],
  ['an unknown entry', 'POST', '/entries/nope/complete', undefined, 404, /No entry with id nope/],
  ['a step out of order', 'POST', '/entries/{waiting}/complete', undefined, 409, /Cannot complete L-001: it is waiting/],
  ['a move past the end', 'POST', '/entries/{waiting}/move', { toPosition: 5 }, 400, /the line has 1/],
  ['a bad status filter', 'GET', '/entries?status=lost', undefined, 400, /Unknown status/],
  ['an unknown route', 'POST', '/entries/{waiting}/teleport', undefined, 404, /Nothing at POST/],
  ['an appointment window backwards', 'POST', '/appointments', { serviceId: 'lab', reference: 'A1', windowStart: '2026-01-01T10:00:00Z', windowEnd: '2026-01-01T09:00:00Z' }, 400, /windowEnd must be after/],
];

describe('REST bad input', () => {
  for (const [name, method, path, body, status, message] of restCorpus) {
    it(`refuses ${name}`, async () => {
      const response = await hub.api(method, path.replace('{waiting}', waitingId), body);
      expect(response.status).toBe(status);
      expect(response.body.error.message).toMatch(message);
    });
  }

  it('refuses a missing or wrong API key', async () => {
    const none = await fetch(`${hub.httpUrl}/api/v1/entries`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(none.status).toBe(401);
    const wrong = await hub.api('POST', '/entries', { serviceId: 'lab' }, { authorization: 'Bearer not-the-key' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toMatch(/valid API key/);
  });

  it('refuses a body that is not JSON', async () => {
    const response = await hub.api('POST', '/entries', 'serviceId=lab', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
  });
});

describe('MQTT bad input', () => {
  type Reply = { ok: boolean; error?: { code: string; message: string } };
  let kiosk: mqtt.MqttClient;
  const replies = new Map<string, Reply>();
  const waiters = new Map<string, () => void>();

  beforeAll(async () => {
    kiosk = await mqtt.connectAsync(hub.mqttUrl, { username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'], clientId: 'bad-kiosk' });
    await kiosk.subscribeAsync(topics.reply('bad-kiosk'));
    kiosk.on('message', (_topic, payload) => {
      const reply = JSON.parse(payload.toString());
      const key = reply.id || 'no-id';
      replies.set(key, reply);
      waiters.get(key)?.();
    });
  });
  afterAll(async () => {
    expect(kiosk.connected).toBe(true);
    await kiosk.endAsync();
  });

  const replyTo = (id: string): Promise<Reply> =>
    replies.has(id) ? Promise.resolve(replies.get(id)!) : new Promise((resolve) => waiters.set(id, () => resolve(replies.get(id)!)));

  const mqttCorpus: [name: string, topic: string, payload: string, code: string, message: RegExp][] = [
    ['an unknown field', topics.command('enroll'), JSON.stringify({ id: 'm1', serviceId: 'lab', channel: 'kiosk', ssn: '123' }), 'invalid_request', /ssn/],
    ['a wrong type', topics.command('enroll'), JSON.stringify({ id: 'm2', serviceId: 'lab', channel: 7 }), 'invalid_request', /channel/],
    ['an unknown service', topics.command('enroll'), JSON.stringify({ id: 'm3', serviceId: 'nope', channel: 'kiosk' }), 'not_found', /No service 'nope'/],
    ['an unknown command', topics.command('teleport'), JSON.stringify({ id: 'm4' }), 'invalid_request', /Unknown command 'teleport'/],
    ['a command the role may not issue', topics.command('call-next'), JSON.stringify({ id: 'm5', counterId: 'c1' }), 'forbidden', /may not/],
    ['an oversized payload', topics.command('enroll'), JSON.stringify({ id: 'm6', serviceId: 'lab', channel: 'kiosk', requestId: big }), 'too_large', /bytes/],
  ];

  for (const [name, topic, payload, code, message] of mqttCorpus) {
    it(`replies with an error to ${name}`, async () => {
      const id = JSON.parse(payload).id as string;
      await kiosk.publishAsync(topic, payload, { qos: 1 });
      const reply = await replyTo(id);
      expect(reply.ok).toBe(false);
      expect(reply.error!.code).toBe(code);
      expect(reply.error!.message).toMatch(message);
    });
  }

  it('replies with an error to malformed JSON', async () => {
    await kiosk.publishAsync(topics.command('enroll'), '{"id": "m7", ', { qos: 1 });
    const reply = await replyTo('no-id');
    expect(reply.error!.message).toMatch(/JSON/);
  });

  it('does not route or retain a publish outside the ACL', async () => {
    // The desk may read public topics and device statuses: the kiosk's own status, published after the refused
    // messages on the same connection, reaches it after anything those could have caused.
    const watcher = await mqtt.connectAsync(hub.mqttUrl, { clientId: 'watcher', username: 'desk-1', password: DEMO_PASSWORDS['desk-1'] });
    try {
      const seen = recordMessages(watcher);
      await watcher.subscribeAsync([topics.nowServing, topics.deviceStatus('kiosk-1')], { qos: 1 });
      await kiosk.publishAsync(topics.nowServing, JSON.stringify({ calls: [{ ticket: 'FAKE-1' }] }), { qos: 1, retain: true });
      await kiosk.publishAsync('some/other/topic', 'hello', { qos: 1 });
      await kiosk.publishAsync(topics.deviceStatus('kiosk-1'), JSON.stringify({ online: true, detail: { marker: 'after-the-refused' } }), { qos: 1 });
      await until(() => seen.some((m) => m.topic === topics.deviceStatus('kiosk-1') && m.payload.includes('after-the-refused')));
      expect(seen.map((m) => m.payload).join()).not.toContain('FAKE-1');
    } finally {
      await watcher.endAsync();
    }
  });
});
