/**
 * A kiosk's credential enrols people at the kiosk, with the priorities the
 * site allows there, over the real broker: a kiosk (or whoever holds its
 * password) cannot enrol anyone as a phone caller, a remote waiter or a desk
 * walk-in, nor give priority 9.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { siteTopics } from '../../hub/contract/index.ts';
import { DEMO_PASSWORDS, startTestHub, testSite, type TestHub } from '../helpers/hub.ts';

const topics = siteTopics('demo-clinic');
let hub: TestHub;
let kiosk: mqtt.MqttClient;
const waiting = new Map<string, (reply: any) => void>();

beforeAll(async () => {
  const site = testSite();
  site.priority = { ...site.priority, kioskClasses: [0, 1] };
  hub = await startTestHub({ site });
  kiosk = await mqtt.connectAsync(hub.mqttUrl, { username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'], clientId: 'kiosk-rights' });
  kiosk.on('message', (_topic, payload) => {
    const reply = JSON.parse(payload.toString());
    waiting.get(reply.id)?.(reply);
  });
  await kiosk.subscribeAsync(topics.reply('kiosk-rights'));
});
afterAll(async () => {
  await kiosk?.endAsync();
  await hub?.stop();
});

function ask(type: string, payload: object): Promise<any> {
  const id = `r${waiting.size}`;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    void kiosk.publishAsync(topics.command(type), JSON.stringify({ id, ...payload }), { qos: 1 });
  });
}

it('refuses other channels and priorities beyond the site’s kiosk classes, and changes nothing', async () => {
  const seqBefore = hub.engine.state.seq;
  for (const channel of ['remote', 'phone', 'desk']) {
    const reply = await ask('enroll', { serviceId: 'lab', channel, requestId: `as-${channel}` });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden', message: `Kiosk kiosk-1 enrols people at the kiosk, not by ${channel}` } });
    const checkIn = await ask('check-in', { reference: 'APT-1', channel });
    expect(checkIn).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  }
  const urgent = await ask('enroll', { serviceId: 'lab', channel: 'kiosk', priority: 9, requestId: 'urgent-9' });
  expect(urgent).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Kiosk kiosk-1 may give priority 0 or 1, not 9: staff give higher priority' } });
  expect(hub.engine.state.seq).toBe(seqBefore);
});

it('enrols at the kiosk with a priority the site allows there', async () => {
  const plain = await ask('enroll', { serviceId: 'lab', channel: 'kiosk', requestId: 'plain-0' });
  const priority = await ask('enroll', { serviceId: 'lab', channel: 'kiosk', priority: 1, requestId: 'priority-1' });
  expect(plain).toMatchObject({ ok: true, result: { channel: 'kiosk' } });
  expect(priority).toMatchObject({ ok: true });
  expect(hub.engine.state.entries[priority.result.entryId]).toMatchObject({ channel: 'kiosk', priority: 1 });
});
