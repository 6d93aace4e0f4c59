/**
 * The managers' reports page in headless Chromium, over a simulated clinic day
 * written into the hub's event log: charts render, the figures are the API's,
 * the CSV downloads, and axe-core finds nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { simulateDays } from '../../hub/insights/day-simulation.ts';
import { queueConfigOf } from '../../hub/site/config.ts';
import { demoSite } from '../../hub/site/demo.ts';
import { EventLog } from '../../hub/store/event-log.ts';
import type { QueueEvent } from '../../hub/queue/index.ts';
import { ARTIFACTS, axeViolations, launchBrowser, signInAtDesk, type TestBrowser } from '../helpers/browser.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';

const DAY = '2026-03-02';
/** 08:00 in New York that day. */
const OPENING = Date.parse(`${DAY}T13:00:00Z`);

let hub: TestHub;
let chromium: TestBrowser;
let browser: Browser;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-reports-'));
  const { events } = simulateDays(queueConfigOf(demoSite()), 1, OPENING);
  const log = await EventLog.open(join(dataDir, 'demo-clinic.events.sqlite'));
  await log.append([...events, ...awayFromTheLobby(events)]);
  await log.close();
  hub = await startTestHub({ dataDir });
  chromium = await launchBrowser();
  browser = chromium.browser;
});

/**
 * What the contact center and remote waiters add to the day: an outcome for
 * each phone caller's callback (every fifth unanswered, every seventh timed
 * out) and "I'm here" from every other remote waiter, 5 minutes after joining.
 */
function awayFromTheLobby(events: QueueEvent[]): QueueEvent[] {
  const added: QueueEvent[] = [];
  const channels = new Map<string, string>();
  let seq = events.at(-1)!.seq;
  const add = (at: number, data: QueueEvent['data']) => added.push({ seq: ++seq, at, actor: { kind: 'integration', id: 'contact-center' }, data });
  let calls = 0;
  let remotes = 0;
  for (const { data, at } of events) {
    if (data.type === 'entry.enrolled') {
      channels.set(data.entryId, data.channel);
      if (data.channel === 'remote' && remotes++ % 2 === 0) add(at + 5 * 60_000, { type: 'entry.arrived', entryId: data.entryId, via: 'status-page' });
    }
    if (data.type !== 'entry.called' || channels.get(data.entryId) !== 'phone') continue;
    calls++;
    const outcome = calls % 7 === 0 ? 'timed-out' : calls % 5 === 0 ? 'no-answer' : 'reached';
    add(at + (1 + (calls % 4)) * 60_000, { type: 'entry.callback-result', entryId: data.entryId, attempt: 1, outcome });
  }
  return added;
}

afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it('shows a simulated day to a manager, with charts, the API figures and a CSV', async () => {
  const expected = (await hub.api('GET', `/reports?from=${DAY}&to=${DAY}`)).body;
  expect(expected.totals.visits).toBeGreaterThan(50);

  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(`${hub.httpUrl}/desk/`);
  await signInAtDesk(page, 'mia', 'demo-mia');
  await page.locator('nav >> text=Reports').click();
  await page.locator('.report-range input[type=date]').first().fill(DAY);
  await page.locator('.report-range input[type=date]').nth(1).fill(DAY);
  await page.locator('.report-totals').waitFor();

  const tile = (name: string) => page.locator('.report-totals div', { hasText: name }).locator('dd').textContent();
  expect(await tile('Visits')).toBe(String(expected.totals.visits));
  expect(await tile('Median wait')).toBe(`${expected.totals.waitMedianMinutes} min`);
  expect(await page.locator('svg rect.bar-primary').count()).toBe(expected.byHour.length + expected.byService.length);
  // Service, counter, last and first channel, hand-off path; who gave up by channel and by wait so far.
  expect(await page.locator('.report-table').count()).toBe(7);
  expect(expected.callbacks.attempts).toBeGreaterThan(5);
  expect(expected.callbacks.noAnswers).toBeGreaterThan(0);
  const callbackTile = (name: string | RegExp) => page.locator('.report-figures[aria-label="Callbacks"] div', { hasText: name }).locator('dd').textContent();
  expect(await callbackTile('Attempts')).toBe(String(expected.callbacks.attempts));
  expect(await callbackTile(/^Reached/)).toBe(String(expected.callbacks.reached));
  expect(await page.locator('.report-figures[aria-label="Callbacks"] dt', { hasText: /^Reached/ }).textContent()).toBe(`Reached (${Math.round(expected.callbacks.reachRate * 100)}%)`);
  expect(await callbackTile('Timed out')).toBe(String(expected.callbacks.timedOut));
  const remote = expected.byFirstChannel.find((row: { key: string }) => row.key === 'remote');
  expect(remote.inLobby).toBeGreaterThan(0);
  expect(await page.locator('table', { hasText: 'First channel' }).locator('tr', { hasText: 'Remote' }).textContent()).toContain(`${remote.lobbyMedianMinutes} min`);

  const download = page.waitForEvent('download');
  await page.locator('a', { hasText: 'Download CSV' }).click();
  const csv = await (await download).path().then((path) => import('node:fs/promises').then((fs) => fs.readFile(path!, 'utf8')));
  expect(csv.split('\r\n')[1]).toMatch(new RegExp(`^total,all,${expected.totals.visits},${expected.totals.served},`));
  expect(csv).toContain(`\r\ncallbacks,attempts,${",".repeat(12)}${expected.callbacks.attempts}\r\n`);

  expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `${ARTIFACTS}desk-reports-1366x900.png`, fullPage: true });
  await page.locator('h2', { hasText: 'First channel' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}desk-reports-channels-1366x900.png` });
  await page.locator('h2', { hasText: 'Who gave up' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}desk-reports-callbacks-1366x900.png` });

  // Staff who are not managers cannot read them.
  const staffPage = await browser.newPage();
  await staffPage.goto(`${hub.httpUrl}/desk/`);
  await signInAtDesk(staffPage, 'ana', 'demo-ana');
  await staffPage.locator('.top').waitFor();
  const refused = await staffPage.evaluate(async () => (await fetch('/desk/api/reports')).status);
  expect(refused).toBe(403);
});
