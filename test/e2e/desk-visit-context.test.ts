/**
 * Why a person came and what staff and agents noted travel to the desk (in
 * headless Chromium): a caller enrolled by the contact center with a reason
 * and a note, then a note added at the desk's API, shows both in the line.
 * The lobby's public state carries none of it. Screenshot:
 * test/artifacts/desk-visit-context.png.
 */
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ARTIFACTS, launchBrowser, signInAtDesk, type TestBrowser } from '../helpers/browser.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';
import { until } from '../helpers/until.ts';

let hub: TestHub;
let chromium: TestBrowser;

beforeAll(async () => {
  [hub, chromium] = await Promise.all([startTestHub(), launchBrowser()]);
});
afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
});

it('shows the reason and the notes of a visit in the line, and nothing of them in public', async () => {
  const caller = await hub.api('POST', '/contact-center/enroll', { requestId: 'ctx-1', serviceId: 'lab', phone: '+15550004444', reason: 'Blood test results', note: 'Hard of hearing' });
  expect(caller.body.ok).toBe(true);
  expect((await hub.api('POST', `/entries/${caller.body.result.entryId}/add-note`, { text: 'Brings the referral form' })).status).toBe(200);
  expect((await hub.api('POST', `/entries/${caller.body.result.entryId}/add-note`, { text: 'x'.repeat(501) })).body.error.message).toMatch(/at most 500/);

  const page = await chromium.browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`${hub.httpUrl}/desk/`);
  await signInAtDesk(page, 'ana', 'demo-ana');
  await page.locator('.counter-choice', { hasText: 'Counter 1' }).click();
  await expect.poll(() => page.locator('.tag-reason').first().textContent()).toBe('Reason: Blood test results');
  await expect.poll(() => page.locator('.entry-notes').first().textContent()).toMatch(/Hard of hearing.*Brings the referral form/);
  await page.screenshot({ path: join(ARTIFACTS, 'desk-visit-context.png') });

  // Everything an anonymous lobby client can read, once it has the line's state.
  const lobby = await mqtt.connectAsync(hub.mqttUrl, { clientId: `lobby-${Date.now()}` });
  const seen: string[] = [];
  lobby.on('message', (_topic, payload) => seen.push(payload.toString()));
  await lobby.subscribeAsync('lobbyline/v1/demo-clinic/public/#');
  await until(() => seen.some((text) => text.includes('"serviceId":"lab"')), 'the lab line in public');
  expect(seen.join('\n')).not.toMatch(/Blood test|Hard of hearing|referral|5550004444/);
  await lobby.endAsync();
});
