/**
 * Voicemails from the contact center's IVR, through a real upstream broker
 * (Mosquitto) and the REST API: the caller waits in the service's line from
 * when the message was left, the callback request says when it is due, and
 * the contact center's retained state lists it until someone reaches them.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upstreamTopics, type CallbackRequest, type UpstreamReply, type UpstreamState } from '../../hub/contract/index.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';
import { until } from '../helpers/until.ts';

const HUB_SECRET = 'hub-upstream-secret';
const CC_SECRET = 'contact-center-secret';
const SITE = 'site-voicemail';
const CALLER = '+12125550123';
const MINUTE = 60_000;
const topics = upstreamTopics(SITE);

let upstream: MosquittoBroker;
let hub: TestHub;
let cc: mqtt.MqttClient;
let now = Date.parse('2026-03-02T14:00:00Z');
const replies: UpstreamReply[] = [];
const callbacks: CallbackRequest[] = [];
let state: UpstreamState | null = null;

beforeAll(async () => {
  upstream = await startMosquitto({ users: { hub: HUB_SECRET, cc: CC_SECRET } });
  cc = await mqtt.connectAsync(upstream.url, { username: 'cc', password: CC_SECRET, clientId: 'cc-voicemail', reconnectPeriod: 200 });
  cc.on('message', (topic, payload) => {
    const message = JSON.parse(payload.toString());
    if (topic === topics.replies) replies.push(message);
    if (topic === topics.callbacks) callbacks.push(message);
    if (topic === topics.state) state = message;
  });
  await cc.subscribeAsync([topics.replies, topics.callbacks, topics.state], { qos: 1 });
  hub = await startTestHub({
    site: { ...testSite(), siteId: SITE, mirror: { url: upstream.url, username: 'hub', passwordEnv: 'MIRROR_PASSWORD', rejectUnauthorized: true } },
    env: { MIRROR_PASSWORD: HUB_SECRET },
    clock: () => now,
    mirrorReconnectMs: 200,
  });
});
afterAll(async () => {
  await hub?.stop();
  await cc?.endAsync(true);
  await upstream?.dispose();
});

async function ask(type: string, body: object): Promise<UpstreamReply> {
  const before = replies.length;
  await cc.publishAsync(topics.command(type), JSON.stringify(body), { qos: 1 });
  await until(() => replies.length > before, `a reply to ${type}`);
  return replies.at(-1)!;
}

const waitingTickets = async (serviceId: string) =>
  ((await hub.api('GET', `/entries?status=waiting&serviceId=${serviceId}`)).body as { ticket: string }[]).map((e) => e.ticket);

describe('a voicemail from the IVR', () => {
  it('waits from when it was left, is due by the site policy, and stays in the contact center view until reached', async () => {
    await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' }); // L-001 at 14:00
    now += 10 * MINUTE;
    await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' }); // L-002 at 14:10
    now += 2 * MINUTE;
    const leftAt = '2026-03-02T14:05:00.000Z';
    const reply = await ask('voicemail', { requestId: 'vm-1', phone: CALLER, language: 'es', serviceId: 'lab', leftAt, reason: 'results of my blood test' });
    expect(reply).toMatchObject({
      requestId: 'vm-1',
      ok: true,
      result: {
        ticket: 'L-003',
        channel: 'phone',
        via: 'voicemail',
        language: 'es',
        callbackNumber: CALLER,
        position: 2,
        voicemail: { leftAt, returnBy: '2026-03-02T15:05:00.000Z' },
      },
    });
    // Between the walk-in who came before the message was left and the one who came after.
    expect(await waitingTickets('lab')).toEqual(['L-001', 'L-003', 'L-002']);
    const entryId = (reply as { result: { entryId: string } }).result.entryId;

    // The same request again changes nothing.
    expect(await ask('voicemail', { requestId: 'vm-1', phone: CALLER, serviceId: 'lab', leftAt })).toEqual(reply);
    expect(await waitingTickets('lab')).toEqual(['L-001', 'L-003', 'L-002']);

    await until(() => state?.voicemails.length === 1, 'the voicemail in cc/state');
    expect(state!.voicemails).toEqual([{ entryId, ticket: 'L-003', serviceId: 'lab', status: 'waiting', leftAt, returnBy: '2026-03-02T15:05:00.000Z' }]);
    expect(JSON.stringify(state)).not.toContain(CALLER.slice(2));
    // Who the site is and the clock it keeps, so the console can show its times on it.
    const site = testSite();
    expect(state).toMatchObject({ site: SITE, name: site.name, timeZone: site.timezone, languages: site.languages });

    await hub.api('POST', '/counters/c1/status', { status: 'open' });
    const first = (await hub.api('POST', '/counters/c1/call-next')).body.entryId;
    await hub.api('POST', `/entries/${first}/start-serving`);
    expect((await hub.api('POST', `/entries/${first}/complete`)).status).toBe(200);
    now += 40 * MINUTE;
    expect((await hub.api('POST', '/counters/c1/call-next')).body.ticket).toBe('L-003');
    await until(() => callbacks.length === 1, 'the callback request');
    expect(callbacks[0]).toMatchObject({ entryId, ticket: 'L-003', callbackNumber: CALLER, language: 'es', voicemail: { leftAt, returnBy: '2026-03-02T15:05:00.000Z' } });
    // Called but not reached: still open.
    await until(() => state?.voicemails[0]?.status === 'called', 'the called voicemail in cc/state');

    expect(await ask('callback-outcome', { requestId: 'vm-1-reached', entryId, outcome: 'reached' })).toMatchObject({ ok: true, result: { status: 'serving' } });
    await until(() => state?.voicemails.length === 0, 'the voicemail gone from cc/state once reached');
  });

  it('is the same request over REST, and refuses a voicemail from the future or without its time, changing nothing', async () => {
    const before = hub.engine.state.seq;
    const future = await hub.api('POST', '/contact-center/voicemail', {
      requestId: 'vm-future',
      phone: CALLER,
      serviceId: 'xray',
      leftAt: new Date(now + 30 * MINUTE).toISOString(),
    });
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toMatch(/in the future/);
    const missing = await hub.api('POST', '/contact-center/voicemail', { requestId: 'vm-no-time', phone: CALLER, serviceId: 'xray' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toMatch(/leftAt/);
    expect(hub.engine.state.seq).toBe(before);

    const rest = await hub.api('POST', '/contact-center/voicemail', { requestId: 'vm-rest', phone: CALLER, serviceId: 'xray', leftAt: new Date(now - 5 * MINUTE).toISOString() });
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({ requestId: 'vm-rest', ok: true, result: { channel: 'phone', via: 'voicemail', serviceId: 'xray', position: 1 } });
  });
});
