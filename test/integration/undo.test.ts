/**
 * Undoing a no-show, done or cancel through a real hub: REST with the API key,
 * MQTT as the desk device (and refused as a kiosk), the desk's audit trail,
 * the upstream event stream, the site's window on the hub's clock, and a
 * restart from the event log after the hub was killed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { siteTopics } from '../../hub/contract/index.ts';
import { toUpstreamEvent } from '../../hub/mirror/event-stream.ts';
import { signInToDesk } from '../helpers/desk.ts';
import { waiterViewOf } from '../helpers/wait-link.ts';
import { DEMO_PASSWORDS, startTestHub, type RestApi, type TestHub } from '../helpers/hub.ts';
import { startHubProcess } from '../helpers/hub-process.ts';
import { connectClient, nextMessage, publishAsync, subscribeGranted } from '../helpers/mqtt.ts';

const topics = siteTopics('demo-clinic');
const MINUTE = 60_000;

/** Four people in the lab line, L-001 called to counter 1 and marked no-show, L-002 called after. */
async function noShowThenNext(api: RestApi): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push((await api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' })).body.entryId);
  await api('POST', '/counters/c1/status', { status: 'open' });
  await api('POST', '/counters/c1/call-next');
  expect((await api('POST', `/entries/${ids[0]}/no-show`)).body.status).toBe('no_show');
  await api('POST', '/counters/c1/call-next');
  return ids;
}

const waitingLab = async (api: RestApi) => ((await api('GET', '/entries?status=waiting&serviceId=lab')).body as { ticket: string }[]).map((e) => e.ticket);

describe('undo through a real hub', () => {
  let hub: TestHub;
  let now = Date.parse('2026-03-02T15:00:00Z');
  beforeEach(async () => {
    hub = await startTestHub({ clock: () => now });
  });
  afterEach(async () => {
    await hub.stop();
  });

  it('REST: a no-show goes back to their place by arrival, the trail says who undid it, and the stream carries it upstream', async () => {
    const ids = await noShowThenNext(hub.api);
    now += 2 * MINUTE;
    const undone = await hub.api('POST', `/entries/${ids[0]}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({ ticket: 'L-001', status: 'waiting', position: 1, finishedAt: null });
    expect(await waitingLab(hub.api)).toEqual(['L-001', 'L-003', 'L-004']);

    const events = (await hub.api('GET', '/events?after=0&limit=50')).body as { data: { type: string } }[];
    const reopened = events.find((e) => e.data.type === 'entry.reopened')!;
    expect(reopened).toMatchObject({ data: { entryId: ids[0], undid: 'no_show', status: 'waiting', index: 0, counterId: null }, actor: { kind: 'integration', id: 'demo' } });

    const desk = await signInToDesk(hub.httpUrl);
    const trail = (await desk.call('GET', '/activity?limit=5')).body.items as { type: string; ticket: string; position?: number; undid?: string; actor: object }[];
    expect(trail[0]).toMatchObject({ type: 'entry.reopened', ticket: 'L-001', position: 1, undid: 'no_show', entryId: ids[0], actor: { kind: 'integration', id: 'demo' } });
    expect(trail[0]).not.toHaveProperty('undoableUntil');

    const upstream = toUpstreamEvent('demo-clinic', { seq: 9, at: now, actor: { kind: 'staff', id: 'ana' }, data: { type: 'entry.reopened', entryId: ids[0]!, undid: 'no_show', status: 'waiting', index: 0, counterId: null } });
    expect(upstream).toMatchObject({ type: 'entry.reopened', data: { entryId: ids[0], undid: 'no_show', status: 'waiting', index: 0 } });
  });

  it('the desk: a staff member undoes a done while the counter is free, and the trail names them and offers undo only within the window', async () => {
    const desk = await signInToDesk(hub.httpUrl);
    expect((await desk.call('GET', '/site')).body.undoMinutes).toBe(5);
    const entry = (await hub.api('POST', '/entries', { serviceId: 'lab' })).body.entryId as string;
    await hub.api('POST', '/counters/c1/status', { status: 'open' });
    await hub.api('POST', '/counters/c1/call-next');
    await desk.call('POST', `/entries/${entry}/start-serving`);
    await desk.call('POST', `/entries/${entry}/complete`);
    const offered = (await desk.call('GET', '/activity?limit=1')).body.items[0];
    expect(offered).toMatchObject({ type: 'entry.completed', entryId: entry, undoableUntil: new Date(now + 5 * MINUTE).toISOString() });

    now += MINUTE;
    const undone = await desk.call('POST', `/entries/${entry}/undo`);
    expect(undone.body).toMatchObject({ status: 'serving', counterId: 'c1' });
    const trail = (await desk.call('GET', '/activity?limit=2')).body.items;
    expect(trail[0]).toMatchObject({ type: 'entry.reopened', undid: 'done', counterId: 'c1', actor: { kind: 'staff', id: 'ana', name: 'Ana (front desk)' } });
    expect(trail[1]).toMatchObject({ type: 'entry.completed' });
    expect(trail[1]).not.toHaveProperty('undoableUntil');
  });

  it('refuses after the window with what to do instead, and refuses what has not ended', async () => {
    const ids = await noShowThenNext(hub.api);
    const notEnded = await hub.api('POST', `/entries/${ids[2]}/undo`);
    expect(notEnded).toMatchObject({ status: 409, body: { error: { code: 'invalid_state', message: 'Cannot undo L-003: it is waiting', reason: 'entry.wrong_status' } } });
    now += 5 * MINUTE + 1;
    const late = await hub.api('POST', `/entries/${ids[0]}/undo`);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe('Too late to undo the no-show of L-001: it was 5 minutes ago, and it can be undone for 5 minutes. Add them to the line again instead.');
    expect(await waitingLab(hub.api)).toEqual(['L-003', 'L-004']);
  });

  it("a remote waiter's status link works again once the no-show is undone, past the hours a finished visit's link is kept", async () => {
    const joined = await fetch(`${hub.httpUrl}/wait/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: 'lab', language: 'en', requestId: 'undo-link-test' }),
    });
    const { token } = (await joined.json()) as { token: string };
    const statusUrl = `${hub.httpUrl}/wait/#${token}`;
    await hub.api('POST', '/counters/c1/status', { status: 'open' });
    const called = (await hub.api('POST', '/counters/c1/call-next')).body;
    await hub.api('POST', `/entries/${called.entryId}/no-show`);
    expect((await waiterViewOf(hub.httpUrl, statusUrl)).status).toBe('no_show');
    await hub.api('POST', `/entries/${called.entryId}/undo`);
    now += 3 * 60 * MINUTE;
    // The link is kept open just after the commit, off the lobby path: the page opens once that is stored.
    const view = () => waiterViewOf(hub.httpUrl, statusUrl).catch((error: Error) => error.message);
    await expect.poll(view, { timeout: 15_000 }).toMatchObject({ ticket: called.ticket, status: 'waiting', position: 1 });
  });

  it('MQTT: the desk device may undo; a kiosk may not', async () => {
    const ids = await noShowThenNext(hub.api);
    const deskDevice = await connectClient(hub.mqttUrl, { username: 'desk-1', password: DEMO_PASSWORDS['desk-1'], clientId: 'desk-1-app' });
    const kiosk = await connectClient(hub.mqttUrl, { username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'], clientId: 'kiosk-1-app' });
    try {
      await subscribeGranted(kiosk, topics.reply('kiosk-1-app'));
      const kioskReply = nextMessage(kiosk, topics.reply('kiosk-1-app'), (r: { id: string }) => r.id === 'k1');
      await publishAsync(kiosk, topics.command('undo'), JSON.stringify({ id: 'k1', entryId: ids[0] }));
      expect((await kioskReply).payload).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Device kiosk-1 (kiosk) may not issue undo' } });
      expect(await waitingLab(hub.api)).toEqual(['L-003', 'L-004']);

      await subscribeGranted(deskDevice, topics.reply('desk-1-app'));
      const reply = nextMessage(deskDevice, topics.reply('desk-1-app'), (r: { id: string }) => r.id === 'd1');
      await publishAsync(deskDevice, topics.command('undo'), JSON.stringify({ id: 'd1', entryId: ids[0] }));
      expect((await reply).payload).toMatchObject({ ok: true, result: { ticket: 'L-001', status: 'waiting', position: 1 } });
      expect(await waitingLab(hub.api)).toEqual(['L-001', 'L-003', 'L-004']);
    } finally {
      await Promise.all([deskDevice.endAsync(), kiosk.endAsync()]);
    }
  });
});

describe('an undo survives a restart', () => {
  it('after the hub is killed (the log replayed) and after a clean stop (the snapshot read)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-undo-'));
    try {
      let hub = await startHubProcess(dataDir);
      const ids = await noShowThenNext(hub.api);
      await hub.api('POST', `/entries/${ids[0]}/undo`);
      hub.child.kill('SIGKILL');
      await new Promise((resolve) => hub.child.once('exit', resolve));

      hub = await startHubProcess(dataDir);
      expect(await waitingLab(hub.api)).toEqual(['L-001', 'L-003', 'L-004']);
      const events = (await hub.api('GET', '/events?after=0&limit=50')).body as { data: { type: string } }[];
      expect(events.filter((e) => e.data.type === 'entry.reopened')).toHaveLength(1);
      await hub.stop();

      hub = await startHubProcess(dataDir);
      try {
        expect(await waitingLab(hub.api)).toEqual(['L-001', 'L-003', 'L-004']);
        expect((await hub.api('POST', '/entries', { serviceId: 'lab' })).body.ticket).toBe('L-005');
      } finally {
        await hub.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
