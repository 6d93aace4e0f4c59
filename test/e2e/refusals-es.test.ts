/**
 * Hub refusals reach people in their own language, through the real path: the
 * wait page on a Spanish phone asks for more time when it has just become last
 * in line, the hub refuses, and the page says why wholly in Spanish; the desk in
 * Spanish refuses a wrong password and a call with nobody waiting in Spanish,
 * naming the counter as the site names it in Spanish. Screenshots go to
 * test/artifacts/refusals-*.png (or SHOTS_DIR).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryView } from '../../hub/contract/index.ts';
import { ARTIFACTS, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';

const SHOTS = process.env.SHOTS_DIR ?? ARTIFACTS;

let hub: TestHub;
let chromium: TestBrowser;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  [hub, chromium] = await Promise.all([startTestHub(), launchBrowser()]);
  browser = chromium.browser;
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await chromium?.close();
  await hub?.stop();
});

async function spanishContext(options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
  const context = await browser.newContext({ ...options, locale: 'es-MX' });
  contexts.push(context);
  return context;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `refusals-${name}.png`), fullPage: true, animations: 'disabled' });

describe('refusals in Spanish', () => {
  it('the wait page says in Spanish why "more time" was refused for the last person', async () => {
    const context = await spanishContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    // The page's updates can be held back, so it still offers more time after the person behind has left.
    let holdUpdates = false;
    await context.routeWebSocket(/\/wait\/api\/live$/, (page) => {
      const server = page.connectToServer();
      page.onMessage((message) => server.send(message));
      server.onMessage((message) => {
        if (!(holdUpdates && String(message).includes('"type":"entry"'))) page.send(message);
      });
    });
    const page = await context.newPage();
    await page.goto(`${hub.httpUrl}/wait/?service=lab`);
    await page.getByRole('heading', { name: 'Espere desde donde quiera' }).waitFor();
    await page.getByRole('button', { name: 'Unirme a la fila' }).click();
    const ticket = (await page.getByTestId('ticket').textContent())!;

    const behind = (await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' })).body as EntryView;
    await page.getByText('Necesito más tiempo').waitFor();
    holdUpdates = true;
    expect((await hub.api('POST', `/entries/${behind.entryId}/cancel`, {})).status).toBe(200);
    await page.getByRole('button', { name: 'Necesito más tiempo' }).click();

    const alert = page.getByRole('alert').filter({ hasText: /\S/ });
    await alert.waitFor();
    await shot(page, 'wait-es');
    expect(await alert.textContent()).toBe(`No se pudo hacer: ${ticket} ya está al final de la fila`);
  });

  it('the desk in Spanish words a wrong password and a call with nobody waiting in Spanish', async () => {
    const context = await spanishContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${hub.httpUrl}/desk/`);
    await page.locator('#staff-id').fill('ben');
    await page.locator('#password').fill('not-his-password');
    await page.click('.sign-in-card button[type=submit]');
    const signInError = page.locator('.sign-in-error');
    await signInError.filter({ hasText: /\S/ }).waitFor();
    expect(await signInError.textContent()).toBe(
      'ID de personal o contraseña incorrectos. Quedan 4 intentos antes de que el acceso de este ID se bloquee durante 15 minutos.',
    );

    await page.locator('#password').fill('demo-ben');
    await page.click('.sign-in-card button[type=submit]');
    await page.locator('.counter-choice', { hasText: 'Ventanilla 3' }).click();
    await page.locator('.at-counter h1', { hasText: 'En Ventanilla 3' }).waitFor();
    expect((await hub.api('POST', '/counters/c3/status', { status: 'open' })).status).toBe(200);
    await page.getByRole('button', { name: 'Llamar al siguiente' }).click();

    const notice = page.locator('.notice-error .notice-text');
    await notice.waitFor();
    await shot(page, 'desk-es');
    expect(await notice.textContent()).toBe('Nadie está esperando para Ventanilla 3');
  });
});
