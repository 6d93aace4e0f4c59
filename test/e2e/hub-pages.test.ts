/**
 * The hub's own pages against a real hub: `/` leads to every app in the site's
 * languages, and an address that leads nowhere gives a browser a page with a
 * way back, while programs asking the APIs keep getting JSON. In headless
 * Chromium (axe clean, on a phone and a desktop) and over plain HTTP.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, axeViolations, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let hub: TestHub;
let chromium: TestBrowser;

beforeAll(async () => {
  [hub, chromium] = await Promise.all([startTestHub(), launchBrowser()]);
});

afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
});

async function open(url: string, device: object = DESKTOP, locale = 'en-US'): Promise<Page> {
  const page = await (await chromium.browser.newContext({ ...device, locale })).newPage();
  await page.goto(url);
  return page;
}

async function expectAccessible(page: Page): Promise<void> {
  expect((await axeViolations(page)).map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `hub-${name}.png`), fullPage: true, animations: 'disabled' });

async function get(path: string, accept: string): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`${hub.httpUrl}${path}`, { headers: { accept } });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe('the landing page', () => {
  it('names the site and leads to every app, and is in Spanish for a Spanish browser', async () => {
    const page = await open(`${hub.httpUrl}/`);
    await page.getByRole('heading', { level: 1, name: 'Demo Clinic' }).waitFor();
    const links = await page.getByRole('main').getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(['/wait/', '/wait/api/join-qr.png', '/display/?site=demo-clinic', '/kiosk/', '/desk/']);
    await expectAccessible(page);
    await shot(page, 'landing-desktop');

    await page.getByRole('link', { name: /Lobby TV/ }).click();
    await page.locator('.site-name', { hasText: 'Demo Clinic' }).waitFor();

    const spanish = await open(`${hub.httpUrl}/`, PHONE, 'es-MX');
    await spanish.getByRole('link', { name: /Unirse a la fila desde el teléfono/ }).waitFor();
    expect(await spanish.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await spanish.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(spanish);
    await shot(spanish, 'landing-phone-es');
    await spanish.getByRole('link', { name: /Unirse a la fila desde el teléfono/ }).click();
    await spanish.getByRole('heading', { name: 'Espere desde donde quiera' }).waitFor();
    // The site's other language, one tap away.
    await spanish.goto(`${hub.httpUrl}/`);
    await spanish.getByRole('link', { name: 'English' }).click();
    await spanish.getByRole('link', { name: /Join the line from a phone/ }).waitFor();
  }, 60_000);
});

describe('an address that leads nowhere', () => {
  it('gives a browser a page that says so, with a way back to the start', async () => {
    const page = await open(`${hub.httpUrl}/desk/nope`, PHONE);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('There is nothing at /desk/nope on this hub.');
    await expectAccessible(page);
    await shot(page, 'not-found-phone');
    await page.getByRole('link', { name: 'Go to the start page' }).click();
    await page.getByRole('heading', { level: 1, name: 'Demo Clinic' }).waitFor();
  });

  it('answers HTML to a browser and JSON to a program, and JSON on API paths whoever asks', async () => {
    const page = await get('/desk/nope', HTML);
    expect(page).toMatchObject({ status: 404, type: expect.stringMatching(/^text\/html/) });
    expect(page.text).toContain('<a class="button" href="/">');

    const program = await get('/desk/nope', 'application/json');
    expect(program).toMatchObject({ status: 404, type: expect.stringMatching(/^application\/json/) });
    expect(JSON.parse(program.text)).toEqual({ error: { code: 'not_found', message: 'Nothing at GET /desk/nope' } });

    for (const path of ['/api/v1/nope', '/wait/api/nope', '/desk/api/nope']) {
      const api = await get(path, HTML);
      expect(api, path).toMatchObject({ status: 404, type: expect.stringMatching(/^application\/json/) });
      expect(JSON.parse(api.text).error.code, path).toBe('not_found');
    }

    const root = await get('/', HTML);
    expect(root).toMatchObject({ status: 200, type: expect.stringMatching(/^text\/html/) });
    expect(root.text).toContain('<h1>Demo Clinic</h1>');
  });
});
