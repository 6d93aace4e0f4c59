/**
 * Every time a person sees is the site's. The demo site is in New York; the
 * hub's clock says 00:24:05 UTC on 3 March 2026, which is 7:24 PM on 2 March
 * there and 9:24 AM on 3 March in Tokyo, where every browser here and the
 * kiosk agent's own process are set. The wait page, the desk (activity, the
 * grace time at the counter) and the reports (hours, the day they open on,
 * the CSV) all tell New York's time; so do the kiosk screen and the ticket
 * its agent prints, on the real clock (an agent refuses old jobs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryView } from '../../hub/contract/index.ts';
import type { JoinReply } from '../../hub/contract/wait.ts';
import { ARTIFACTS, launchBrowser, signInAtDesk, type TestBrowser } from '../helpers/browser.ts';
import { DEMO_PASSWORDS, nextDeviceStatus, startTestHub, TEST_API_KEY, type TestHub } from '../helpers/hub.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
/** 7:24:05 PM on 2 March in New York (EST, UTC-5); 9:24 AM on 3 March in Tokyo. */
const JOINED = Date.parse('2026-03-03T00:24:05Z');
const CALLED = Date.parse('2026-03-03T00:41:00Z');
const ELSEWHERE = 'Asia/Tokyo';
const PORTRAIT = { width: 1080, height: 1920 };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let now = JOINED;
let hub: TestHub;
let chromium: TestBrowser;
let browser: Browser;
let dir: string;
let agent: ChildProcess | undefined;
const stops: (() => Promise<void>)[] = [];
/** The remote waiter's ticket, called at 7:41 PM. */
let remoteTicket: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  dir = await mkdtemp(join(tmpdir(), 'lobbyline-site-time-'));
  [hub, chromium] = await Promise.all([startTestHub({ clock: () => now }), launchBrowser()]);
  browser = chromium.browser;
  for (const counterId of ['c1', 'c3']) expect((await hub.api('POST', `/counters/${counterId}/status`, { status: 'open' })).status).toBe(200);
});

afterAll(async () => {
  agent?.kill('SIGTERM');
  for (const context of contexts) await context.close();
  for (const stop of stops) await stop();
  await chromium?.close();
  await hub?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A browser whose own clock reads the hub's time and whose own zone is Tokyo's. */
async function elsewhere(options: Parameters<Browser['newContext']>[0] = {}, time = now): Promise<BrowserContext> {
  const context = await browser.newContext({ ...options, timezoneId: ELSEWHERE });
  await context.clock.setFixedTime(time);
  contexts.push(context);
  return context;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `site-time-${name}.png`), fullPage: true, animations: 'disabled' });

/** The kiosk agent as its own process, in Tokyo's zone, printing to a virtual printer that writes each ticket as text to `output`. */
async function startAgent(hub: TestHub, output: string): Promise<ChildProcess> {
  const config = join(dir, 'kiosk-agent.json');
  await writeFile(
    config,
    JSON.stringify({
      hub: { mqttUrl: hub.mqttUrl, siteId: 'demo-clinic' },
      device: { id: 'kiosk-1' },
      printer: { connection: 'virtual', output },
      scanner: { connection: 'none' },
    }),
  );
  const online = nextDeviceStatus(hub.broker, 'kiosk-1', (status) => status.online && (status.detail as { printer?: string } | undefined)?.printer === 'online');
  const child = spawn(process.execPath, ['--import', 'tsx', 'kiosk/agent/main.ts', '--config', config], {
    cwd: ROOT,
    env: { ...process.env, TZ: ELSEWHERE, LOBBYLINE_KIOSK_PASSWORD: DEMO_PASSWORDS['kiosk-1'] },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await online;
  return child;
}

async function entryOf(ticket: string): Promise<EntryView> {
  const entries = (await hub.api('GET', '/entries')).body as EntryView[];
  return entries.find((entry) => entry.ticket === ticket)!;
}

describe('times in the site’s zone', () => {
  it('the wait page says when the person joined and when they were called, in English and in Spanish', async () => {
    const response = await fetch(`${hub.httpUrl}/wait/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: 'reg', language: 'en', requestId: 'site-time-1' }),
    });
    const { ticket, token } = (await response.json()) as Extract<JoinReply, { token: string }>;
    remoteTicket = ticket;
    const page = await (await elsewhere(PHONE)).newPage();
    await page.goto(`${hub.httpUrl}/wait/#${token}`);
    await expect.poll(() => page.getByTestId('joined-at').textContent()).toBe('Joined at 7:24 PM');
    await shot(page, 'wait-waiting');

    now = CALLED;
    const { entryId } = await entryOf(ticket);
    expect((await hub.api('POST', '/counters/c3/call-entry', { entryId })).status).toBe(200);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain(`Your ticket ${ticket} was called at 7:41 PM.`);
    await shot(page, 'wait-called');

    await page.getByRole('button', { name: 'Español' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain(`Su turno ${ticket} fue llamado a las 19:41.`);
    expect(await page.getByTestId('joined-at').textContent()).toBe('En la fila desde las 19:24');
  });

  it('the desk shows the activity and the time a remote waiter is given until in the site’s time', async () => {
    const page = await (await elsewhere({ viewport: { width: 1366, height: 768 } })).newPage();
    await page.goto(`${hub.httpUrl}/desk/`);
    await signInAtDesk(page, 'ana', 'demo-ana');
    await page.locator('.counter-choice', { hasText: 'Counter 3' }).click();
    // Called at 7:41 PM, with the demo's 10 minutes to arrive.
    await expect.poll(() => page.locator('.at-counter .grace').textContent()).toContain('given until 7:51 PM to arrive');
    await shot(page, 'desk-line');

    await page.locator('nav >> text=Activity').click();
    const times = page.locator('.activity-table td.when time');
    await times.first().waitFor();
    expect(await times.allTextContents()).toEqual(expect.arrayContaining(['7:41:00 PM', '7:24:05 PM']));
    await shot(page, 'desk-activity');
  });

  it('reports count hours in the site’s zone and open on the site’s today', async () => {
    now = Date.parse('2026-03-03T00:50:00Z');
    const { entryId } = await entryOf(remoteTicket);
    expect((await hub.api('POST', `/entries/${entryId}/start-serving`)).status).toBe(200);
    expect((await hub.api('POST', `/entries/${entryId}/complete`)).status).toBe(200);

    const report = (await hub.api('GET', '/reports')).body;
    expect(report).toMatchObject({ from: '2026-03-02', to: '2026-03-02' });
    expect(report.byHour.map((row: { key: string }) => row.key)).toEqual(['19']);
    const csv = await fetch(`${hub.httpUrl}/api/v1/reports?format=csv`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } }).then((r) => r.text());
    expect(csv).toMatch(/\r\nhour,19,1,1,/);

    const page = await (await elsewhere({ viewport: { width: 1366, height: 900 } })).newPage();
    await page.goto(`${hub.httpUrl}/desk/`);
    await signInAtDesk(page, 'mia', 'demo-mia');
    await page.locator('nav >> text=Reports').click();
    await page.locator('.report-totals').waitFor();
    expect(await page.locator('.report-range input[type=date]').first().inputValue()).toBe('2026-03-02');
    expect(await page.locator('svg .chart-label').allTextContents()).toContain('7:00 PM');
    await page.getByText('Hours are the site’s local time (America/New_York), in the CSV too.').waitFor();
    await shot(page, 'desk-reports');
  });

  it('the kiosk shows, and its agent prints, the time the ticket was taken at the site', async () => {
    // An agent prints no job older than a few minutes by its own clock, so this hub keeps the real one.
    const kioskHub = await startTestHub();
    stops.push(() => kioskHub.stop());
    const at = Date.now();
    const inNewYork = (style: Intl.DateTimeFormatOptions, when = at) => new Intl.DateTimeFormat('en', { ...style, timeZone: 'America/New_York' }).format(when);
    const inTokyo = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit', timeZone: ELSEWHERE }).format(at);
    expect(inNewYork({ hour: 'numeric', minute: '2-digit' })).not.toBe(inTokyo);
    const printed = join(dir, 'printed.txt');
    agent = await startAgent(kioskHub, printed);
    const page = await (await elsewhere({ viewport: PORTRAIT }, at)).newPage();
    await page.goto(`${kioskHub.httpUrl}/kiosk/?device=kiosk-1&key=${DEMO_PASSWORDS['kiosk-1']}`);
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(ELSEWHERE);
    await page.getByRole('button', { name: 'Touch to start' }).click();
    await page.getByRole('button', { name: /Lab tests/ }).click();
    await page.getByRole('button', { name: 'No text, just my ticket' }).click();
    const ticket = (await page.getByTestId('ticket').textContent())!;
    // The hub's own enrolment time, not the test's: on a busy machine the minute can turn in between.
    const entries = (await kioskHub.api('GET', '/entries')).body as { ticket: string; enrolledAt: string }[];
    const joinedAt = Date.parse(entries.find((entry) => entry.ticket === ticket)!.enrolledAt);
    expect(await page.getByTestId('joined-at').textContent()).toBe(inNewYork({ hour: 'numeric', minute: '2-digit' }, joinedAt));
    await shot(page, 'kiosk-ticket');

    // The agent, in Tokyo's zone, prints New York's date and time.
    await expect.poll(() => readFile(printed, 'utf8').catch(() => ''), { timeout: 10_000 }).toContain(' cut ');
    const lines = (await readFile(printed, 'utf8')).split('\n').map((line) => line.trim());
    // Magnified letters print spread out.
    expect(lines.map((line) => line.replace(/ +/g, ''))).toContain(ticket);
    expect(lines).toContain(inNewYork({ dateStyle: 'short', timeStyle: 'short' }, joinedAt));
  });
});
