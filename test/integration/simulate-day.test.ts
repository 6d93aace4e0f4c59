/**
 * `npm run simulate` without --url: a day played on a simulated clock by a hub
 * of its own, into a fresh data folder. A hub opened on that folder afterwards
 * shows a clinic's day in Reports (visits across opening hours, waits and
 * service times in minutes) and estimates learned from minutes, not seconds.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueEvent } from '../../hub/contract/events.ts';
import type { Report } from '../../hub/contract/reports.ts';
import { percentileMinutes } from '../../hub/insights/percentile.ts';
import { simulateIntoDataDir } from '../../hub/simulate.ts';
import { callbackPolicy, localDay } from '../../hub/queue/index.ts';
import { queueConfigOf } from '../../hub/site/config.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';

const DAY = '2026-03-02';
const options = { site: testSite(), lastDay: DAY, days: 1, opens: '08:00', seed: 3, visits: 110 };

let dataDir: string;
let hub: TestHub | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-simulated-'));
  await simulateIntoDataDir({ ...options, dataDir });
}, 240_000);
afterAll(async () => {
  await hub?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a simulated day', () => {
  it('reads in Reports like a clinic day: visits in every opening hour, waits and service times of minutes', async () => {
    hub = await startTestHub({ dataDir });
    const { status, body } = await hub.api('GET', `/reports?from=${DAY}&to=${DAY}`);
    expect(status).toBe(200);
    const report = body as Report;
    expect(report.totals.visits).toBeGreaterThan(70);
    expect(report.totals.served + report.totals.noShows + report.totals.left).toBe(report.totals.visits);
    // 08:00 to 17:00 in the site's zone (America/New_York), one row per hour with visits.
    expect(report.byHour.map((row) => row.key)).toEqual(['08', '09', '10', '11', '12', '13', '14', '15', '16']);
    expect(Math.max(...report.byHour.map((row) => row.visits))).toBeLessThan(report.totals.visits / 4);
    expect(report.totals.waitMedianMinutes).toBeGreaterThanOrEqual(1);
    expect(report.totals.waitP90Minutes).toBeGreaterThanOrEqual(10);
    expect(report.totals.serviceMedianMinutes).toBeGreaterThanOrEqual(3);
    // X-ray takes twice as long as the lab in the site file, and so in the day.
    const service = (id: string) => report.byService.find((row) => row.key === id)!.serviceMedianMinutes!;
    expect(service('xray')).toBeGreaterThan(service('lab'));
    // The day is over: nobody is left waiting in the folder a hub opens afterwards.
    expect((await hub.api('GET', '/entries?status=waiting')).body).toEqual([]);
    expect((await hub.api('GET', '/counters')).body.every((c: { status: string }) => c.status === 'closed')).toBe(true);
  });

  it('has phone callers called back, voicemails, "I\'m here" and hand-offs, counted by first channel and path', async () => {
    hub ??= await startTestHub({ dataDir });
    const report = (await hub.api('GET', `/reports?from=${DAY}&to=${DAY}`)).body as Report;
    expect(report.byFirstChannel.map((row) => row.key)).toEqual(['kiosk', 'phone', 'remote']);
    const paths = report.byPath.map((row) => row.key);
    expect(paths).toContain('phone→kiosk');
    expect(paths).toContain('remote→phone');
    // Callers are called back: every attempt counted once, with its outcome or still open.
    const c = report.callbacks;
    expect(c.attempts).toBeGreaterThan(5);
    expect(c.reached + c.noAnswers + c.timedOut + c.open).toBe(c.attempts);
    expect(report.voicemails.left).toBeGreaterThan(0);
    // Remote waiters who said "I'm here" (and callers who walked in) spent part of their wait in the lobby.
    const byFirst = (key: string) => report.byFirstChannel.find((row) => row.key === key)!;
    expect(byFirst('remote').inLobby).toBeGreaterThan(0);
    expect(byFirst('remote').inLobby).toBeLessThan(byFirst('remote').visits);
    expect(byFirst('kiosk').inLobby).toBe(byFirst('kiosk').visits - byFirst('kiosk').left);
  });

  it('has callbacks the hub timed out at their deadline, voicemails returned, and the callback figures the event log holds', async () => {
    hub ??= await startTestHub({ dataDir });
    const events: QueueEvent[] = [];
    for (let page: QueueEvent[] = []; events.length === 0 || page.length > 0; events.push(...page)) {
      page = (await hub.api('GET', `/events?after=${events.at(-1)?.seq ?? 0}&limit=1000`)).body;
    }
    const results = events.flatMap((e) => (e.data.type === 'entry.callback-result' ? [{ ...e, data: e.data }] : []));
    /** When the attempt a result is about began: the entry's last call before it. */
    const calledAt = (result: QueueEvent & { data: { entryId: string } }) =>
      events.filter((e) => e.data.type === 'entry.called' && e.data.entryId === result.data.entryId && e.seq < result.seq).at(-1)!.at;

    // Nobody reported on them: the hub itself recorded 'timed-out', the site's answer time after the call.
    const timedOut = results.filter((r) => r.data.outcome === 'timed-out');
    expect(timedOut.length).toBeGreaterThan(0);
    const answerMs = callbackPolicy(queueConfigOf(options.site)).answerMinutes * 60_000;
    for (const r of timedOut) {
      expect(r.actor).toEqual({ kind: 'system', id: 'callback-deadline' });
      expect(r.at - calledAt(r)).toBe(answerMs);
    }
    // Voicemails came through the contact center's voicemail request, and were returned.
    const voicemails = events.flatMap((e) => (e.data.type === 'entry.enrolled' && e.data.via === 'voicemail' ? [e.data] : []));
    expect(voicemails.length).toBeGreaterThan(0);
    for (const v of voicemails) expect(v.requestId).toMatch(/^cc:/);

    // Reports count exactly what the log holds: each attempt once, reached whether or not it completed later.
    const report = (await hub.api('GET', `/reports?from=${DAY}&to=${DAY}`)).body as Report;
    const attempts = (outcomes: string[]) => new Set(results.filter((r) => outcomes.includes(r.data.outcome)).map((r) => `${r.data.entryId}#${r.data.attempt}`)).size;
    expect(report.callbacks).toMatchObject({
      attempts: attempts(['reached', 'completed', 'no-answer', 'timed-out']),
      reached: attempts(['reached', 'completed']),
      noAnswers: attempts(['no-answer']),
      timedOut: timedOut.length,
      open: 0,
    });
    // "Your turn → reached" ends when the call is answered, not when it is completed later.
    const firstReached = results.filter((r, i) => r.data.outcome !== 'no-answer' && r.data.outcome !== 'timed-out' && results.findIndex((o) => o.data.entryId === r.data.entryId && o.data.attempt === r.data.attempt) === i);
    expect(report.callbacks.reachedMedianMinutes).toBe(percentileMinutes(firstReached.map((r) => r.at - calledAt(r)), 50));
    const returned = voicemails.filter((v) => results.some((r) => r.data.entryId === v.entryId && r.data.outcome !== 'no-answer' && r.data.outcome !== 'timed-out'));
    expect(report.voicemails).toMatchObject({ left: voicemails.length, returned: returned.length, neverReturned: 0 });
    expect(returned.length).toBe(voicemails.length);
  });

  it('teaches a hub opened on it estimates of minutes, not "0 to 1 min" for everyone', async () => {
    hub ??= await startTestHub({ dataDir });
    const learned = hub.engine.state.serviceStats;
    for (const id of ['lab', 'xray', 'reg']) expect(learned[id]!.meanMs / 60_000, id).toBeGreaterThanOrEqual(3);
    expect(hub.engine.state.walkStats!.meanMs).toBeGreaterThanOrEqual(30_000);
    expect((await hub.api('POST', '/counters/c1/status', { status: 'open' })).status).toBe(200);
    const estimates = [];
    for (let i = 0; i < 3; i++) estimates.push((await hub.api('POST', '/entries', { serviceId: 'lab' })).body.estimate);
    expect(estimates[2].lowMinutes).toBeGreaterThanOrEqual(3);
    expect(estimates[2].highMinutes).toBeGreaterThanOrEqual(10);
  });

  it('refuses a folder that already holds the site, and a day that is not over', async () => {
    await expect(simulateIntoDataDir({ ...options, dataDir })).rejects.toThrow(/already holds data for demo-clinic/);
    const today = localDay(Date.now(), options.site.timezone);
    const fresh = await mkdtemp(join(tmpdir(), 'lobbyline-simulated-'));
    try {
      await expect(simulateIntoDataDir({ ...options, dataDir: fresh, lastDay: today })).rejects.toThrow(/before today/);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
