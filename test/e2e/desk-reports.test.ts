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
import { ARTIFACTS, axeViolations, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
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
  await log.append(events);
  await log.close();
  hub = await startTestHub({ dataDir });
  chromium = await launchBrowser();
  browser = chromium.browser;
});

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
  await page.fill('#staff-id', 'mia');
  await page.fill('#password', 'demo-mia');
  await page.click('.sign-in-card button[type=submit]');
  await page.locator('nav >> text=Reports').click();
  await page.locator('.report-range input[type=date]').first().fill(DAY);
  await page.locator('.report-range input[type=date]').nth(1).fill(DAY);
  await page.locator('.report-totals').waitFor();

  const tile = (name: string) => page.locator('.report-totals div', { hasText: name }).locator('dd').textContent();
  expect(await tile('Visits')).toBe(String(expected.totals.visits));
  expect(await tile('Median wait')).toBe(`${expected.totals.waitMedianMinutes} min`);
  expect(await page.locator('svg rect.bar-primary').count()).toBe(expected.byHour.length + expected.byService.length);
  expect(await page.locator('.report-table').count()).toBe(3);

  const download = page.waitForEvent('download');
  await page.locator('a', { hasText: 'Download CSV' }).click();
  const csv = await (await download).path().then((path) => import('node:fs/promises').then((fs) => fs.readFile(path!, 'utf8')));
  expect(csv.split('\r\n')[1]).toMatch(new RegExp(`^total,all,${expected.totals.visits},${expected.totals.served},`));

  expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `${ARTIFACTS}desk-reports-1366x900.png`, fullPage: true });

  // Staff who are not managers cannot read them.
  const staffPage = await browser.newPage();
  await staffPage.goto(`${hub.httpUrl}/desk/`);
  await staffPage.fill('#staff-id', 'ana');
  await staffPage.fill('#password', 'demo-ana');
  await staffPage.click('.sign-in-card button[type=submit]');
  await staffPage.locator('.top').waitFor();
  const refused = await staffPage.evaluate(async () => (await fetch('/desk/api/reports')).status);
  expect(refused).toBe(403);
});
