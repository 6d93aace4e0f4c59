/**
 * The desk API's views against a real hub: the live stream (Server-Sent
 * Events) pushes the board after each commit and ends when its session does;
 * alerts come from real device statuses over MQTT and from the contact-center
 * mirror's health; nothing the desk receives carries a phone number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteTopics } from '../../hub/contract/topics.ts';
import { CSRF_HEADER, type DeskAlerts, type DeskBoard } from '../../hub/contract/desk.ts';
import { demoSite } from '../../hub/site/demo.ts';
import { eventReader, signInToDesk } from '../helpers/desk.ts';
import { DEMO_PASSWORDS, startTestHub, TEST_API_KEY, type TestHub } from '../helpers/hub.ts';
import { connectClient, publishAsync } from '../helpers/mqtt.ts';
import { freePort } from '../helpers/ports.ts';

const topics = siteTopics('demo-clinic');
const PHONE = '+15557654321';

describe('desk API: live stream, alerts and privacy', () => {
  let hub: TestHub;
  let cookie: string;
  let csrf: string;

  beforeAll(async () => {
    // A contact-center broker that is not there: the mirror stays disconnected.
    const site = demoSite(TEST_API_KEY);
    site.mirror = { url: `mqtt://127.0.0.1:${await freePort()}`, rejectUnauthorized: true };
    hub = await startTestHub({ site, mirrorReconnectMs: 60_000 });
    ({ cookie, csrfToken: csrf } = await signInToDesk(hub.httpUrl));
  });

  afterAll(async () => {
    await hub?.stop();
  });

  const get = async <T>(path: string) => (await (await fetch(`${hub.httpUrl}/desk/api${path}`, { headers: { cookie } })).json()) as T;

  it('pushes the board after every commit, and ends the stream when the session is signed out', async () => {
    const live = await fetch(`${hub.httpUrl}/desk/api/live`, { headers: { cookie } });
    expect(live.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const next = eventReader(live.body!);
    const first = await next();
    expect(first).toMatchObject({ event: 'board', data: { seq: hub.engine.state.seq } });
    expect((await next())?.event).toBe('alerts');

    const enrolled = await hub.api('POST', '/entries', { serviceId: 'reg', channel: 'phone', phone: PHONE });
    const pushed = await next();
    expect(pushed?.event).toBe('board');
    const board = pushed!.data as DeskBoard;
    const reg = board.services.find((s) => s.serviceId === 'reg')!;
    expect(reg.waiting).toEqual([
      expect.objectContaining({ entryId: enrolled.body.entryId, ticket: enrolled.body.ticket, channel: 'phone', hasPhone: true, position: 1 }),
    ]);
    expect(JSON.stringify(board)).not.toContain(PHONE);

    const signedOut = await fetch(`${hub.httpUrl}/desk/api/session`, { method: 'DELETE', headers: { cookie, [CSRF_HEADER]: csrf } });
    expect(signedOut.status).toBe(204);
    expect(await next()).toEqual({ event: 'ended', data: { reason: 'signed-out' } });
    expect(await next()).toBeNull();
    expect((await fetch(`${hub.httpUrl}/desk/api/live`, { headers: { cookie } })).status).toBe(401);

    ({ cookie } = await signInToDesk(hub.httpUrl));
  });

  it('lists offline devices, printers that cannot print, blocked sound and the mirror being down, with since when', async () => {
    const kiosk = await connectClient(hub.mqttUrl, { clientId: 'kiosk-1-alerts', username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'] });
    const tv = await connectClient(hub.mqttUrl, {
      clientId: 'display-1-alerts',
      username: 'display-1',
      password: DEMO_PASSWORDS['display-1'],
      will: { topic: topics.deviceStatus('display-1'), payload: Buffer.from('{"online":false}'), qos: 1, retain: true },
    });
    const retained = { qos: 1 as const, retain: true };
    const coverOpenAt = '2026-03-02T09:15:00.000Z';
    await publishAsync(kiosk, topics.deviceStatus('kiosk-1'), JSON.stringify({ online: true, at: coverOpenAt, detail: { printer: 'cover-open', scanner: 'connected' } }), retained);
    await publishAsync(tv, topics.deviceStatus('display-1'), JSON.stringify({ online: true, detail: { sound: 'blocked' } }), retained);
    await expect.poll(async () => (await get<DeskAlerts>('/alerts')).problems.map((p) => p.kind)).toContain('sound');
    const beforeDrop = Date.now();
    tv.stream.destroy();
    await expect.poll(async () => (await get<DeskAlerts>('/alerts')).problems.map((p) => p.kind)).toContain('device-offline');

    const alerts = await get<DeskAlerts>('/alerts');
    expect(alerts.problems).toEqual(
      expect.arrayContaining([
        { kind: 'printer', device: { deviceId: 'kiosk-1', name: 'Lobby kiosk', role: 'kiosk' }, state: 'cover-open', message: null, since: coverOpenAt },
        { kind: 'device-offline', device: { deviceId: 'display-1', name: 'Waiting room TV', role: 'display' }, since: expect.any(String) },
        { kind: 'mirror-offline', since: expect.any(String), backlog: expect.any(Number), lastError: expect.toBeOneOf([null, expect.any(String)]) },
      ]),
    );
    const offline = alerts.problems.find((p) => p.kind === 'device-offline')!;
    expect(Date.parse(offline.since)).toBeGreaterThanOrEqual(beforeDrop - 1_000);
    expect(alerts.devices.find((d) => d.deviceId === 'button-c1')).toMatchObject({ online: null, at: null });
    expect(alerts.mirror).toMatchObject({ connected: false });
    expect(alerts.sms).toMatchObject({ connected: true, failedLastHour: 0 }); // the demo's console gateway
    expect(alerts.problems.filter((p: { kind: string }) => p.kind.startsWith('sms'))).toEqual([]);
    kiosk.end(true);
  });

  it('shows the activity newest first, page by page, without phone numbers', async () => {
    for (let i = 0; i < 5; i++) await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'phone', phone: PHONE });
    const seq = hub.engine.state.seq;
    const page = await get<{ items: { seq: number; type: string; actor: { kind: string } }[]; before: number | null }>('/activity?limit=3');
    expect(page.items.map((i) => i.seq)).toEqual([seq, seq - 1, seq - 2]);
    expect(page.before).toBe(seq - 2);
    const older = await get<{ items: { seq: number }[] }>(`/activity?limit=3&before=${page.before}`);
    expect(older.items.map((i) => i.seq)).toEqual([seq - 3, seq - 4, seq - 5]);
    const all = await get<unknown>('/activity?limit=200');
    expect(JSON.stringify(all)).not.toContain(PHONE);
    expect((await fetch(`${hub.httpUrl}/desk/api/activity?limit=0`, { headers: { cookie } })).status).toBe(400);
  });
});
