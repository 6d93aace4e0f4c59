/**
 * A webhook receiver that keeps failing shows on the desk's Alerts screen, in
 * English and in Spanish, with the events waiting behind it, and the alert goes
 * by itself once the receiver accepts events again. A real hub, a real
 * receiver on 127.0.0.1 and the desk in headless Chromium; screenshots go to
 * test/artifacts/.
 */
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { es } from '../../hub/web/desk/src/messages-es.ts';
import { ARTIFACTS, axeViolations, launchBrowser, signInAtDesk, type TestBrowser } from '../helpers/browser.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';

let hub: TestHub;
let chromium: TestBrowser;
let failing = false;
const receiver = createServer((request, response) => {
  request.resume();
  request.on('end', () => response.writeHead(failing ? 500 : 204).end());
});

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as { port: number };
  hub = await startTestHub({
    site: { ...testSite(), webhooks: [{ id: 'crm', url: `http://127.0.0.1:${port}/hook`, secretEnv: 'LOBBYLINE_WEBHOOK_SECRET' }] },
    env: { LOBBYLINE_WEBHOOK_SECRET: 'webhook-secret-123' },
    webhookBackoffMs: 20,
    // A public address phones can reach, so the screen has nothing else to say when all is well.
    publicUrl: 'https://clinic.example.org',
  });
  chromium = await launchBrowser();
});
afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

async function alertsScreen(locale: string): Promise<Page> {
  const context = await chromium.browser.newContext({ viewport: { width: 1366, height: 768 }, locale });
  const page = await context.newPage();
  await page.goto(`${hub.httpUrl}/desk/`);
  await signInAtDesk(page, 'ana', 'demo-ana');
  await page.locator('nav a[href="#alerts"]').click();
  await page.locator('#alerts-title').waitFor();
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}` });

it('raises a webhook that keeps failing as a problem, in English and Spanish, and clears it once delivery resumes', async () => {
  expect((await hub.api('POST', '/entries', { serviceId: 'lab' })).status).toBe(201);
  const english = await alertsScreen('en-US');
  const spanish = await alertsScreen('es-MX');
  await english.locator('.all-well', { hasText: 'Nothing needs attention.' }).waitFor();
  await expect.poll(async () => (await hub.api('GET', '/mirror')).body.webhooks[0].backlog).toBe(0);
  await shot(english, 'desk-webhook-alert-before-1366x768.png');

  failing = true;
  for (let i = 0; i < 3; i++) expect((await hub.api('POST', '/entries', { serviceId: 'lab' })).status).toBe(201);
  const problem = english.locator('.problems li', { hasText: /^Webhook “crm” is not accepting events \(HTTP 500, \d+ tries\): 3 events wait to be sent, in order/ });
  await problem.waitFor();
  expect(await english.locator('nav .badge').textContent()).toBe('1 (1 alert)');
  const problemEs = spanish.locator('.problems li', { hasText: /^El webhook «crm» no acepta los eventos \(HTTP 500, \d+ intentos\): 3 eventos esperan ser enviados, en orden/ });
  await problemEs.waitFor();
  expect(await axeViolations(english)).toEqual([]);
  expect(await axeViolations(spanish)).toEqual([]);
  await shot(english, 'desk-webhook-alert-1366x768.png');
  await shot(spanish, 'desk-webhook-alert-es-1366x768.png');

  failing = false;
  await english.locator('.all-well', { hasText: 'Nothing needs attention.' }).waitFor();
  await spanish.locator('.all-well', { hasText: es.alerts.none }).waitFor();
  expect(await english.locator('.problems').count()).toBe(0);
  expect((await hub.api('GET', '/mirror')).body.webhooks[0]).toMatchObject({ backlog: 0, attempts: 0, lastError: null });
  await shot(english, 'desk-webhook-alert-cleared-1366x768.png');
}, 90_000);
