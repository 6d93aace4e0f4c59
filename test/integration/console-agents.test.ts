/**
 * Agents at the contact-center console, against a real hub mirroring through
 * Mosquitto: they sign in (wrong passwords lock the id), every change needs
 * the session's CSRF token, two agents racing for one callback never both
 * win, only the claim's holder records its outcome and the hub applies it,
 * an agent's enrolment with a callback window and a note reaches the hub's
 * line, a move to remote waiting answers the status link, and the live
 * stream tells screens when a site changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../hub/site/config.ts';
import { CONSOLE_ROUTES, type DueCallback } from '../../contact-center/api.ts';
import { CONSOLE_SESSION_COOKIE } from '../../contact-center/agent-auth.ts';
import { SESSION_COOKIE as DESK_SESSION_COOKIE } from '../../hub/contract/desk.ts';
import { startTestConsole, type AgentBrowser, type TestConsole } from '../helpers/console.ts';
import { signInToDesk } from '../helpers/desk.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';
import { until } from '../helpers/until.ts';

const SITE = 'cc-agents';
const HUB_SECRET = 'hub-upstream-secret';
const CC_SECRET = 'console-secret';
const PASSWORDS = { ana: 'ana-password-1', ben: 'ben-password-1', cy: 'cy-password-1' };

let upstream: MosquittoBroker;
let hub: TestHub;
let cc: TestConsole;
let ana: AgentBrowser;
let ben: AgentBrowser;

beforeAll(async () => {
  upstream = await startMosquitto({ users: { hub: HUB_SECRET, cc: CC_SECRET } });
  const site: SiteConfig = {
    ...testSite(),
    siteId: SITE,
    mirror: { url: upstream.url, username: 'hub', passwordEnv: 'LOBBYLINE_MIRROR_PASSWORD', rejectUnauthorized: true },
  };
  hub = await startTestHub({ site, env: { LOBBYLINE_MIRROR_PASSWORD: HUB_SECRET }, mirrorReconnectMs: 200 });
  cc = await startTestConsole({
    urls: [upstream.url],
    username: 'cc',
    password: CC_SECRET,
    clientId: 'console-agents',
    agents: [
      { id: 'ana', name: 'Ana Ruiz', role: 'manager', password: PASSWORDS.ana },
      { id: 'ben', name: 'Ben Okafor', role: 'staff', password: PASSWORDS.ben },
      { id: 'cy', name: 'Cy Lund', role: 'staff', password: PASSWORDS.cy },
    ],
  });
  // The hub's retained state reaches the console: the site is known before agents act on it.
  await hub.api('POST', '/counters/c1/status', { status: 'open' });
  await until(async () => (await cc.site(SITE))?.link === 'online', 'the console to hear from the site');
});
afterAll(async () => {
  await cc?.stop();
  await hub?.stop();
  await upstream?.dispose();
});

const hubEntry = (entryId: string) => hub.engine.state.entries[entryId];

describe('agents at the contact-center console', () => {
  it('signs agents in with their own cookie, refuses wrong passwords and locks an id after too many', async () => {
    const good = await cc.signIn('ana', PASSWORDS.ana);
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ agent: { id: 'ana', name: 'Ana Ruiz', role: 'manager' }, csrfToken: expect.any(String) });
    expect(good.agent!.cookie.startsWith(`${CONSOLE_SESSION_COOKIE}=`)).toBe(true);
    expect(CONSOLE_SESSION_COOKIE).not.toBe(DESK_SESSION_COOKIE);
    ana = good.agent!;
    expect(await ana.call('GET', CONSOLE_ROUTES.session)).toEqual({ status: 200, body: good.body });
    ben = (await cc.signIn('ben', PASSWORDS.ben)).agent!;

    const nobody = await fetch(`${cc.current().url}${CONSOLE_ROUTES.sites}`);
    expect(nobody.status).toBe(401);

    const wrong = await cc.signIn('cy', 'not-the-password');
    expect(wrong).toMatchObject({ status: 401, body: { error: { reason: 'staff.wrong_password', params: { triesLeft: 4 } } }, agent: null });
    for (let i = 0; i < 4; i++) await cc.signIn('cy', 'not-the-password');
    const locked = await cc.signIn('cy', PASSWORDS.cy);
    expect(locked).toMatchObject({ status: 429, body: { error: { reason: 'staff.locked' } }, agent: null });

    const out = await (await cc.signIn('ben', PASSWORDS.ben)).agent!;
    expect((await out.call('DELETE', CONSOLE_ROUTES.session)).status).toBe(204);
    expect((await out.call('GET', CONSOLE_ROUTES.callbacks)).status).toBe(401);
  });

  it('refuses a change without the CSRF token or with a bad body, and changes nothing', async () => {
    const seq = hub.engine.state.seq;
    const enrol = { serviceId: 'lab', phone: '+15550200001' };
    const noToken = await ana.call('POST', CONSOLE_ROUTES.enrol(SITE), enrol, { csrf: false });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.message).toMatch(/x-lobbyline-csrf header is missing/);
    const crossSite = await fetch(`${cc.current().url}${CONSOLE_ROUTES.enrol(SITE)}`, {
      method: 'POST',
      headers: { cookie: ana.cookie, 'x-lobbyline-csrf': ana.session.csrfToken, origin: 'https://elsewhere.example', 'content-type': 'application/json' },
      body: JSON.stringify(enrol),
    });
    expect(crossSite.status).toBe(403);

    const extra = await ana.call('POST', CONSOLE_ROUTES.enrol(SITE), { ...enrol, priority: 9 });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/priority/);
    const badPhone = await ana.call('POST', CONSOLE_ROUTES.enrol(SITE), { ...enrol, phone: '555' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.message).toMatch(/phone/);
    const badWindow = await ana.call('POST', CONSOLE_ROUTES.enrol(SITE), { ...enrol, callback: { notBefore: 'after lunch' } });
    expect(badWindow.status).toBe(400);
    expect((await ana.call('POST', CONSOLE_ROUTES.remote(SITE, 'e-1'), {})).status).toBe(400);
    expect((await ana.call('POST', CONSOLE_ROUTES.enrol('nowhere'), enrol)).status).toBe(404);
    expect(hub.engine.state.seq).toBe(seq);
  });

  it('lets one of two racing agents claim a callback; only the holder records the outcome, which reaches the hub', async () => {
    const enrolled = await ben.call('POST', CONSOLE_ROUTES.enrol(SITE), { serviceId: 'lab', phone: '+15550200002', language: 'es', reason: 'Lab results' });
    expect(enrolled).toMatchObject({ status: 200, body: { ok: true, result: { channel: 'phone', reason: 'Lab results' } } });
    const entryId: string = enrolled.body.result.entryId;
    for (let called = await hub.api('POST', '/counters/c1/call-next'); called.body.entryId !== entryId; called = await hub.api('POST', '/counters/c1/call-next')) {
      expect(called.status).toBe(200);
      await hub.api('POST', `/entries/${called.body.entryId}/start-serving`);
      await hub.api('POST', `/entries/${called.body.entryId}/complete`);
    }
    await until(async () => ((await ana.call('GET', CONSOLE_ROUTES.callbacks)).body as DueCallback[]).some((c) => c.entryId === entryId), 'the callback due');
    const due = ((await ana.call('GET', CONSOLE_ROUTES.callbacks)).body as DueCallback[]).find((c) => c.entryId === entryId)!;
    expect(due).toMatchObject({ site: SITE, callbackNumber: '+15550200002', language: 'es', reason: 'Lab results', claim: null });

    const race = await Promise.all([ana.call('POST', CONSOLE_ROUTES.claim(SITE, due.seq)), ben.call('POST', CONSOLE_ROUTES.claim(SITE, due.seq))]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const [winner, loser] = race[0]!.status === 200 ? [ana, ben] : [ben, ana];
    const won = race.find((r) => r.status === 200)!.body as DueCallback;
    const lost = race.find((r) => r.status === 409)!.body;
    expect(won.claim).toMatchObject({ agentId: winner.session.agent.id, agentName: winner.session.agent.name });
    expect(lost.error).toMatchObject({ code: 'conflict', reason: 'callback.claimed', params: { agentName: winner.session.agent.name } });
    expect(lost.error.message).toContain(winner.session.agent.name);
    const listed = ((await loser.call('GET', CONSOLE_ROUTES.callbacks)).body as DueCallback[]).find((c) => c.seq === due.seq)!;
    expect(listed.claim).toMatchObject({ agentId: winner.session.agent.id });

    const byOther = await loser.call('POST', CONSOLE_ROUTES.outcome(SITE, due.seq), { outcome: 'completed' });
    expect(byOther).toMatchObject({ status: 409, body: { error: { reason: 'callback.claimed' } } });
    expect(hubEntry(entryId)!.status).toBe('called');
    expect((await winner.call('POST', CONSOLE_ROUTES.outcome(SITE, due.seq), { outcome: 'maybe' })).status).toBe(400);

    const recorded = await winner.call('POST', CONSOLE_ROUTES.outcome(SITE, due.seq), { outcome: 'completed' });
    expect(recorded).toMatchObject({ status: 200, body: { ok: true, result: { entryId, status: 'done' } } });
    expect(hubEntry(entryId)!.status).toBe('done');
    await until(async () => !((await ana.call('GET', CONSOLE_ROUTES.callbacks)).body as DueCallback[]).some((c) => c.entryId === entryId), 'the callback to leave the list');
    expect(await winner.call('POST', CONSOLE_ROUTES.claim(SITE, due.seq))).toMatchObject({ status: 404, body: { error: { reason: 'callback.not_due' } } });

    const log = await cc.current().agentLog.recent();
    expect(log.find((row) => row.action === 'callback-outcome')).toMatchObject({ agentId: winner.session.agent.id, site: SITE, subject: entryId, outcome: 'ok' });
    expect(log.filter((row) => row.action === 'claim').map((row) => row.outcome).sort()).toContain('conflict callback.claimed');
    expect(JSON.stringify(log)).not.toContain('+1555');
  });

  it('frees a claim for its holder or a manager, not for another agent', async () => {
    const enrolled = await ana.call('POST', CONSOLE_ROUTES.enrol(SITE), { serviceId: 'lab', phone: '+15550200003' });
    const entryId: string = enrolled.body.result.entryId;
    const called = await hub.api('POST', '/counters/c1/call-entry', { entryId });
    expect(called.status).toBe(200);
    await until(async () => ((await ana.call('GET', CONSOLE_ROUTES.callbacks)).body as DueCallback[]).some((c) => c.entryId === entryId), 'the callback due');
    const due = ((await ana.call('GET', CONSOLE_ROUTES.callbacks)).body as DueCallback[]).find((c) => c.entryId === entryId)!;

    expect((await ana.call('POST', CONSOLE_ROUTES.claim(SITE, due.seq))).status).toBe(200);
    expect(await ben.call('POST', CONSOLE_ROUTES.release(SITE, due.seq))).toMatchObject({ status: 409, body: { error: { reason: 'callback.claimed' } } });
    expect(await ben.call('POST', CONSOLE_ROUTES.outcome(SITE, due.seq), { outcome: 'no-answer' })).toMatchObject({ status: 409 });
    expect((await ben.call('POST', CONSOLE_ROUTES.claim(SITE, due.seq))).status).toBe(409);
    expect((await ana.call('POST', CONSOLE_ROUTES.release(SITE, due.seq))).status).toBe(204);
    expect(await ben.call('POST', CONSOLE_ROUTES.outcome(SITE, due.seq), { outcome: 'no-answer' })).toMatchObject({ status: 409, body: { error: { reason: 'callback.not_claimed' } } });
    expect((await ben.call('POST', CONSOLE_ROUTES.claim(SITE, due.seq))).status).toBe(200);
    // Ana is a manager: she may free Ben's claim (he went home with the browser open).
    expect((await ana.call('POST', CONSOLE_ROUTES.release(SITE, due.seq))).status).toBe(204);
    const after = ((await ana.call('GET', CONSOLE_ROUTES.callbacks)).body as DueCallback[]).find((c) => c.seq === due.seq)!;
    expect(after.claim).toBeNull();
    expect(hubEntry(entryId)!.status).toBe('called');
  });

  it("enrols a caller with a callback window, reason and note into the hub's line, moves one to remote waiting and cancels", async () => {
    const notBefore = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const notAfter = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const enrolled = await ana.call('POST', CONSOLE_ROUTES.enrol(SITE), {
      serviceId: 'xray',
      phone: '+15550200004',
      language: 'es',
      reason: 'Knee x-ray',
      note: 'Hard of hearing',
      callback: { notBefore, notAfter },
    });
    expect(enrolled.status).toBe(200);
    const entryId: string = enrolled.body.result.entryId;
    const entry = hubEntry(entryId)!;
    expect(entry).toMatchObject({ serviceId: 'xray', channel: 'phone', status: 'waiting', reason: 'Knee x-ray' });
    expect(entry.callback).toMatchObject({ notBefore: Date.parse(notBefore), notAfter: Date.parse(notAfter) });
    // The note and the events say which agent acted, by name; the integration is still the contact center.
    expect(entry.notes?.map((note) => `${note.by}: ${note.text}`)).toEqual(['Ana Ruiz: Hard of hearing']);

    const remote = await ana.call('POST', CONSOLE_ROUTES.remote(SITE, entryId), { phone: '+15550200004' });
    expect(remote).toMatchObject({ status: 200, body: { ok: true, result: { entryId, channel: 'remote', statusUrl: expect.stringMatching(/^https?:\/\//) } } });
    expect(hubEntry(entryId)!.channel).toBe('remote');

    const found = await ben.call('GET', `${CONSOLE_ROUTES.lookup}?phone=%2B15550200004`);
    expect(found.body).toEqual([{ site: SITE, entries: [expect.objectContaining({ entryId, channel: 'remote', reason: 'Knee x-ray', callbackNumber: '+15550200004' })] }]);

    const cancelled = await ben.call('POST', CONSOLE_ROUTES.cancel(SITE, entryId));
    expect(cancelled).toMatchObject({ status: 200, body: { ok: true } });
    expect(hubEntry(entryId)!.status).toBe('cancelled');
    const again = await ben.call('POST', CONSOLE_ROUTES.cancel(SITE, entryId));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ ok: false, error: { code: 'invalid_state' } });

    // The desk's activity says who acted: the agent, through the contact center.
    const desk = await signInToDesk(hub.httpUrl);
    const activity = (await desk.call('GET', '/activity?limit=200')).body.items as { type: string; actor: { kind: string; id: string; name: string | null } }[];
    const about = (type: string) => activity.filter((item) => item.type === type).map((item) => item.actor)[0];
    expect(about('entry.enrolled')).toMatchObject({ kind: 'integration', id: 'contact-center', name: 'Ana Ruiz' });
    expect(about('entry.channel-changed')).toMatchObject({ kind: 'integration', id: 'contact-center', name: 'Ana Ruiz' });
    expect(about('entry.cancelled')).toMatchObject({ kind: 'integration', id: 'contact-center', name: 'Ben Okafor' });

    const log = await cc.current().agentLog.recent();
    expect(log.slice(0, 4).map((row) => `${row.agentId} ${row.action} ${row.outcome}`)).toEqual([
      'ben cancel invalid_state entry.wrong_status',
      'ben cancel ok',
      'ana remote ok',
      'ana enrol ok',
    ]);
  });

  it('tells live screens which site changed after its hub sent something', async () => {
    const response = await fetch(`${cc.current().url}${CONSOLE_ROUTES.live}`, { headers: { cookie: ana.cookie } });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    const readUntil = async (marker: RegExp) => {
      while (!marker.test(received)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before ${marker}: ${received}`);
        received += value;
      }
    };
    await readUntil(/^retry: \d+\n\n/);
    await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
    await readUntil(new RegExp(`event: change\\ndata: \\{"kind":"sites","site":"${SITE}"\\}\\n\\n`));
    await reader.cancel();
  });
});
