/**
 * Ids named after the built-in members of every JavaScript object
 * (`constructor`, `toString`…) are ids like any other: a look-up by one finds
 * nothing, over every way in, and the answer is a clear 404 or 400 that
 * changes nothing. Before, they found Object.prototype's members and the hub
 * answered 500. (Text replies never look an id up: see sms-reply-keywords.test.ts.)
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { siteTopics } from '../../hub/contract/index.ts';
import type { WaitServerMessage } from '../../hub/contract/wait.ts';
import { createLogger } from '../../hub/log.ts';
import { signInToDesk, type DeskClient } from '../helpers/desk.ts';
import { DEMO_PASSWORDS, startTestHub, type TestHub } from '../helpers/hub.ts';

const BUILT_IN_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
const topics = siteTopics('demo-clinic');

let hub: TestHub;
let desk: DeskClient;
let seqBefore: number;
const logged: string[] = [];

beforeAll(async () => {
  hub = await startTestHub({ logger: createLogger('error', (line) => logged.push(line)) });
  await hub.api('POST', '/counters/c1/status', { status: 'open' });
  await hub.api('POST', '/entries', { serviceId: 'lab' });
  desk = await signInToDesk(hub.httpUrl);
  seqBefore = hub.engine.state.seq;
});
afterAll(async () => {
  await hub?.stop();
});

/** Every answer names what was not found or what was wrong; none is a 500, and nothing was logged as an error. */
function expectClearRefusal(name: string, response: { status: number; body: any }): void {
  expect(response.status, `${name}: ${JSON.stringify(response.body)}`).toBeGreaterThanOrEqual(400);
  expect(response.status, `${name}: ${JSON.stringify(response.body)}`).toBeLessThan(500);
  expect(response.body.error.message).not.toMatch(/unexpected/);
}

describe('REST', () => {
  for (const name of BUILT_IN_NAMES) {
    it(`looks up, acts on and checks in '${name}' as the unknown id it is`, async () => {
      expectClearRefusal(name, await hub.api('GET', `/entries/${name}`));
      for (const action of ['complete', 'cancel', 'recall', 'start-serving', 'no-show', 'requeue']) {
        expectClearRefusal(`${action} ${name}`, await hub.api('POST', `/entries/${name}/${action}`, {}));
      }
      expectClearRefusal(`move ${name}`, await hub.api('POST', `/entries/${name}/move`, { toPosition: 1 }));
      expectClearRefusal(`transfer ${name}`, await hub.api('POST', `/entries/${name}/transfer`, { toServiceId: 'xray', keepPlace: true }));
      expectClearRefusal(`call-next ${name}`, await hub.api('POST', `/counters/${name}/call-next`));
      expectClearRefusal(`check-in ${name}`, await hub.api('POST', `/appointments/${name}/check-in`, { channel: 'desk' }));
      expectClearRefusal(`enrol for service ${name}`, await hub.api('POST', '/entries', { serviceId: name }));
      expectClearRefusal(`contact center ${name}`, await hub.api('POST', `/contact-center/${name}`, { requestId: 'cc-1' }));
      for (const outcome of ['reached', 'completed', 'no-answer']) {
        const request = { requestId: `cc-${outcome}-${name.replace(/_/g, 'x')}`, entryId: name, outcome };
        expectClearRefusal(`callback ${outcome} ${name}`, await hub.api('POST', '/contact-center/callback-outcome', request));
      }
      expectClearRefusal(`contact-center cancel ${name}`, await hub.api('POST', '/contact-center/cancel', { requestId: `cc-cancel-${name.replace(/_/g, 'x')}`, entryId: name }));
      expect(hub.engine.state.seq).toBe(seqBefore);
    });
  }
});

describe('the staff desk', () => {
  for (const name of BUILT_IN_NAMES) {
    it(`refuses '${name}' as an entry, a counter and a kiosk`, async () => {
      expectClearRefusal(name, await desk.call('POST', `/entries/${name}/complete`, {}));
      expectClearRefusal(name, await desk.call('POST', `/entries/${name}/reprint`, { kioskId: 'kiosk-1' }));
      expectClearRefusal(name, await desk.call('POST', `/entries/${name}/reprint`, { kioskId: name }));
      expectClearRefusal(name, await desk.call('POST', `/counters/${name}/call-next`, {}));
      expectClearRefusal(name, await desk.call('POST', `/kiosks/${name}/scanner-setup`, {}));
      const signIn = await fetch(`${hub.httpUrl}/desk/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ staffId: name, password: 'not-a-password' }),
      });
      expectClearRefusal(`sign in as ${name}`, { status: signIn.status, body: await signIn.json() });
      expect(hub.engine.state.seq).toBe(seqBefore);
    });
  }
});

describe('MQTT commands', () => {
  let client: mqtt.MqttClient;
  const replies = new Map<string, (reply: any) => void>();

  beforeAll(async () => {
    client = await mqtt.connectAsync(hub.mqttUrl, { username: 'desk-1', password: DEMO_PASSWORDS['desk-1'], clientId: 'desk-builtin' });
    client.on('message', (_topic, payload) => {
      const reply = JSON.parse(payload.toString());
      replies.get(reply.id)?.(reply);
    });
    await client.subscribeAsync(topics.reply('desk-builtin'));
  });
  afterAll(() => client?.endAsync());

  const ask = (type: string, payload: object): Promise<any> =>
    new Promise((resolve) => {
      const id = `q-${replies.size}`;
      replies.set(id, resolve);
      void client.publishAsync(topics.command(type), JSON.stringify({ id, ...payload }), { qos: 1 });
    });

  for (const name of BUILT_IN_NAMES) {
    it(`answers commands naming '${name}' with a clear error`, async () => {
      for (const [type, payload] of [
        ['complete', { entryId: name }],
        ['recall', { entryId: name }],
        ['reprint', { entryId: name }],
        ['reprint', { ticket: name }],
        ['call-next', { counterId: name }],
        ['check-in', { reference: name, channel: 'desk' }],
      ] as const) {
        const reply = await ask(type, payload);
        expect(reply.ok, `${type} ${JSON.stringify(payload)}`).toBe(false);
        expect(['not_found', 'invalid_request']).toContain(reply.error.code);
      }
      expect(hub.engine.state.seq).toBe(seqBefore);
    });
  }
});

describe('the wait page', () => {
  for (const name of BUILT_IN_NAMES) {
    it(`refuses to join service '${name}' and knows no link named so`, async () => {
      const response = await fetch(`${hub.httpUrl}/wait/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serviceId: name, language: 'en', requestId: `join-${name.replace(/_/g, 'x')}-1` }),
      });
      expectClearRefusal(name, { status: response.status, body: await response.json() });
      expect((await fetch(`${hub.httpUrl}/wait/api/join-qr.png?service=${name}`)).status).toBe(404);
      const answer = await new Promise<WaitServerMessage>((resolve, reject) => {
        const ws = new WebSocket(`${hub.httpUrl.replace(/^http/, 'ws')}/wait/api/live`);
        ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token: name })));
        ws.on('message', (data) => resolve(JSON.parse(data.toString())));
        ws.on('error', reject);
      });
      expect(answer.type).toBe('unknown-link');
      expect(hub.engine.state.seq).toBe(seqBefore);
    });
  }
});

describe('request ids and references', () => {
  it('are ids like any other: a retried request named constructor enrols once', async () => {
    const first = await hub.api('POST', '/entries', { serviceId: 'xray', requestId: 'constructor' });
    const again = await hub.api('POST', '/entries', { serviceId: 'xray', requestId: 'constructor' });
    expect(first.status).toBe(201);
    expect(again.body.entryId).toBe(first.body.entryId);
    const booked = await hub.api('POST', '/appointments', {
      serviceId: 'xray',
      reference: 'toString',
      windowStart: new Date(hub.engine.now()).toISOString(),
      windowEnd: new Date(hub.engine.now() + 3_600_000).toISOString(),
    });
    expect(booked.status).toBe(201);
    expect((await hub.api('POST', '/appointments/toString/check-in', { channel: 'desk' })).status).toBe(200);
    expect(hub.engine.state.seq).toBe(seqBefore + 3);
    expect(logged.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });
});
