/**
 * "I'm here" against a real hub: from the status link's live channel (the
 * person's phone, or a kiosk that scanned the link), over MQTT as a kiosk, and
 * over REST as staff; each recorded once, as entry.arrived with where it was said.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { siteTopics } from '../../hub/contract/index.ts';
import type { QueueEvent } from '../../hub/contract/events.ts';
import type { WaitServerMessage, WaiterView } from '../../hub/contract/wait.ts';
import { DEMO_PASSWORDS, startTestHub, type TestHub } from '../helpers/hub.ts';

const topics = siteTopics('demo-clinic');
let hub: TestHub;
let kiosk: mqtt.MqttClient;
let joins = 0;
const replies = new Map<string, (reply: any) => void>();

beforeAll(async () => {
  hub = await startTestHub();
  kiosk = await mqtt.connectAsync(hub.mqttUrl, { username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'], clientId: 'kiosk-arrived' });
  kiosk.on('message', (_topic, payload) => {
    const reply = JSON.parse(payload.toString());
    replies.get(reply.id)?.(reply);
  });
  await kiosk.subscribeAsync(topics.reply('kiosk-arrived'));
});
afterAll(async () => {
  await kiosk?.endAsync();
  await hub?.stop();
});

function askAsKiosk(type: string, payload: object): Promise<any> {
  const id = `a${replies.size}`;
  return new Promise((resolve) => {
    replies.set(id, resolve);
    void kiosk.publishAsync(topics.command(type), JSON.stringify({ id, ...payload }), { qos: 1 });
  });
}

/** Joins as a remote waiter; the status link's token and the entry's id. */
async function joinRemotely(): Promise<{ token: string; entryId: string }> {
  const response = await fetch(`${hub.httpUrl}/wait/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'lab', language: 'en', requestId: `arrived-test-${++joins}` }),
  });
  const { ticket, token } = (await response.json()) as { ticket: string; token: string };
  const entry = ((await hub.api('GET', '/entries?status=waiting')).body as { ticket: string; entryId: string }[]).find((e) => e.ticket === ticket)!;
  return { token, entryId: entry.entryId };
}

/** Opens the link's live channel, sends one action, and resolves with the reply and the view pushed after it. */
function actOnLink(token: string, action: string): Promise<{ reply: any; view: WaiterView }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${hub.httpUrl.replace(/^http/, 'ws')}/wait/api/live`);
    let reply: any = null;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', token })));
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as WaitServerMessage;
      if (message.type === 'entry' && reply === null && message.entry.here === 'ask') {
        reply = 'sent';
        ws.send(JSON.stringify({ type: 'action', id: 'here-1', action }));
      } else if (message.type === 'reply') reply = message;
      else if (message.type === 'entry' && message.entry.here === 'said') {
        ws.close();
        resolve({ reply, view: message.entry });
      }
    });
    ws.on('error', reject);
  });
}

const arrivals = () => hub.api('GET', '/events?limit=1000').then(({ body }) => (body as QueueEvent[]).filter((e) => e.data.type === 'entry.arrived'));

it('records "I\'m here" from the status page and from a kiosk that scanned the link, and the page then says so', async () => {
  const phone = await joinRemotely();
  const scanned = await joinRemotely();
  const fromPage = await actOnLink(phone.token, 'arrived');
  const fromKiosk = await actOnLink(scanned.token, 'arrived-at-kiosk');
  expect(fromPage.view.here).toBe('said');
  expect(fromKiosk.view.here).toBe('said');
  const recorded = await arrivals();
  expect(recorded.map((e) => [e.data, e.actor.kind])).toEqual([
    [{ type: 'entry.arrived', entryId: phone.entryId, via: 'status-page' }, 'person'],
    [{ type: 'entry.arrived', entryId: scanned.entryId, via: 'kiosk-scan' }, 'person'],
  ]);
  expect((await hub.api('GET', `/entries/${phone.entryId}`)).body.arrivedAt).toBe(new Date(recorded[0]!.at).toISOString());
});

it('takes it from a kiosk over MQTT as a scan only, and from staff over REST, once', async () => {
  const { entryId } = await joinRemotely();
  const before = (await arrivals()).length;
  const asDesk = await askAsKiosk('arrived', { entryId, via: 'desk' });
  expect(asDesk).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Kiosk kiosk-1 records arrivals by a scan at the kiosk, not by desk' } });
  expect(await askAsKiosk('arrived', { entryId, via: 'kiosk-scan' })).toMatchObject({ ok: true, result: { entryId } });
  const again = await hub.api('POST', `/entries/${entryId}/arrived`);
  expect(again.status).toBe(200);
  expect(again.body.arrivedAt).not.toBeNull();
  expect((await arrivals()).slice(before).map((e) => e.data)).toEqual([{ type: 'entry.arrived', entryId, via: 'kiosk-scan' }]);

  const other = await joinRemotely();
  expect((await hub.api('POST', `/entries/${other.entryId}/arrived`, { via: 'nowhere' })).status).toBe(400);
  expect((await hub.api('POST', `/entries/${other.entryId}/arrived`)).body.arrivedAt).not.toBeNull();
  expect((await arrivals()).at(-1)!.data).toEqual({ type: 'entry.arrived', entryId: other.entryId, via: 'desk' });
});
