/**
 * The desk's Reports over a day played by `npm run simulate`: the callback,
 * voicemail and lobby figures a manager reads are the ones the hub recorded
 * (callbacks it timed out itself among them).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Report } from '../../hub/contract/reports.ts';
import { simulateIntoDataDir } from '../../hub/simulate.ts';
import { ARTIFACTS, launchBrowser, signInAtDesk, type TestBrowser } from '../helpers/browser.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';

const DAY = '2026-03-02';

let dataDir: string;
let hub: TestHub;
let chromium: TestBrowser;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-simulated-reports-'));
  await simulateIntoDataDir({ site: testSite(), dataDir, lastDay: DAY, days: 1, opens: '08:00', seed: 3, visits: 110 });
  hub = await startTestHub({ dataDir });
  chromium = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it('shows a manager the simulated day\'s callbacks, voicemails and time in the lobby', async () => {
  const expected = (await hub.api('GET', `/reports?from=${DAY}&to=${DAY}`)).body as Report;
  expect(expected.callbacks.timedOut).toBeGreaterThan(0);
  expect(expected.voicemails.returned).toBeGreaterThan(0);

  const page = await chromium.browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(`${hub.httpUrl}/desk/`);
  await signInAtDesk(page, 'mia', 'demo-mia');
  await page.locator('nav >> text=Reports').click();
  await page.locator('.report-range input[type=date]').first().fill(DAY);
  await page.locator('.report-range input[type=date]').nth(1).fill(DAY);
  const callbacks = page.locator('.report-figures[aria-label="Callbacks"]');
  const voicemails = page.locator('.report-figures[aria-label="Voicemails"]');
  await callbacks.waitFor();

  const tile = (figures: typeof callbacks, name: string | RegExp) => figures.locator('div', { hasText: name }).locator('dd').textContent();
  const pair = (median: number | null, p90: number | null) => `${median} / ${p90} min`;
  expect(await tile(callbacks, 'Attempts')).toBe(String(expected.callbacks.attempts));
  expect(await tile(callbacks, /^Reached/)).toBe(String(expected.callbacks.reached));
  expect(await tile(callbacks, 'Timed out')).toBe(String(expected.callbacks.timedOut));
  expect(await tile(callbacks, 'Your turn')).toBe(pair(expected.callbacks.reachedMedianMinutes, expected.callbacks.reachedP90Minutes));
  expect(await tile(voicemails, /^Returned/)).toBe(String(expected.voicemails.returned));
  const remote = expected.byFirstChannel.find((row) => row.key === 'remote')!;
  expect(await page.locator('table', { hasText: 'First channel' }).locator('tr', { hasText: 'Remote' }).textContent()).toContain(`${remote.lobbyMedianMinutes} min`);

  // From the first-channel table (time in the lobby) to the voicemail figures; the reports scroll inside the desk, so all of them in a tall window.
  await page.setViewportSize({ width: 1366, height: 4000 });
  const top = (await page.locator('table', { hasText: 'First channel' }).boundingBox())!.y - 50;
  const bottom = await voicemails.boundingBox().then((box) => box!.y + box!.height + 20);
  await page.screenshot({ path: `${ARTIFACTS}simulate-reports-callbacks.png`, clip: { x: 0, y: top, width: 1366, height: bottom - top } });
});
