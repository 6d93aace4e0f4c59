/**
 * The remote-wait page on a phone-sized headless Chromium against a real
 * in-process hub: join the lab line with a text and consent (a double tap
 * joins once), follow the place live while staff call others over REST, ask
 * for more time, say "on my way", get called, leave, and see an unknown link
 * turned away; a number typed without the tick is asked about, and the status
 * page says whether texts are coming; in English and in Spanish. Every page passes axe; screenshots
 * go to test/artifacts/wait-*.png.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryView } from '../../hub/contract/index.ts';
import { ARTIFACTS, axeViolations, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';
import { smsConfigSchema } from '../../hub/sms/config.ts';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
/** The narrowest common phone, for the language with the longer words. */
const SMALL_PHONE = { ...PHONE, viewport: { width: 360, height: 740 } };

let hub: TestHub;
let chromium: TestBrowser;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  // A site that sends texts (to the console), so the page offers them; room for every join these tests make from one address.
  const site = { ...testSite(), sms: smsConfigSchema.parse({ gateway: { type: 'console' } }) };
  site.remoteWait = { ...site.remoteWait, joinsPerClient: 8 };
  [hub, chromium] = await Promise.all([startTestHub({ site }), launchBrowser()]);
  browser = chromium.browser;
  for (const counterId of ['c1', 'c2']) expect((await hub.api('POST', `/counters/${counterId}/status`, { status: 'open' })).status).toBe(200);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await chromium?.close();
  await hub?.stop();
});

async function phone(locale: string, device = PHONE): Promise<BrowserContext> {
  const context = await browser.newContext({ ...device, locale });
  contexts.push(context);
  return context;
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.map((v) => `${screen}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `wait-${name}.png`), fullPage: true, animations: 'disabled' });

async function enrollAtKiosk(count: number, serviceId = 'lab'): Promise<void> {
  for (let i = 0; i < count; i++) expect((await hub.api('POST', '/entries', { serviceId, channel: 'kiosk' })).status).toBe(201);
}

async function entryByTicket(ticket: string): Promise<EntryView> {
  const all = (await hub.api('GET', '/entries')).body as EntryView[];
  const found = all.find((entry) => entry.ticket === ticket);
  expect(found, ticket).toBeDefined();
  const response = await hub.api('GET', `/entries/${found!.entryId}`);
  expect(response.status).toBe(200);
  return response.body as EntryView;
}

const placeText = (page: Page) => page.getByTestId('place').textContent();

describe('remote-wait page', () => {
  it('joins the lab line from a phone, follows the place live, asks for more time, is on the way, is called and leaves', async () => {
    await enrollAtKiosk(3);
    const context = await phone('en-US');
    // Every live connection passes through here, so the test can drop one the way a phone network does.
    const liveSockets: WebSocketRoute[] = [];
    await context.routeWebSocket(/\/wait\/api\/live$/, (socket) => {
      socket.connectToServer();
      liveSockets.push(socket);
    });
    const page = await context.newPage();
    await page.goto(`${hub.httpUrl}/wait/?service=lab`);

    await page.getByRole('heading', { name: 'Wait from anywhere' }).waitFor();
    expect(await page.getByRole('radio', { name: /Lab tests/ }).isChecked()).toBe(true);
    expect(await page.locator('label[for="service-lab"]').textContent()).toContain('3 people waiting');
    await expectAccessible(page, 'join');
    await shot(page, 'join');

    // The hub's own words for a number it cannot text.
    await page.getByLabel('Text me when it’s almost my turn.').check();
    await page.getByLabel('Mobile number').fill('12345');
    await page.getByRole('button', { name: 'Join the line' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /\S/ }).textContent()).toBe(
      'We could not use that mobile number: That phone number is too short. Please include the area code.',
    );
    await expectAccessible(page, 'join (invalid number)');
    await shot(page, 'join-invalid-number');

    await page.getByLabel('Mobile number').fill('(201) 555-0123');
    await page.getByRole('button', { name: 'Join the line' }).dblclick();
    const ticket = page.getByTestId('ticket');
    await ticket.waitFor();
    const number = (await ticket.textContent())!;
    expect(number).toBe('L-004');
    expect(page.url()).toMatch(/\/wait\/\?service=lab#[A-Za-z0-9_-]+$/);

    const remote = ((await hub.api('GET', '/entries?status=waiting')).body as EntryView[]).filter((entry) => entry.channel === 'remote');
    expect(remote).toHaveLength(1);
    expect(remote[0]).toMatchObject({ ticket: number, serviceId: 'lab', language: 'en', hasPhone: true });

    await expect.poll(() => placeText(page)).toBe('You are 4th in line');
    await page.getByText('Live', { exact: true }).waitFor();
    // What they chose, said back with the number masked.
    expect(await page.getByTestId('texts').textContent()).toBe('We will text +1•••••0123 when it’s almost your turn.');
    expect(await page.locator('.ticket-card').textContent()).toContain('Lab tests');
    expect(await page.locator('.estimate').textContent()).toMatch(/^Estimated wait: (about \d+ min|\d+ to \d+ min)$/);
    await enrollAtKiosk(6);
    await expectAccessible(page, 'status');
    await shot(page, 'status');

    // Staff call the people ahead: the place follows without a reload.
    expect((await hub.api('POST', '/counters/c1/call-next')).status).toBe(200);
    await expect.poll(() => placeText(page)).toBe('You are 3rd in line');
    expect((await hub.api('POST', '/counters/c2/call-next')).status).toBe(200);
    await expect.poll(() => placeText(page)).toBe('You are 2nd in line');

    // A dropped connection shows, comes back by itself, and the page catches up on what it missed.
    liveSockets.at(-1)!.close();
    await page.getByText('Connection lost. Reconnecting…').waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    expect(liveSockets.length).toBeGreaterThan(1);

    const moreTime = page.getByRole('button', { name: 'I need more time' });
    expect(await page.locator('#more-time-details').textContent()).toBe('Moves you back 3 places. You can ask 2 more times.');
    await moreTime.click();
    await expect.poll(() => placeText(page)).toBe('You are 5th in line');
    expect(await page.locator('#more-time-details').textContent()).toBe('Moves you back 3 places. You can ask 1 more time.');
    await moreTime.click();
    await expect.poll(() => placeText(page)).toBe('You are 8th in line');
    expect(await page.locator('#more-time-details').textContent()).toBe('You have used all your extra time.');
    expect(await moreTime.count()).toBe(0);

    await page.getByRole('button', { name: 'I’m on my way' }).click();
    await page.getByText('Thanks, the staff know you are on your way.').waitFor();
    const me = await entryByTicket(number);
    expect(me.onMyWayAt).not.toBeNull();

    // Reopening the join page on the same phone shows the visit, not a new join.
    await page.goto(`${hub.httpUrl}/wait/`);
    await expect.poll(() => ticket.textContent()).toBe(number);

    // Counter 1 finishes with the person it called, then calls this one out of turn.
    const atCounter1 = ((await hub.api('GET', '/entries?status=called')).body as EntryView[]).find((entry) => entry.counterId === 'c1')!;
    for (const action of ['start-serving', 'complete']) expect((await hub.api('POST', `/entries/${atCounter1.entryId}/${action}`)).status).toBe(200);
    expect((await hub.api('POST', '/counters/c1/call-entry', { entryId: me.entryId })).status).toBe(200);
    await page.getByRole('heading', { name: 'Go to Counter 1 now' }).waitFor();
    expect(await page.locator('.called').textContent()).toContain('Please get there within 10 min');
    expect(await page.getByRole('button', { name: 'I need more time' }).count()).toBe(0);
    await expectAccessible(page, 'called');
    await shot(page, 'called');

    await page.getByRole('button', { name: 'Leave the line' }).click();
    await page.getByText('Leave the line? Your place will go to the next person').waitFor();
    await shot(page, 'leave-confirm');
    await page.getByRole('button', { name: 'Yes, leave the line' }).click();
    await page.getByRole('heading', { name: 'You have left the line.' }).waitFor();
    expect(await page.getByText(/^(Live|Connecting…)$/).count()).toBe(0);
    expect((await entryByTicket(number)).status).toBe('cancelled');
    await expectAccessible(page, 'left');
    await shot(page, 'left');

    // The visit is over and forgotten on this phone: the link leads to the join page.
    await page.getByRole('link', { name: 'Join a line again' }).click();
    await page.getByRole('heading', { name: 'Wait from anywhere' }).waitFor();
    // A whole visit, about 25 s on a busy two-core machine.
  }, 60_000);

  it('asks about a number typed without ticking "Text me", and texts it when the person says yes', async () => {
    const page = await (await phone('en-US')).newPage();
    await page.goto(`${hub.httpUrl}/wait/?service=reg`);
    // The tick without a number is not taken as "no texts" either.
    const textMe = page.getByLabel('Text me when it’s almost my turn.');
    await textMe.check();
    await page.getByRole('button', { name: 'Join the line' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /\S/ }).textContent()).toBe(
      'Please type your mobile number, or untick “Text me” to join without texts.',
    );
    await textMe.uncheck();
    await page.getByLabel('Mobile number').fill('(201) 555-0124');
    await page.getByText('Tick “Text me” above to get texts at this number.').waitFor();
    await page.getByRole('button', { name: 'Join the line' }).click();

    const question = page.getByRole('group', { name: 'You typed (201) 555-0124 but did not tick “Text me”. Should we text you when it’s almost your turn?' });
    await question.waitFor();
    // Nobody joined yet: the question comes first.
    expect(((await hub.api('GET', '/entries?status=waiting')).body as EntryView[]).filter((entry) => entry.serviceId === 'reg')).toHaveLength(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Yes, text me');
    await expectAccessible(page, 'join (number without tick)');
    await shot(page, 'join-number-without-tick');

    await question.getByRole('button', { name: 'Yes, text me' }).click();
    await page.getByTestId('ticket').waitFor();
    expect(await entryByTicket((await page.getByTestId('ticket').textContent())!)).toMatchObject({ serviceId: 'reg', hasPhone: true });
    expect(await page.getByTestId('texts').textContent()).toBe('We will text +1•••••0124 when it’s almost your turn.');
    // The whole number is nowhere on the page.
    expect(await page.locator('body').textContent()).not.toContain('555-0124');
    await expectAccessible(page, 'status (texts coming)');
    await shot(page, 'status-texts-coming');
  }, 60_000);

  it('defaults to Spanish on a Spanish phone, joins in Spanish without a text, and switches language', async () => {
    const page = await (await phone('es-MX', SMALL_PHONE)).newPage();
    await page.goto(`${hub.httpUrl}/wait/`);
    await page.getByRole('heading', { name: 'Espere desde donde quiera' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await page.getByRole('button', { name: 'Español' }).getAttribute('aria-pressed')).toBe('true');

    // No page wider than the phone: nothing to scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // Nothing chosen yet: the page says so rather than guessing.
    await page.getByRole('button', { name: 'Unirme a la fila' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /\S/ }).textContent()).toBe('Elija a qué viene, por favor.');

    await page.getByRole('radio', { name: /Rayos X/ }).check();
    expect(await page.getByRole('alert').filter({ hasText: /\S/ }).count()).toBe(0);
    // A number typed without the consent tick: asked about, and "no" joins without it.
    await page.getByLabel('Número de celular').fill('(201) 555-0199');
    await page.getByText('Marque «Envíenme un mensaje» arriba para recibir mensajes en este número.').waitFor();
    await expectAccessible(page, 'join (es)');
    await shot(page, 'join-es');
    await page.getByRole('button', { name: 'Unirme a la fila' }).click();
    await page.getByRole('button', { name: 'Sin mensajes, mantendré esta página abierta' }).click();

    await page.getByTestId('ticket').waitFor();
    const number = (await page.getByTestId('ticket').textContent())!;
    expect(await page.locator('.ticket-card').textContent()).toContain('Rayos X');
    await expect.poll(() => placeText(page)).toBe('Usted es el siguiente');
    expect(await entryByTicket(number)).toMatchObject({ serviceId: 'xray', channel: 'remote', language: 'es', hasPhone: false });
    await page.getByText('En directo', { exact: true }).waitFor();
    expect(await page.getByTestId('texts').textContent()).toBe('No recibirá mensajes: mantenga esta página abierta o guárdela en favoritos para ver su lugar.');
    await expectAccessible(page, 'status (es)');
    await shot(page, 'status-es');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => placeText(page)).toBe('You’re next');
    expect(await page.locator('.ticket-card').textContent()).toContain('X-ray');
  });

  it('tells a person whose link is unknown so, and leads to the join page', async () => {
    const page = await (await phone('en-US')).newPage();
    await page.goto(`${hub.httpUrl}/wait/#this-is-not-a-real-token`);
    await page.getByRole('heading', { name: 'We cannot find this visit' }).waitFor();
    await expectAccessible(page, 'unknown link');
    await shot(page, 'unknown-link');
    await page.getByRole('link', { name: 'Go to the join page' }).click();
    await page.getByRole('heading', { name: 'Wait from anywhere' }).waitFor();
  });

  it('says how long to wait when this phone has joined too often', async () => {
    const page = await (await phone('en-US')).newPage();
    await page.goto(`${hub.httpUrl}/wait/?service=reg`);
    await page.getByRole('heading', { name: 'Wait from anywhere' }).waitFor();
    // Joins from this address (the test's own, like a second phone on the same network) until the hub refuses.
    let status = 0;
    for (let i = 0; status !== 429 && i < 20; i++) {
      const response = await fetch(`${hub.httpUrl}/wait/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serviceId: 'reg', language: 'en', requestId: `flood-${i}-0000` }),
      });
      status = response.status;
    }
    expect(status).toBe(429);
    await page.getByRole('button', { name: 'Join the line' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /\S/ }).textContent()).toMatch(
      /^Too many people are joining right now\. Please try again in \d+ min, or check in at the front desk\.$/,
    );
    await shot(page, 'join-rate-limited');
  });
});

describe('remote-wait page when a line is full', () => {
  let fullHub: TestHub;
  beforeAll(async () => {
    const site = testSite();
    site.services.find((service) => service.id === 'xray')!.maxWaiting = 1;
    fullHub = await startTestHub({ site });
    expect((await fullHub.api('POST', '/entries', { serviceId: 'xray', channel: 'kiosk' })).status).toBe(201);
  });
  afterAll(async () => {
    await fullHub?.stop();
  });

  it('shows why a full line cannot be chosen, even from its own QR code', async () => {
    const page = await (await phone('en-US')).newPage();
    await page.goto(`${fullHub.httpUrl}/wait/?service=xray`);
    const xray = page.getByRole('radio', { name: /X-ray/ });
    await xray.waitFor();
    expect(await xray.isDisabled()).toBe(true);
    expect(await xray.isChecked()).toBe(false);
    expect(await page.locator('label[for="service-xray"]').textContent()).toContain('Not taking more people from phones right now.');
    await expectAccessible(page, 'join (line full)');
    await shot(page, 'join-line-full');
  });
});
