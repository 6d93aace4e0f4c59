/**
 * The contact-center console against a real hub mirroring through Mosquitto:
 * it catches up on what happened before it started by asking the hub for a
 * replay, follows enrolments and calls, lists the phone caller to call back,
 * looks a caller up through the hub, and resumes after a restart mid-stream
 * with every event applied once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../hub/site/config.ts';
import { startTestConsole, type TestConsole } from '../helpers/console.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';
import { until } from '../helpers/until.ts';

const HUB_SECRET = 'hub-upstream-secret';
const CC_SECRET = 'console-secret';
const actor = { kind: 'system' as const, id: 'test' };

let upstream: MosquittoBroker;
let hub: TestHub;
let cc: TestConsole;

beforeAll(async () => {
  upstream = await startMosquitto({ users: { hub: HUB_SECRET, cc: CC_SECRET } });
  const site: SiteConfig = {
    ...testSite(),
    siteId: 'cc-north',
    mirror: { url: upstream.url, username: 'hub', passwordEnv: 'LOBBYLINE_MIRROR_PASSWORD', rejectUnauthorized: true },
  };
  hub = await startTestHub({ site, env: { LOBBYLINE_MIRROR_PASSWORD: HUB_SECRET }, mirrorReconnectMs: 200 });
});
afterAll(async () => {
  await cc?.stop();
  await hub?.stop();
  await upstream?.dispose();
});

const caughtUp = (what: string) =>
  until(async () => (await cc.site('cc-north'))?.seq === hub.engine.state.seq, `the console to reach seq ${hub.engine.state.seq} (${what})`);

describe('the contact-center console on Mosquitto', () => {
  it('catches up by replay, shows the line, the callback due and the caller looked up by phone', async () => {
    // Before the console exists: its first event will show a gap from seq 1, filled by the hub's replay.
    for (let i = 0; i < 5; i++) await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
    await until(() => hub.mirror!.health().depth === 0, 'the mirror to publish the first events');

    cc = await startTestConsole({ urls: [upstream.url], username: 'cc', password: CC_SECRET, clientId: 'console-1' });
    await until(() => cc.current().upstream.connected, 'the console to connect');
    const caller = await hub.api('POST', '/contact-center/enroll', { requestId: 'call-1', serviceId: 'lab', phone: '+15550100001', language: 'es' });
    expect(caller.status).toBe(200);
    await caughtUp('after the gap');
    expect(cc.current().upstream.stats().replaysAsked).toBeGreaterThanOrEqual(1);

    const north = await cc.site('cc-north');
    expect(north).toMatchObject({ applied: north!.seq, link: 'online', silentSince: null });
    // The lines' summary (cc/state, retained), refreshed by the hub at most once a second.
    await until(async () => (await cc.get('/api/sites'))[0].services.find((s: { serviceId: string }) => s.serviceId === 'lab')?.waiting === 6, 'six waiting for lab');
    const visits = await cc.get('/api/sites/cc-north/visits');
    expect(visits.map((v: { channel: string; status: string }) => `${v.channel}:${v.status}`)).toEqual([...Array(5).fill('kiosk:waiting'), 'phone:waiting']);
    expect(JSON.stringify(visits)).not.toContain('+1555'); // the projection keeps no phone numbers

    // Call everyone before the caller, then the caller: the console lists them to call back.
    await hub.api('POST', '/counters/c1/status', { status: 'open' });
    for (let i = 0; i < 6; i++) {
      const called = await hub.api('POST', '/counters/c1/call-next');
      expect(called.status).toBe(200);
      if (called.body.channel === 'phone') break;
      await hub.api('POST', `/entries/${called.body.entryId}/start-serving`);
      expect((await hub.api('POST', `/entries/${called.body.entryId}/complete`)).status).toBe(200);
    }
    await until(async () => (await cc.get('/api/callbacks')).length === 1, 'the callback due');
    const [due] = await cc.get('/api/callbacks');
    expect(due).toMatchObject({ site: 'cc-north', ticket: caller.body.result.ticket, callbackNumber: '+15550100001', language: 'es', counterId: 'c1' });

    const found = await cc.get('/api/lookup?phone=%2B15550100001');
    expect(found).toEqual([{ site: 'cc-north', entries: [expect.objectContaining({ ticket: caller.body.result.ticket, status: 'called' })] }]);
    expect((await fetch(`${cc.current().url}/api/lookup?phone=%2B15550100001`)).status).toBe(401);
    const bad = await fetch(`${cc.current().url}/api/lookup?phone=555`, { headers: { authorization: 'Bearer console-api-key-0123456789' } });
    expect(bad.status).toBe(400);
  });

  it('resumes after a restart mid-stream: no gap, no event applied twice', async () => {
    const enrolling = (async () => {
      for (let i = 0; i < 150; i++) await hub.engine.execute({ type: 'enroll', serviceId: ['lab', 'xray', 'reg'][i % 3]!, channel: 'kiosk' }, actor);
    })();
    const before = hub.engine.state.seq;
    await until(async () => ((await cc.site('cc-north'))?.seq ?? 0) > before + 20, 'the console to follow the stream');
    await cc.restart();
    await enrolling;
    await caughtUp('after the restart');
    const north = await cc.site('cc-north');
    expect(north!.applied).toBe(north!.seq);
    expect(await cc.get('/api/sites/cc-north/visits')).toHaveLength(Object.keys(hub.engine.state.entries).length);
  });

  it('shows a hub that went silent as such, with since when', async () => {
    await hub.stop();
    await until(async () => (await cc.site('cc-north'))?.link === 'silent', 'the site to show silent');
    const north = await cc.site('cc-north');
    expect(Number.isNaN(Date.parse(north!.silentSince!))).toBe(false);
    hub = undefined as unknown as TestHub;
  });
});
