/**
 * The contact-center mirror against a real, independent upstream broker
 * (Debian's Mosquitto, with its own users), through outages of the broker and
 * of the hub itself.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { upstreamTopics, type CallbackRequest, type UpstreamEvent, type UpstreamReply } from '../../hub/contract/index.ts';
import type { SiteConfig } from '../../hub/site/config.ts';
import { QueueEngine } from '../../hub/engine/engine.ts';
import { createLogger } from '../../hub/log.ts';
import { apiKeyHash } from '../../hub/access/api-keys.ts';
import { hashSecret } from '../../hub/access/credentials.ts';
import { ContactCenterCommands } from '../../hub/mirror/contact-center-commands.ts';
import { MirrorStore } from '../../hub/mirror/mirror-store.ts';
import { Mirror } from '../../hub/mirror/service.ts';
import { EventLog } from '../../hub/store/event-log.ts';
import { startHubProcess } from '../helpers/hub-process.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';
import { clinicConfig } from '../helpers/queue.ts';
import { until } from '../helpers/until.ts';

const HUB_SECRET = 'hub-upstream-secret';
const CC_SECRET = 'contact-center-secret';
const env = { LOBBYLINE_MIRROR_PASSWORD: HUB_SECRET, LOBBYLINE_WEBHOOK_SECRET: 'webhook-secret-123' };
const actor = { kind: 'system' as const, id: 'test' };

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

function mirroredSite(siteId: string, extra: Partial<SiteConfig> = {}): SiteConfig {
  return {
    ...testSite(),
    siteId,
    mirror: { url: upstream.url, username: 'hub', passwordEnv: 'LOBBYLINE_MIRROR_PASSWORD', rejectUnauthorized: true },
    ...extra,
  };
}

async function mirroredHub(siteId: string, extra: Partial<SiteConfig> = {}): Promise<TestHub> {
  const hub = await startTestHub({ site: mirroredSite(siteId, extra), env, mirrorReconnectMs: 200, webhookBackoffMs: 100 });
  cleanups.push(() => hub.stop());
  return hub;
}

/** A contact-center consumer with a persistent session, collecting sequence numbers per site. */
async function contactCenter(name: string) {
  const client = await mqtt.connectAsync(upstream.url, {
    username: 'cc',
    password: CC_SECRET,
    clientId: `cc-${name}-${Date.now()}`,
    clean: false,
    reconnectPeriod: 200,
  });
  cleanups.push(() => client.endAsync(true));
  const seqs = new Map<string, number[]>();
  const redelivered: number[] = [];
  const callbacks: CallbackRequest[] = [];
  const replies: UpstreamReply[] = [];
  const replayed: UpstreamEvent[] = [];
  client.on('message', (topic, payload, packet) => {
    const message = JSON.parse(payload.toString());
    if (topic.endsWith('/cc/events')) {
      // A broker may deliver a QoS 1 message again after its own restart, flagged DUP; consumers drop
      // repeats by sequence number. Counted apart, so `seqs` shows what the mirror itself published.
      if (packet.dup) redelivered.push(message.seq);
      else seqs.set(message.site, [...(seqs.get(message.site) ?? []), message.seq]);
    }
    if (topic.endsWith('/cc/callbacks')) callbacks.push(message);
    if (topic.endsWith('/cc/replies')) replies.push(message);
    if (topic.endsWith('/cc/replayed')) replayed.push(message);
  });
  await client.subscribeAsync(['lobbyline/v1/+/cc/events', 'lobbyline/v1/+/cc/callbacks', 'lobbyline/v1/+/cc/replies', 'lobbyline/v1/+/cc/replayed'], {
    qos: 1,
  });
  return { client, seqs, redelivered, callbacks, replies, replayed };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

async function enrolMany(hub: TestHub, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, (_, i) => hub.engine.execute({ type: 'enroll', serviceId: ['lab', 'xray', 'reg'][i % 3]!, channel: 'kiosk' }, actor)),
  );
}

describe('event stream', () => {
  it('delivers every event once, in order, across a broker outage', async () => {
    const cc = await contactCenter('outage');
    const hub = await mirroredHub('site-outage');
    await enrolMany(hub, 20);
    await until(() => (cc.seqs.get('site-outage')?.length ?? 0) >= 20, 'the first 20 events');

    await upstream.stop();
    await enrolMany(hub, 150);
    await enrolMany(hub, 150);
    expect(hub.mirror!.health()).toMatchObject({ connected: false, depth: 300 });
    const metrics = await fetch(`${hub.httpUrl}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/^lobbyline_mirror_connected 0$/m);
    expect(metrics).toMatch(/^lobbyline_mirror_backlog_events 300$/m);
    await upstream.restart();
    await until(() => (cc.seqs.get('site-outage')?.length ?? 0) >= 320, 'the backlog after the outage');
    // One more event as a marker: the mirror publishes in order, so any duplicate of the backlog arrives before it.
    await enrolMany(hub, 1);
    await until(() => cc.seqs.get('site-outage')!.includes(321), 'the marker event after the backlog');
    expect(cc.seqs.get('site-outage')).toEqual(range(321));
    // Whatever the broker redelivered is a repeat of something already seen, never something new.
    expect(cc.redelivered.every((seq) => seq <= 20)).toBe(true);
    await until(() => hub.mirror!.health().depth === 0, 'the mirror to catch up');
  });

  it('resumes after the hub itself is killed during the outage', async () => {
    const cc = await contactCenter('hub-killed');
    const dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-mirror-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const sitePath = join(dataDir, 'site.json');
    await writeFile(sitePath, JSON.stringify(mirroredSite('site-killed')));
    const enrol = async (hub: { api: (m: string, p: string, b?: unknown) => Promise<{ status: number }> }, n: number) => {
      for (let i = 0; i < n; i++) expect((await hub.api('POST', '/entries', { serviceId: 'lab' })).status).toBe(201);
    };

    let hub = await startHubProcess(dataDir, { sitePath, env });
    cleanups.push(() => hub.stop());
    await enrol(hub, 10);
    await until(() => (cc.seqs.get('site-killed')?.length ?? 0) >= 10, 'events before the outage');
    await upstream.stop();
    await enrol(hub, 60);
    hub.child.kill('SIGKILL');
    await new Promise((r) => hub.child.once('exit', r));
    hub = await startHubProcess(dataDir, { sitePath, env });
    cleanups.push(() => hub.stop());
    await enrol(hub, 30);
    await upstream.restart();
    await until(() => (cc.seqs.get('site-killed')?.length ?? 0) >= 100, 'every event after the restarts');
    await enrol(hub, 1); // the marker: anything repeated is published before it
    await until(() => cc.seqs.get('site-killed')!.includes(101), 'the marker event after the restarts');
    expect(cc.seqs.get('site-killed')).toEqual(range(101));
  });

  it('never has more than the window of 128 events published past its stored position, however slow storing it is', async () => {
    // What a hub killed at that moment would publish again: everything after the stored position.
    const cc = await contactCenter('slow-store');
    const dir = await mkdtemp(join(tmpdir(), 'lobbyline-mirror-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const log = await EventLog.open(join(dir, 'events.sqlite'));
    const engine = await QueueEngine.open({ config: { ...clinicConfig(), siteId: 'site-slow-store' }, log });
    cleanups.push(() => log.close(), () => engine.close());
    for (let i = 0; i < 600; i++) await engine.execute({ type: 'enroll', serviceId: ['lab', 'xray', 'reg'][i % 3]!, channel: 'kiosk' }, actor);

    const store = await MirrorStore.open(join(dir, 'mirror.sqlite'));
    let stored = 0;
    const setCursor = store.setCursor.bind(store);
    store.setCursor = async (consumer, seq) => {
      await new Promise((r) => setTimeout(r, 100)); // a slow disk
      await setCursor(consumer, seq);
      stored = seq;
    };
    let furthestPastStored = 0;
    cc.client.on('message', (topic, payload) => {
      const message = JSON.parse(payload.toString()) as UpstreamEvent;
      if (topic.endsWith('/cc/events') && message.site === 'site-slow-store') furthestPastStored = Math.max(furthestPastStored, message.seq - stored);
    });
    const mirror = await Mirror.start({
      siteId: 'site-slow-store',
      siteName: 'Slow store clinic',
      languages: ['en'],
      url: upstream.url,
      clientId: 'lobbyline-site-slow-store',
      username: 'hub',
      password: HUB_SECRET,
      rejectUnauthorized: true,
      log,
      engine,
      store,
      commands: new ContactCenterCommands(engine, store, async (entryId) => `https://wait.test/${entryId}`),
      logger: createLogger('error', () => {}),
    });
    cleanups.push(() => store.close(), () => mirror.close());
    await until(() => (cc.seqs.get('site-slow-store') ?? []).includes(600), 'the whole log upstream');
    expect(cc.seqs.get('site-slow-store')).toEqual(range(600));
    expect(furthestPastStored).toBeLessThanOrEqual(128);
  });

  it('carries several sites into one upstream broker, each complete', async () => {
    const cc = await contactCenter('multi');
    const hubs = await Promise.all(['north', 'south', 'east'].map((site) => mirroredHub(`clinic-${site}`)));
    await Promise.all(hubs.map((hub, i) => enrolMany(hub, 20 + i * 10)));
    await until(() => hubs.every((hub) => (cc.seqs.get(hub.engine.config.siteId)?.length ?? 0) >= hub.engine.state.seq), 'all three streams');
    for (const hub of hubs) expect(cc.seqs.get(hub.engine.config.siteId)).toEqual(range(hub.engine.state.seq));
  });

  it('replays a range of events on request', async () => {
    const cc = await contactCenter('replay');
    const hub = await mirroredHub('site-replay');
    await enrolMany(hub, 8);
    await until(() => (cc.seqs.get('site-replay')?.length ?? 0) >= 8, 'the live stream');
    await cc.client.publishAsync(upstreamTopics('site-replay').replay, JSON.stringify({ fromSeq: 3, toSeq: 5 }), { qos: 1 });
    await until(() => cc.replayed.length >= 3, 'the replay');
    expect(cc.replayed.map((e) => [e.seq, e.replay])).toEqual([
      [3, true],
      [4, true],
      [5, true],
    ]);
    expect(cc.seqs.get('site-replay')).toEqual(range(8)); // the live stream is untouched
  });
});

describe('contact-center requests', () => {
  it('puts phone callers and walk-ins in one line, calls back, and records the outcome', async () => {
    const cc = await contactCenter('callers');
    const hub = await mirroredHub('site-callers');
    const topics = upstreamTopics('site-callers');
    const ask = async (type: string, body: object) => {
      const before = cc.replies.length;
      await cc.client.publishAsync(topics.command(type), JSON.stringify(body), { qos: 1 });
      await until(() => cc.replies.length > before, `a reply to ${type}`);
      return cc.replies[cc.replies.length - 1]!;
    };

    const expected: string[] = [];
    for (let i = 0; i < 3; i++) {
      const walkIn = await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
      expected.push(walkIn.body.ticket);
      const caller = await ask('enroll', { requestId: `call-${i}`, serviceId: 'lab', phone: `+1555000000${i}`, language: 'es' });
      expect(caller).toMatchObject({ ok: true, result: { channel: 'phone', callbackNumber: `+1555000000${i}`, language: 'es' } });
      expected.push((caller as { result: { ticket: string } }).result.ticket);
    }
    const line = await hub.api('GET', '/entries?status=waiting&serviceId=lab');
    expect(line.body.map((e: { ticket: string }) => e.ticket)).toEqual(expected);
    expect(line.body.map((e: { channel: string }) => e.channel)).toEqual(['kiosk', 'phone', 'kiosk', 'phone', 'kiosk', 'phone']);

    // The same request again answers the same and enrols nobody new.
    const again = await ask('enroll', { requestId: 'call-0', serviceId: 'lab', phone: '+15550000000' });
    expect((again as { result: { ticket: string } }).result.ticket).toBe(expected[1]);
    expect((await hub.api('GET', '/entries?status=waiting&serviceId=lab')).body).toHaveLength(6);

    await hub.api('POST', '/counters/c1/status', { status: 'open' });
    const first = await hub.api('POST', '/counters/c1/call-next');
    await hub.api('POST', `/entries/${first.body.entryId}/start-serving`);
    const phoneCall = await hub.api('POST', '/counters/c1/call-next');
    expect(phoneCall.body.channel).toBe('phone');
    await until(() => cc.callbacks.length > 0, 'a callback request');
    expect(cc.callbacks[0]).toMatchObject({ ticket: expected[1], callbackNumber: '+15550000000', counterId: 'c1', language: 'es' });

    const reached = await ask('callback-outcome', { requestId: 'out-1', entryId: phoneCall.body.entryId, outcome: 'reached' });
    expect(reached).toMatchObject({ ok: true, result: { status: 'serving' } });
    const done = await ask('callback-outcome', { requestId: 'out-2', entryId: phoneCall.body.entryId, outcome: 'completed' });
    expect(done).toMatchObject({ ok: true, result: { status: 'done' } });

    // Unanswered: back into the line once, then a no-show.
    const next = await hub.api('POST', '/counters/c1/call-next');
    const nextPhone = await hub.api('POST', `/entries/${next.body.entryId}/start-serving`).then(() => hub.api('POST', '/counters/c1/call-next'));
    expect(nextPhone.body.channel).toBe('phone');
    const noAnswer = await ask('callback-outcome', { requestId: 'out-3', entryId: nextPhone.body.entryId, outcome: 'no-answer' });
    expect(noAnswer).toMatchObject({ ok: true, result: { status: 'waiting' } });
    const recalled = await hub.api('POST', '/counters/c1/call-entry', { entryId: nextPhone.body.entryId });
    expect(recalled.status).toBe(200);
    const second = await ask('callback-outcome', { requestId: 'out-4', entryId: nextPhone.body.entryId, outcome: 'no-answer' });
    expect(second).toMatchObject({ ok: true, result: { status: 'no_show' } });
  });

  it('looks callers up by phone and moves a remote waiter to the phone, keeping the place', async () => {
    const hub = await mirroredHub('site-lookup');
    await hub.api('POST', '/entries', { serviceId: 'xray' });
    const remote = await hub.api('POST', '/entries', { serviceId: 'xray', channel: 'remote', phone: '+15557654321' });
    const found = await hub.api('POST', '/contact-center/lookup', { requestId: 'l1', phone: '+15557654321' });
    expect(found.body.result).toEqual([expect.objectContaining({ entryId: remote.body.entryId, position: 2, channel: 'remote' })]);
    const moved = await hub.api('POST', '/contact-center/change-channel', { requestId: 'c1', entryId: remote.body.entryId, phone: '+15557654321' });
    expect(moved.body.result).toMatchObject({ channel: 'phone', channelHistory: ['remote', 'phone'], position: 2 });
  });

  it('answers malformed and unknown requests with a clear error and changes nothing', async () => {
    const cc = await contactCenter('bad');
    const hub = await mirroredHub('site-bad');
    const topics = upstreamTopics('site-bad');
    await until(() => hub.mirror!.health().connected, 'the mirror to connect');
    const seq = hub.engine.state.seq;
    await cc.client.publishAsync(topics.command('enroll'), '{"requestId": ', { qos: 1 });
    await cc.client.publishAsync(topics.command('teleport'), JSON.stringify({ requestId: 'x1' }), { qos: 1 });
    await cc.client.publishAsync(topics.command('enroll'), JSON.stringify({ requestId: 'x2', serviceId: 'lab', phone: '12' }), { qos: 1 });
    await until(() => cc.replies.length >= 3, 'three error replies');
    expect(cc.replies.map((r) => r.ok)).toEqual([false, false, false]);
    expect(cc.replies.map((r) => (r.ok ? '' : r.error.message)).join('\n')).toMatch(/not valid JSON[\s\S]*Unknown contact-center command 'teleport'[\s\S]*phone/);
    expect(hub.engine.state.seq).toBe(seq);
  });
});

describe('contact-center replies over REST', () => {
  it('answers every refusal as cc/replies does, {requestId, ok: false, error}, with the HTTP status of the error', async () => {
    const cc = await contactCenter('rest-shape');
    const readerKey = 'reader-key-0123456789abcdef0123456789';
    const site = mirroredSite('site-rest-shape');
    // An older scrypt key: only then are wrong keys limited per address (429), as they cost a hash each.
    const legacy = { id: 'legacy', secretHash: hashSecret('legacy-key-0123456789abcdef'), scopes: ['contact-center' as const] };
    const hub = await mirroredHub('site-rest-shape', { apiKeys: [...site.apiKeys, { id: 'reader', secretHash: apiKeyHash(readerKey), scopes: ['read'] }, legacy] });
    const topics = upstreamTopics('site-rest-shape');
    await until(() => hub.mirror!.health().connected, 'the mirror to connect');
    const overMqtt = async (type: string, body: string) => {
      const before = cc.replies.length;
      await cc.client.publishAsync(topics.command(type), body, { qos: 1 });
      await until(() => cc.replies.length > before, `a reply to ${type}`);
      return cc.replies.at(-1)!;
    };
    const seq = hub.engine.state.seq;

    // The same bad request both ways: the same reply, with the status its code maps to.
    const bad: [type: string, body: object, status: number][] = [
      ['teleport', { requestId: 'x1' }, 400],
      ['enroll', { requestId: 'x2', serviceId: 'lab', phone: '12' }, 400],
      ['enroll', { serviceId: 'lab', phone: '+15550001111' }, 400], // no requestId: null in the reply
      ['lookup', { requestId: 42, phone: '+15550001111' }, 400], // not a string: null as well
      ['cancel', { requestId: 'x3', entryId: 'no-such-entry' }, 404],
    ];
    for (const [type, body, status] of bad) {
      const rest = await hub.api('POST', `/contact-center/${type}`, body);
      const mqttReply = await overMqtt(type, JSON.stringify(body));
      expect(rest.body, `${type} ${JSON.stringify(body)}`).toEqual(mqttReply);
      expect(rest.body).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.any(String) } });
      expect(rest.status, `${type} ${JSON.stringify(body)}`).toBe(status);
    }
    expect(cc.replies.slice(-5).map((r) => r.requestId)).toEqual(['x1', 'x2', null, null, 'x3']);

    // Malformed JSON: nothing to take a requestId from, both ways.
    const mqttMalformed = await overMqtt('enroll', '{"requestId": ');
    const restMalformed = await hub.api('POST', '/contact-center/enroll', '{"requestId": ');
    expect(restMalformed.status).toBe(400);
    for (const reply of [mqttMalformed, restMalformed.body]) expect(reply).toEqual({ requestId: null, ok: false, error: { code: 'invalid_request', message: expect.any(String) } });

    // Refused before the body is read: the key, its scope, its rate, the body's size.
    const body = { requestId: 'x4', serviceId: 'lab', phone: '+15550001111' };
    const refusal = (code: string) => ({ requestId: null, ok: false, error: { code, message: expect.any(String) } });
    expect(await hub.api('POST', '/contact-center/enroll', body, { authorization: 'Bearer wrong-key' })).toEqual({ status: 401, body: refusal('unauthorized') });
    expect(await hub.api('POST', '/contact-center/enroll', body, { authorization: `Bearer ${readerKey}` })).toEqual({ status: 403, body: refusal('forbidden') });
    const huge = { ...body, reference: 'x'.repeat(100_000) };
    expect(await hub.api('POST', '/contact-center/enroll', huge)).toMatchObject({ status: 413, body: refusal('too_large') });
    let limited = await hub.api('POST', '/contact-center/enroll', body, { authorization: 'Bearer wrong-key' });
    for (let i = 0; i < 60 && limited.status !== 429; i++) limited = await hub.api('POST', '/contact-center/enroll', body, { authorization: 'Bearer wrong-key' });
    expect(limited).toEqual({ status: 429, body: refusal('rate_limited') });
    expect(hub.engine.state.seq).toBe(seq);

    // Successes keep their shape, the same both ways.
    const restEnrol = await hub.api('POST', '/contact-center/enroll', body);
    expect(restEnrol).toMatchObject({ status: 200, body: { requestId: 'x4', ok: true, result: { channel: 'phone', callbackNumber: '+15550001111' } } });
    expect(await overMqtt('enroll', JSON.stringify(body))).toEqual(restEnrol.body);
  });
});

describe('webhooks', () => {
  it('signs entry events, retries a failure with backoff and never skips one', async () => {
    const received: { id: string; body: string; valid: boolean; status: number }[] = [];
    let failuresLeft = 2;
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const timestamp = String(request.headers['x-lobbyline-timestamp']);
        const expected = `sha256=${createHmac('sha256', env.LOBBYLINE_WEBHOOK_SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
        const status = failuresLeft-- > 0 ? 500 : 200;
        received.push({ id: String(request.headers['x-lobbyline-event-id']), body, valid: request.headers['x-lobbyline-signature'] === expected, status });
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const { port } = server.address() as { port: number };
    const hub = await mirroredHub('site-hooks', {
      mirror: undefined,
      webhooks: [{ id: 'crm', url: `http://127.0.0.1:${port}/hook`, secretEnv: 'LOBBYLINE_WEBHOOK_SECRET' }],
    });
    await hub.api('POST', '/entries', { serviceId: 'lab' });
    await hub.api('POST', '/counters/c1/status', { status: 'open' }); // not an entry event: not sent
    await hub.api('POST', '/entries', { serviceId: 'lab' });
    await until(() => received.filter((r) => r.status === 200).length >= 2, 'both entry events accepted');
    expect(received.every((r) => r.valid)).toBe(true);
    expect(received.map((r) => [r.id, r.status])).toEqual([
      ['site-hooks:1', 500],
      ['site-hooks:1', 500],
      ['site-hooks:1', 200],
      ['site-hooks:3', 200],
    ]);
    expect(JSON.parse(received[2]!.body)).toMatchObject({ site: 'site-hooks', seq: 1, type: 'entry.enrolled' });
  });
});
