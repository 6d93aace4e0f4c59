/** The hub end to end over REST and MQTT: real SQLite file, real aedes, real mqtt clients. */
import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { siteTopics, type PublicNowServing, type PublicServiceState } from '../../hub/contract/index.ts';
import { DEMO_PASSWORDS, startTestHub, TEST_API_KEY, type TestHub } from '../helpers/hub.ts';

let hub: TestHub;
beforeEach(async () => {
  hub = await startTestHub();
});
afterEach(async () => {
  await hub.stop();
});

const topics = siteTopics('demo-clinic');

/** Resolves with the next message on a topic whose payload passes `match`. */
function nextMessage<T>(client: mqtt.MqttClient, topic: string, match: (payload: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (t: string, payload: Buffer) => {
      if (t !== topic) return;
      const parsed = JSON.parse(payload.toString()) as T;
      if (!match(parsed)) return;
      client.off('message', onMessage);
      resolve(parsed);
    };
    client.on('message', onMessage);
  });
}

describe('REST API', () => {
  it('enrols, calls and completes a visit, with the audit trail naming the API key', async () => {
    const enrolled = await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toMatchObject({ ticket: 'L-001', serviceId: 'lab', status: 'waiting', position: 1 });
    // No counter open yet: no made-up range, but that nobody serves the line.
    expect(enrolled.body).toMatchObject({ estimate: null, noCounterOpen: { usuallyOpensAt: null } });

    expect((await hub.api('POST', '/counters/c1/status', { status: 'open' })).status).toBe(200);
    const waiting = await hub.api('GET', `/entries/${enrolled.body.entryId}`);
    expect(waiting.body).toMatchObject({ noCounterOpen: null, estimate: { lowMinutes: expect.any(Number) } });
    expect(waiting.body.estimate.highMinutes).toBeGreaterThan(0);
    const called = await hub.api('POST', '/counters/c1/call-next');
    expect(called.body).toMatchObject({ entryId: enrolled.body.entryId, status: 'called', counterId: 'c1' });
    await hub.api('POST', `/entries/${enrolled.body.entryId}/start-serving`);
    const done = await hub.api('POST', `/entries/${enrolled.body.entryId}/complete`);
    expect(done.body.status).toBe('done');

    const events = await hub.api('GET', '/events?after=0&limit=10');
    expect(events.body.map((e: { data: { type: string } }) => e.data.type)).toEqual([
      'entry.enrolled',
      'counter.status-changed',
      'entry.called',
      'entry.serving',
      'entry.completed',
    ]);
    expect(events.body[0].actor).toMatchObject({ kind: 'integration', id: 'demo', device: '127.0.0.1' });
  });

  it('lists waiting entries in call order and reorders by move', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await hub.api('POST', '/entries', { serviceId: 'xray' })).body.entryId);
    await hub.api('POST', `/entries/${ids[2]}/move`, { toPosition: 1 });
    const waiting = await hub.api('GET', '/entries?status=waiting&serviceId=xray');
    expect(waiting.body.map((e: { ticket: string }) => e.ticket)).toEqual(['X-003', 'X-001', 'X-002']);
    expect(waiting.body.map((e: { position: number }) => e.position)).toEqual([1, 2, 3]);
  });

  it('two staff calling at once never get the same person', async () => {
    for (let i = 0; i < 2; i++) await hub.api('POST', '/entries', { serviceId: 'lab' });
    await hub.api('POST', '/counters/c1/status', { status: 'open' });
    await hub.api('POST', '/counters/c2/status', { status: 'open' });
    const [a, b] = await Promise.all([hub.api('POST', '/counters/c1/call-next'), hub.api('POST', '/counters/c2/call-next')]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.body.entryId).not.toBe(b.body.entryId);
  });

  it('a repeated request id returns the same entry, even while the first is being committed', async () => {
    const body = { serviceId: 'lab', requestId: 'kiosk-1-tap-7' };
    const [first, second] = await Promise.all([hub.api('POST', '/entries', body), hub.api('POST', '/entries', body)]);
    expect(second.body.entryId).toBe(first.body.entryId);
    expect((await hub.api('GET', '/entries?status=waiting')).body).toHaveLength(1);
  });

  it('books an appointment and checks it in', async () => {
    const start = new Date(Date.now() - 5 * 60_000).toISOString();
    const end = new Date(Date.now() + 10 * 60_000).toISOString();
    const booked = await hub.api('POST', '/appointments', { serviceId: 'reg', reference: 'APT-100', windowStart: start, windowEnd: end });
    expect(booked.body).toMatchObject({ status: 'booked', ticket: null });
    const checkedIn = await hub.api('POST', '/appointments/APT-100/check-in', { channel: 'kiosk' });
    expect(checkedIn.body).toMatchObject({ status: 'waiting', ticket: 'R-001', position: 1 });
  });
});

it('exposes Prometheus metrics for the lines and the broker', async () => {
  await hub.api('POST', '/entries', { serviceId: 'lab' });
  await hub.api('POST', '/entries', { serviceId: 'lab' });
  const text = await fetch(`${hub.httpUrl}/metrics`).then((r) => r.text());
  expect(text).toMatch(/^lobbyline_waiting\{service="lab"\} 2$/m);
  expect(text).toMatch(/^lobbyline_events_committed 2$/m);
  expect(text).toMatch(/^lobbyline_broker_clients \d+$/m);
  expect(text).toMatch(/^lobbyline_events_total\{type="entry.enrolled"\} 2$/m);
});

it('reports today from the event log, as JSON and as CSV', async () => {
  const id = (await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' })).body.entryId;
  await hub.api('POST', '/entries', { serviceId: 'xray', channel: 'remote' });
  await hub.api('POST', '/counters/c1/status', { status: 'open' });
  await hub.api('POST', '/counters/c1/call-next');
  await hub.api('POST', `/entries/${id}/start-serving`);
  await hub.api('POST', `/entries/${id}/complete`);
  const report = await hub.api('GET', '/reports');
  expect(report.body.totals).toMatchObject({ visits: 2, served: 1, withinTarget: 1 });
  expect(report.body.byChannel.map((r: { key: string }) => r.key)).toEqual(['kiosk', 'remote']);
  const csv = await fetch(`${hub.httpUrl}/api/v1/reports?format=csv`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
  expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
  expect((await csv.text()).split('\r\n')[1]).toMatch(/^total,all,2,1,/);
  expect((await hub.api('GET', '/reports?from=2026-02-30x')).status).toBe(400);
});

describe('state survives a restart', () => {
  it('rebuilds the line from the log and continues numbering', async () => {
    for (let i = 0; i < 3; i++) await hub.api('POST', '/entries', { serviceId: 'lab' });
    const dataDir = hub.dataDir;
    await hub.close();
    const again = await startTestHub({ dataDir });
    try {
      const waiting = await again.api('GET', '/entries?status=waiting');
      expect(waiting.body.map((e: { ticket: string }) => e.ticket)).toEqual(['L-001', 'L-002', 'L-003']);
      expect((await again.api('POST', '/entries', { serviceId: 'lab' })).body.ticket).toBe('L-004');
    } finally {
      await again.close();
    }
    hub = await startTestHub(); // for afterEach
  });
});

describe('MQTT', () => {
  it('a kiosk enrols by request/reply and a display sees the public state, with no personal data', async () => {
    const display = await mqtt.connectAsync(hub.mqttUrl, { username: 'display-1', password: DEMO_PASSWORDS['display-1'], clientId: 'tv-1' });
    const kiosk = await mqtt.connectAsync(hub.mqttUrl, { username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'], clientId: 'kiosk-1-app' });
    try {
      await display.subscribeAsync(topics.publicAll);
      await kiosk.subscribeAsync(topics.reply('kiosk-1-app'));
      const labState = nextMessage<PublicServiceState>(display, topics.service('lab'), (s) => s.waiting === 1);
      const reply = nextMessage<{ id: string; ok: boolean; result: { ticket: string } }>(kiosk, topics.reply('kiosk-1-app'), (r) => r.id === 'r1');
      await kiosk.publishAsync(
        topics.command('enroll'),
        JSON.stringify({ id: 'r1', serviceId: 'lab', channel: 'kiosk', phone: '+15551234567', language: 'es' }),
        { qos: 1 },
      );
      expect(await reply).toMatchObject({ id: 'r1', ok: true, result: { ticket: 'L-001' } });
      const state = await labState;
      expect(state).toMatchObject({ serviceId: 'lab', waiting: 1, prefix: 'L' });
      expect(JSON.stringify(state)).not.toContain('5551234567');

      await hub.api('POST', '/counters/c1/status', { status: 'open' });
      const call = nextMessage<PublicNowServing>(display, topics.nowServing, (n) => n.calls.length > 0);
      await hub.api('POST', '/counters/c1/call-next');
      const nowServing = await call;
      expect(nowServing.calls[0]).toMatchObject({ ticket: 'L-001', counterId: 'c1', counterName: 'Counter 1' });
      expect(JSON.stringify(nowServing)).not.toMatch(/5551234567|entryId/);
    } finally {
      await Promise.all([display.endAsync(), kiosk.endAsync()]);
    }
  });

  it('a display that connects later gets the current state from retained messages', async () => {
    await hub.api('POST', '/entries', { serviceId: 'xray' });
    const late = await mqtt.connectAsync(hub.mqttUrl, { clientId: 'late-tv' }); // anonymous: public topics only
    try {
      const state = nextMessage<PublicServiceState>(late, topics.service('xray'), () => true);
      await late.subscribeAsync(topics.publicAll);
      expect((await state).waiting).toBe(1);
    } finally {
      await late.endAsync();
    }
  });

  it('serves MQTT over WebSocket at /mqtt on the HTTP port, as browsers use it', async () => {
    await hub.api('POST', '/entries', { serviceId: 'reg' });
    const browserLike = await mqtt.connectAsync(hub.wsUrl, { clientId: 'ws-tv' });
    try {
      const state = nextMessage<PublicServiceState>(browserLike, topics.service('reg'), () => true);
      await browserLike.subscribeAsync(topics.publicAll);
      expect(await state).toMatchObject({ serviceId: 'reg', waiting: 1 });
    } finally {
      await browserLike.endAsync();
    }
  });

  it('a counter button can call next only for its own counter', async () => {
    await hub.api('POST', '/entries', { serviceId: 'lab' });
    await hub.api('POST', '/counters/c1/status', { status: 'open' });
    await hub.api('POST', '/counters/c2/status', { status: 'open' });
    const button = await mqtt.connectAsync(hub.mqttUrl, { username: 'button-c1', password: DEMO_PASSWORDS['button-c1'], clientId: 'btn-c1' });
    try {
      await button.subscribeAsync(topics.reply('btn-c1'));
      const replies: { id: string; ok: boolean; error?: { code: string } }[] = [];
      const two = new Promise<void>((resolve) =>
        button.on('message', (_t, payload) => {
          replies.push(JSON.parse(payload.toString()));
          if (replies.length === 2) resolve();
        }),
      );
      await button.publishAsync(topics.command('call-next'), JSON.stringify({ id: 'other', counterId: 'c2' }));
      await button.publishAsync(topics.command('call-next'), JSON.stringify({ id: 'own', counterId: 'c1' }));
      await two;
      expect(replies.find((r) => r.id === 'other')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(replies.find((r) => r.id === 'own')).toMatchObject({ ok: true });
    } finally {
      await button.endAsync();
    }
  });
});
