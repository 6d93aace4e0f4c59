/**
 * Hand-offs keep the person: a caller the contact center put in line (over a
 * real Mosquitto) who walks in and types their number at the kiosk goes on
 * with the same ticket; a caller moved to remote waiting gets their status
 * link, in the reply and by text; the reason and notes travel to the callback
 * request and the look-up, which also finds the day's ended visits.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { siteTopics, upstreamTopics, type CallbackRequest, type CallerEntry, type PrintJob, type UpstreamReply } from '../../hub/contract/index.ts';
import type { SiteConfig } from '../../hub/site/config.ts';
import { smsConfigSchema } from '../../hub/sms/config.ts';
import { DEMO_PASSWORDS, startTestHub, testSite, type TestHub } from '../helpers/hub.ts';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';
import { until } from '../helpers/until.ts';

const HUB_SECRET = 'hub-upstream-secret';
const CC_SECRET = 'contact-center-secret';
const env = { LOBBYLINE_MIRROR_PASSWORD: HUB_SECRET };
const SITE = 'demo-clinic';

let upstream: MosquittoBroker;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  upstream = await startMosquitto({ users: { hub: HUB_SECRET, cc: CC_SECRET } });
});
afterAll(async () => {
  await upstream.dispose();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The demo site, mirrored to Mosquitto, texting through the console gateway into a file the test reads. */
async function handoffHub(): Promise<{ hub: TestHub; texts: () => Promise<string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lobbyline-handoffs-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'texts.txt');
  const site: SiteConfig = {
    ...testSite(),
    mirror: { url: upstream.url, username: 'hub', passwordEnv: 'LOBBYLINE_MIRROR_PASSWORD', rejectUnauthorized: true },
    sms: smsConfigSchema.parse({ gateway: { type: 'console', file }, defaultCountry: 'US' }),
  };
  const hub = await startTestHub({ site, env, mirrorReconnectMs: 200 });
  cleanups.push(() => hub.stop());
  await until(() => hub.mirror!.health().connected, 'the mirror to connect');
  return { hub, texts: () => readFile(file, 'utf8').catch(() => '') };
}

/** The contact center on the upstream broker: its requests, their replies, the callback requests. */
async function contactCenter() {
  const client = await mqtt.connectAsync(upstream.url, { username: 'cc', password: CC_SECRET, clientId: `cc-handoffs-${Date.now()}` });
  cleanups.push(() => client.endAsync(true));
  const replies: UpstreamReply[] = [];
  const callbacks: CallbackRequest[] = [];
  client.on('message', (topic, payload) => {
    if (topic.endsWith('/cc/replies')) replies.push(JSON.parse(payload.toString()));
    if (topic.endsWith('/cc/callbacks')) callbacks.push(JSON.parse(payload.toString()));
  });
  await client.subscribeAsync([`lobbyline/v1/${SITE}/cc/replies`, `lobbyline/v1/${SITE}/cc/callbacks`], { qos: 1 });
  const topics = upstreamTopics(SITE);
  const ask = async (type: string, body: { requestId: string } & Record<string, unknown>): Promise<UpstreamReply> => {
    await client.publishAsync(topics.command(type), JSON.stringify(body), { qos: 1 });
    await until(() => replies.some((r) => r.requestId === body.requestId), `a reply to ${type} ${body.requestId}`);
    return replies.find((r) => r.requestId === body.requestId)!;
  };
  return { ask, callbacks };
}

/** kiosk-1's screen: sends commands as the kiosk app does and sees the print jobs its agent would print. */
async function kioskScreen(hub: TestHub) {
  const topics = siteTopics(SITE);
  const clientId = `kiosk-1-screen-${Date.now()}`;
  const client: MqttClient = await mqtt.connectAsync(hub.mqttUrl, { username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'], clientId });
  cleanups.push(() => client.endAsync(true));
  const replies = new Map<string, any>();
  const jobs: PrintJob[] = [];
  client.on('message', (topic, payload) => {
    const message = JSON.parse(payload.toString());
    if (topic === topics.reply(clientId)) replies.set(message.id, message);
    if (topic === topics.deviceJobs('kiosk-1')) jobs.push(message);
  });
  await client.subscribeAsync([topics.reply(clientId), topics.deviceJobs('kiosk-1')], { qos: 1 });
  let n = 0;
  const send = async (type: string, body: object) => {
    const id = `k${++n}`;
    await client.publishAsync(topics.command(type), JSON.stringify({ id, ...body }), { qos: 1 });
    await until(() => replies.has(id), `the hub's answer to ${type}`);
    return replies.get(id);
  };
  return { send, jobs };
}

describe('hand-offs', () => {
  it('a caller who walks in and types their number at the kiosk keeps their ticket and place; a number not in line learns nothing', async () => {
    const { hub } = await handoffHub();
    const cc = await contactCenter();
    const kiosk = await kioskScreen(hub);
    await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
    const called = await cc.ask('enroll', { requestId: 'walk-in-1', serviceId: 'lab', phone: '+15550001111', language: 'es', reason: 'Lab results', note: 'Hard of hearing' });
    expect(called).toMatchObject({ ok: true, result: { channel: 'phone', position: 2, reason: 'Lab results', notes: [{ text: 'Hard of hearing', by: 'contact-center' }] } });
    const caller = (called as { result: CallerEntry }).result;

    const continued = await kiosk.send('continue-visit', { phone: '+15550001111', channel: 'kiosk' });
    expect(continued).toMatchObject({ ok: true, result: { entryId: caller.entryId, ticket: caller.ticket, channel: 'kiosk', channelHistory: ['phone', 'kiosk'], position: 2, language: 'es' } });
    // Nothing private in a kiosk's answer, and the ticket printed is the visit's own.
    expect(JSON.stringify(continued)).not.toMatch(/Lab results|Hard of hearing|5550001111/);
    await until(() => kiosk.jobs.length > 0, 'a print job');
    expect(kiosk.jobs[0]).toMatchObject({ ticket: caller.ticket, language: 'es' });
    expect((await hub.api('GET', '/entries?status=waiting&serviceId=lab')).body).toHaveLength(2);

    const unknown = await kiosk.send('continue-visit', { phone: '+15559990000', channel: 'kiosk' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found', reason: 'visit.not_found', params: {} } });
    // A kiosk may not move anyone anywhere but the kiosk.
    const elsewhere = await kiosk.send('continue-visit', { phone: '+15550001111', channel: 'remote' });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('turns away a kiosk that keeps trying numbers that are not in line, but never one that is', async () => {
    const { hub } = await handoffHub();
    const kiosk = await kioskScreen(hub);
    await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'remote', phone: '+15550002222' });
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await kiosk.send('continue-visit', { phone: `+1555999${String(i).padStart(4, '0')}`, channel: 'kiosk' }));
    expect(answers.slice(0, 10).map((a) => a.error.code)).toEqual(Array(10).fill('not_found'));
    expect(answers[10]).toMatchObject({ ok: false, error: { code: 'rate_limited', reason: 'lookup.too_many' } });
    expect(await kiosk.send('continue-visit', { phone: '+15550002222', channel: 'kiosk' })).toMatchObject({ ok: true, result: { channel: 'kiosk' } });
  });

  it('moves a caller to remote waiting with the status link in the reply and by text, and the callback request carries reason, notes and reference', async () => {
    const { hub, texts } = await handoffHub();
    const cc = await contactCenter();
    const enrolled = await cc.ask('enroll', { requestId: 'remote-1', serviceId: 'xray', phone: '+12125550199', reference: 'call-77', reason: 'Renew permit' });
    const entryId = (enrolled as { result: CallerEntry }).result.entryId;
    const added = await hub.api('POST', `/entries/${entryId}/add-note`, { text: 'Brings the form' });
    expect(added.status).toBe(200);

    const moved = await cc.ask('change-channel', { requestId: 'move-1', entryId, phone: '+12125550199', channel: 'remote' });
    expect(moved).toMatchObject({ ok: true, result: { channel: 'remote', channelHistory: ['phone', 'remote'], statusUrl: expect.stringContaining(`${hub.publicUrl}/wait/#`) } });
    await until(async () => (await texts()).includes('keeps its place in line'), 'the status link texted');
    const text = await texts();
    expect(text).toContain(`Your place: ${hub.publicUrl}/wait/#`);
    expect(text).not.toMatch(/Renew permit|Brings the form/);

    // Back to the phone, then called: the callback request says who and why.
    await cc.ask('change-channel', { requestId: 'move-2', entryId, phone: '+12125550199' });
    await hub.api('POST', '/counters/c2/status', { status: 'open' });
    await hub.api('POST', '/counters/c2/call-entry', { entryId });
    await until(() => cc.callbacks.length > 0, 'a callback request');
    expect(cc.callbacks[0]).toMatchObject({
      entryId,
      reference: 'call-77',
      reason: 'Renew permit',
      notes: [{ text: 'Brings the form', by: expect.any(String), at: expect.any(String) }],
    });
  });

  it("finds the day's ended visits of a number after the ones still going, with what happened and through which channels", async () => {
    const { hub } = await handoffHub();
    const cc = await contactCenter();
    const phone = '+15550003333';
    const first = await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'remote', phone, note: 'Came for results' });
    expect(first.status).toBe(201);
    await hub.api('POST', '/counters/c1/status', { status: 'open' });
    await hub.api('POST', '/counters/c1/call-entry', { entryId: first.body.entryId });
    await hub.api('POST', `/entries/${first.body.entryId}/no-show`);
    const second = await cc.ask('enroll', { requestId: 'again-1', serviceId: 'lab', phone });
    const found = await cc.ask('lookup', { requestId: 'look-1', phone });
    expect(found.ok).toBe(true);
    const visits = (found as { result: CallerEntry[] }).result;
    expect(visits.map((v) => [v.entryId, v.status])).toEqual([
      [(second as { result: CallerEntry }).result.entryId, 'waiting'],
      [first.body.entryId, 'no_show'],
    ]);
    expect(visits[1]).toMatchObject({ channelHistory: ['remote'], calledAt: expect.any(String), finishedAt: expect.any(String), notes: [{ text: 'Came for results' }] });
  });

  it('a number already in line typed on the join page goes on as a remote waiter: the link goes to that number, not to the page', async () => {
    const { hub, texts } = await handoffHub();
    const cc = await contactCenter();
    const enrolled = await cc.ask('enroll', { requestId: 'join-1', serviceId: 'lab', phone: '+12125550177' });
    const caller = (enrolled as { result: CallerEntry }).result;
    const join = (body: object) =>
      fetch(`${hub.httpUrl}/wait/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const joined = await join({ serviceId: 'lab', language: 'en', requestId: 'join-page-1', phone: '(212) 555-0177', textConsent: true });
    expect(joined).toEqual({ status: 200, body: { alreadyInLine: true } });
    expect(hub.engine.state.entries[caller.entryId]).toMatchObject({ channel: 'remote', channelHistory: ['phone', 'remote'], ticket: caller.ticket });
    expect(Object.values(hub.engine.state.entries)).toHaveLength(1);
    await until(async () => (await texts()).includes(`Your place: ${hub.publicUrl}/wait/#`), 'the status link texted');
    // A number not in line simply joins.
    const fresh = await join({ serviceId: 'lab', language: 'en', requestId: 'join-page-2', phone: '(212) 555-0178', textConsent: true });
    expect(fresh).toMatchObject({ status: 201, body: { ticket: expect.any(String), token: expect.any(String) } });
  });
});
