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
import type { Report } from '../../hub/contract/reports.ts';
import { simulateIntoDataDir } from '../../hub/simulate.ts';
import { localDay } from '../../hub/queue/index.ts';
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
