/**
 * Phone callers' callbacks through the real hub, with Mosquitto as the
 * contact center's broker: a callback nobody reports on times out by itself
 * and frees its counter, a recall asks for attempt 2, and each attempt's
 * outcome is kept. Time passes on the hub's own clock.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { upstreamTopics, type CallbackRequest, type UpstreamEvent, type UpstreamReply, type UpstreamState } from '../../hub/contract/index.ts';
import type { SiteConfig } from '../../hub/site/config.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';
import { until } from '../helpers/until.ts';

const HUB_SECRET = 'hub-upstream-secret';
const CC_SECRET = 'contact-center-secret';
const env = { LOBBYLINE_MIRROR_PASSWORD: HUB_SECRET };
const MINUTE = 60_000;

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

interface Clock {
  now: number;
}

async function siteWithContactCenter(siteId: string, clock: Clock, options: { dataDir?: string; callbacks?: Partial<SiteConfig['callbacks']> } = {}) {
  const base = testSite();
  const site: SiteConfig = {
    ...base,
    siteId,
    mirror: { url: upstream.url, username: 'hub', passwordEnv: 'LOBBYLINE_MIRROR_PASSWORD', rejectUnauthorized: true },
    callbacks: { ...base.callbacks, ...options.callbacks },
  };
  const hub = await startTestHub({
    site,
    env,
    clock: () => clock.now,
    mirrorReconnectMs: 200,
    callbackCheckMs: 50,
    ...(options.dataDir && { dataDir: options.dataDir }),
  });
  return hub;
}

/** The contact center: follows the site's events, callback requests and replies, and asks. */
async function contactCenter(siteId: string) {
  const client = await mqtt.connectAsync(upstream.url, { username: 'cc', password: CC_SECRET, clientId: `cc-${siteId}-${Date.now()}`, reconnectPeriod: 200 });
  cleanups.push(() => client.endAsync(true));
  const topics = upstreamTopics(siteId);
  const events: UpstreamEvent[] = [];
  const callbacks: CallbackRequest[] = [];
  const replies: UpstreamReply[] = [];
  const states: UpstreamState[] = [];
  client.on('message', (topic, payload) => {
    const message = JSON.parse(payload.toString());
    if (topic === topics.state) states.push(message);
    if (topic === topics.events) events.push(message);
    if (topic === topics.callbacks) callbacks.push(message);
    if (topic === topics.replies) replies.push(message);
  });
  await client.subscribeAsync([topics.events, topics.callbacks, topics.replies, topics.state], { qos: 1 });
  const ask = async (type: string, body: object) => {
    const before = replies.length;
    await client.publishAsync(topics.command(type), JSON.stringify(body), { qos: 1 });
    await until(() => replies.length > before, `a reply to ${type}`);
    return replies.at(-1)!;
  };
  return { events, callbacks, replies, states, ask };
}

async function openCounter(hub: TestHub) {
  expect((await hub.api('POST', '/counters/c1/status', { status: 'open' })).status).toBe(200);
}

describe('callback time limit', () => {
  it('times out a callback nobody reports on, puts the caller back at the front, then makes them a no-show', async () => {
    const clock = { now: Date.parse('2026-03-02T15:00:00Z') };
    const cc = await contactCenter('site-timeout');
    const hub = await siteWithContactCenter('site-timeout', clock, {
      callbacks: { answerMinutes: 10, retryMinutes: 5, maxCallbackAttempts: 2, requeuePosition: 1 },
    });
    cleanups.push(() => hub.stop());
    const caller = await cc.ask('enroll', { requestId: 'call-1', serviceId: 'lab', phone: '+15550001111', language: 'es' });
    expect(caller.ok).toBe(true);
    const entryId = (caller as { result: { entryId: string } }).result.entryId;
    for (let i = 0; i < 4; i++) await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
    await openCounter(hub);

    expect((await hub.api('POST', '/counters/c1/call-next')).body.entryId).toBe(entryId);
    await until(() => cc.callbacks.length === 1, 'the first callback request');
    expect(cc.callbacks[0]).toMatchObject({ entryId, attempt: 1, answerBy: new Date(clock.now + 10 * MINUTE).toISOString(), window: null });

    // Before the deadline the counter is still calling them.
    clock.now += 9 * MINUTE;
    expect((await hub.api('POST', '/counters/c1/call-next')).body.error.reason).toBe('counter.still_calling');

    clock.now += 1 * MINUTE;
    await until(() => cc.events.some((e) => e.type === 'entry.callback-result'), 'the time-out on cc/events');
    const timedOut = cc.events.find((e) => e.type === 'entry.callback-result')!;
    expect(timedOut).toMatchObject({ actor: { kind: 'system', id: 'callback-deadline' }, data: { entryId, attempt: 1, outcome: 'timed-out' } });
    // The result and the requeue are one commit: the counter is free, the caller first in line again.
    await until(() => cc.events.some((e) => e.seq === timedOut.seq + 1), 'the event after the time-out on cc/events');
    expect(cc.events.find((e) => e.seq === timedOut.seq + 1)).toMatchObject({ type: 'entry.requeued', data: { entryId, index: 0 } });
    const back = await hub.api('GET', `/entries/${entryId}`);
    expect(back.body).toMatchObject({ status: 'waiting', position: 1 });
    expect(back.body.callback.attempts).toEqual([
      {
        attempt: 1,
        requestedAt: new Date(clock.now - 10 * MINUTE).toISOString(),
        answerBy: new Date(clock.now).toISOString(),
        outcome: 'timed-out',
        outcomeAt: new Date(clock.now).toISOString(),
      },
    ]);

    // Until the retry interval has passed, the counter calls the others; they keep their place, not passed over.
    const first = await hub.api('POST', '/counters/c1/call-next');
    expect(first.body.channel).toBe('kiosk');
    await hub.api('POST', `/entries/${first.body.entryId}/start-serving`);
    expect((await hub.api('GET', `/entries/${entryId}`)).body).toMatchObject({ position: 1, callback: { callableFrom: new Date(clock.now + 5 * MINUTE).toISOString() } });
    expect(hub.engine.state.entries[entryId]!.passedOver).toBe(0);
    clock.now += 5 * MINUTE;
    const second = await hub.api('POST', '/counters/c1/call-next');
    expect(second.body.entryId).toBe(entryId);
    await until(() => cc.callbacks.length === 2, 'the second callback request');
    expect(cc.callbacks[1]).toMatchObject({ entryId, attempt: 2 });

    // The last attempt times out too: a no-show, the counter free again.
    clock.now += 10 * MINUTE;
    await until(() => cc.events.some((e) => e.type === 'entry.no-show'), 'the no-show');
    expect((await hub.api('GET', `/entries/${entryId}`)).body).toMatchObject({ status: 'no_show' });
    expect((await hub.api('POST', '/counters/c1/call-next')).status).toBe(200);
  });

  it('times out, after a restart, a callback that came due while the hub was down', async () => {
    const clock = { now: Date.parse('2026-03-02T15:00:00Z') };
    const cc = await contactCenter('site-restart');
    const dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-callbacks-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    let hub = await siteWithContactCenter('site-restart', clock, { dataDir });
    const caller = await cc.ask('enroll', { requestId: 'call-1', serviceId: 'lab', phone: '+15550002222' });
    const entryId = (caller as { result: { entryId: string } }).result.entryId;
    await openCounter(hub);
    await hub.api('POST', '/counters/c1/call-next');
    await hub.stop();

    clock.now += 30 * MINUTE;
    hub = await siteWithContactCenter('site-restart', clock, { dataDir });
    cleanups.push(() => hub.stop());
    await until(() => hub.engine.state.entries[entryId]?.status === 'waiting', 'the time-out after the restart');
    expect(hub.engine.state.entries[entryId]!.callback!.attempts[0]).toMatchObject({ outcome: 'timed-out' });
  });
});

describe('callback outcomes and recalls', () => {
  it('asks for attempt 2 when staff call a phone caller again, and keeps each outcome', async () => {
    const clock = { now: Date.parse('2026-03-02T15:00:00Z') };
    const cc = await contactCenter('site-recall');
    const hub = await siteWithContactCenter('site-recall', clock);
    cleanups.push(() => hub.stop());
    const caller = await cc.ask('enroll', { requestId: 'call-1', serviceId: 'lab', phone: '+15550003333' });
    const entryId = (caller as { result: { entryId: string } }).result.entryId;
    await openCounter(hub);
    await hub.api('POST', '/counters/c1/call-next');
    clock.now += 2 * MINUTE;
    expect((await hub.api('POST', `/entries/${entryId}/recall`)).status).toBe(200);
    await until(() => cc.callbacks.length === 2, 'the callback request of the recall');
    expect(cc.callbacks.map((c) => c.attempt)).toEqual([1, 2]);
    expect(cc.callbacks[1]).toMatchObject({ entryId, counterId: 'c1', callbackNumber: '+15550003333', answerBy: new Date(clock.now + 10 * MINUTE).toISOString() });

    // The first attempt was overtaken by the recall: it has no outcome. The report goes to the one under way.
    const reached = await cc.ask('callback-outcome', { requestId: 'out-1', entryId, outcome: 'reached' });
    expect(reached).toMatchObject({ ok: true, result: { status: 'serving' } });
    const again = await cc.ask('callback-outcome', { requestId: 'out-1', entryId, outcome: 'reached' });
    expect(again).toEqual(reached);
    clock.now += 3 * MINUTE;
    const done = await cc.ask('callback-outcome', { requestId: 'out-2', entryId, outcome: 'completed' });
    expect(done).toMatchObject({ ok: true, result: { status: 'done' } });
    const attempts = hub.engine.state.entries[entryId]!.callback!.attempts;
    expect(attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, null],
      [2, 'completed'],
    ]);
    const results = cc.events.filter((e) => e.type === 'entry.callback-result').map((e) => e.data);
    expect(results).toEqual([
      { type: 'entry.callback-result', entryId, attempt: 2, outcome: 'reached' },
      { type: 'entry.callback-result', entryId, attempt: 2, outcome: 'completed' },
    ]);
    // Nothing is left to time out.
    clock.now += 60 * MINUTE;
    const marker = await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
    await until(() => cc.events.some((e) => e.type === 'entry.enrolled' && e.data.entryId === marker.body.entryId), 'the marker event');
    expect(cc.events.filter((e) => e.type === 'entry.callback-result')).toHaveLength(2);
  });
});

describe('scheduled callbacks', () => {
  it('books "after 16:00" from the contact center and REST, passes them over until then, and shows the expected time on cc/state', async () => {
    const clock = { now: Date.parse('2026-03-02T15:00:00Z') };
    const cc = await contactCenter('site-window');
    const hub = await siteWithContactCenter('site-window', clock);
    cleanups.push(() => hub.stop());
    await openCounter(hub);
    const window = { notBefore: '2026-03-02T16:00:00.000Z', notAfter: '2026-03-02T17:00:00.000Z' };
    const booked = await cc.ask('enroll', { requestId: 'call-1', serviceId: 'lab', phone: '+15550004444', callback: window });
    expect(booked).toMatchObject({ ok: true, result: { position: 1, callback: { ...window, attempts: [], callableFrom: window.notBefore } } });
    const entryId = (booked as { result: { entryId: string } }).result.entryId;
    const viaRest = await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'phone', phone: '+15550005555', callback: { notBefore: '2026-03-02T15:30:00Z' } });
    expect(viaRest.status).toBe(201);
    const walkIn = await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
    const badWindow = await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk', callback: { notBefore: '2026-03-02T15:30:00Z' } });
    expect(badWindow.status).toBe(400);

    await until(() => cc.states.some((s) => s.seq === hub.engine.state.seq && s.callbacks.length === 2), 'cc/state with both callers');
    const state = [...cc.states].reverse().find((s) => s.seq === hub.engine.state.seq)!;
    expect(state.callbacks).toEqual([
      { entryId, ticket: expect.any(String), serviceId: 'lab', position: 1, expectedAt: window.notBefore, estimate: { lowMinutes: 60, highMinutes: 60 }, window },
      expect.objectContaining({ entryId: viaRest.body.entryId, position: 2, expectedAt: '2026-03-02T15:30:00.000Z', window: { notBefore: '2026-03-02T15:30:00.000Z', notAfter: null } }),
    ]);
    expect(JSON.stringify(cc.states)).not.toMatch(/555000/);

    // Before their times, the walk-in behind them is called; they keep their places.
    expect((await hub.api('POST', '/counters/c1/call-next')).body.entryId).toBe(walkIn.body.entryId);
    await hub.api('POST', `/entries/${walkIn.body.entryId}/start-serving`);
    expect((await hub.api('POST', '/counters/c1/call-next')).body.error.reason).toBe('counter.nobody_waiting');
    clock.now = Date.parse('2026-03-02T16:00:00Z');
    expect((await hub.api('POST', '/counters/c1/call-next')).body.entryId).toBe(entryId);
    await until(() => cc.callbacks.length === 1, 'the callback request');
    expect(cc.callbacks[0]).toMatchObject({ entryId, attempt: 1, window, answerBy: '2026-03-02T16:10:00.000Z' });
  });
});
