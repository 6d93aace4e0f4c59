/**
 * The staff desk in headless Chromium against a real hub: sign in, open a
 * counter, call, reorder by drag and by keyboard, transfer, no-show; two
 * desks racing for one person; lock-out; device credentials refused; the
 * activity and alerts screens; a touch tablet. axe-core checks every screen
 * and screenshots go to test/artifacts/.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteTopics } from '../../hub/contract/topics.ts';
import { es } from '../../hub/web/desk/src/messages-es.ts';
import { ARTIFACTS, axeViolations, launchBrowser, signInAtDesk } from '../helpers/browser.ts';
import { DEMO_PASSWORDS, startTestHub, type TestHub } from '../helpers/hub.ts';
import { connectClient, nextMessage, publishAsync, subscribeGranted } from '../helpers/mqtt.ts';

const topics = siteTopics('demo-clinic');
const LAPTOP = { width: 1366, height: 768 };
const TABLET = { width: 1280, height: 800 };

const launchChromium = async (): Promise<Browser> => (await launchBrowser()).browser;

interface ApiEntry {
  entryId: string;
  ticket: string;
  serviceId: string;
  status: string;
  counterId: string | null;
}

describe('staff desk', () => {
  let hub: TestHub;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let ana: Page;

  const waitingLab = async () => ((await hub.api('GET', '/entries?status=waiting&serviceId=lab')).body as ApiEntry[]).map((e) => e.ticket);
  const entry = async (ticket: string) => ((await hub.api('GET', '/entries')).body as ApiEntry[]).find((e) => e.ticket === ticket)!;
  const rowTickets = (page: Page) => page.locator('.service-line ol.line > li').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.ticket));

  async function openDesk(viewport: { width: number; height: number }, options: { hasTouch?: boolean } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport, ...options });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${hub.httpUrl}/desk/`);
    await page.locator('#staff-id').waitFor();
    return page;
  }

  async function signIn(page: Page, staffId: string, password: string): Promise<void> {
    await signInAtDesk(page, staffId, password);
  }

  async function atCounter(page: Page, counterName: string): Promise<void> {
    await page.locator('.counter-choice', { hasText: counterName }).click();
    await page.locator('.at-counter h1', { hasText: `At ${counterName}` }).waitFor();
  }

  async function expectAccessible(page: Page, screen: string): Promise<void> {
    const violations = await axeViolations(page);
    expect(violations.map((v) => `${screen}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}` });

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    [hub, browser] = await Promise.all([startTestHub(), launchChromium()]);
    const people = [
      { channel: 'kiosk' },
      { channel: 'remote', language: 'es' },
      { channel: 'remote', phone: '+15551234567' },
      { channel: 'kiosk', priority: 1 },
      { channel: 'desk' },
      { channel: 'kiosk' },
      { channel: 'remote' },
    ];
    for (const person of people) expect((await hub.api('POST', '/entries', { serviceId: 'lab', ...person })).status).toBe(201);
    // L-003 waited remotely before phoning in: its history shows both.
    const l003 = await entry('L-003');
    expect((await hub.api('POST', `/entries/${l003.entryId}/change-channel`, { channel: 'phone' })).status).toBe(200);
    await hub.api('POST', '/entries', { serviceId: 'xray', channel: 'kiosk' });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await hub?.stop();
  });

  it('signs in, opens a counter and calls the next person, recorded as that staff member', async () => {
    ana = await openDesk(LAPTOP);
    await expectAccessible(ana, 'sign-in');
    await shot(ana, 'desk-sign-in-1366x768.png');

    await signIn(ana, 'ana', 'demo-ana');
    await ana.locator('.counter-choice').first().waitFor();
    await expectAccessible(ana, 'counter picker');
    await atCounter(ana, 'Counter 1');
    await ana.getByRole('group', { name: 'Counter status' }).getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => ana.locator('.segmented .status-open').getAttribute('aria-pressed')).toBe('true');

    await ana.keyboard.press('n');
    await ana.locator('.current .ticket').waitFor();
    const called = ((await hub.api('GET', '/entries?status=called')).body as ApiEntry[]).find((e) => e.counterId === 'c1')!;
    expect(await ana.locator('.current .ticket').textContent()).toBe(called.ticket);
    await ana.locator('.notice-ok', { hasText: `Called ${called.ticket} to Counter 1` }).waitFor();
    const [event] = (await hub.api('GET', `/events?after=${hub.engine.state.seq - 1}`)).body;
    expect(event).toMatchObject({ data: { type: 'entry.called', entryId: called.entryId }, actor: { kind: 'staff', id: 'ana' } });

    await expect.poll(() => rowTickets(ana)).toEqual(await waitingLab());
    const l003 = ana.locator('li[data-ticket="L-003"]');
    expect(await l003.locator('.channel').textContent()).toBe('Phone');
    expect(await l003.locator('.history').textContent()).toBe('Was Remote');
    expect(await l003.locator('.tag-phone').textContent()).toBe('Phone on file');
    expect(await ana.locator('li[data-ticket="L-002"] .tag-language').textContent()).toBe('ES');
    expect(await ana.locator('li[data-ticket="L-004"] .tag-priority').textContent()).toBe('Priority 1');
    await expectAccessible(ana, 'line');
    await shot(ana, 'desk-line-1366x768.png');
  });

  it('reorders by dragging a row to the top, and by keyboard', async () => {
    const before = await waitingLab();
    const last = before.at(-1)!;
    const grip = ana.locator(`li[data-ticket="${last}"] .grip`);
    const from = (await grip.boundingBox())!;
    const top = (await ana.locator('.service-line ol.line > li').first().boundingBox())!;
    await ana.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await ana.mouse.down();
    await ana.mouse.move(from.x + from.width / 2, top.y + 4, { steps: 12 });
    await ana.mouse.up();
    await expect.poll(waitingLab).toEqual([last, ...before.slice(0, -1)]);
    await expect.poll(() => rowTickets(ana)).toEqual([last, ...before.slice(0, -1)]);

    // Keyboard alone: ↓ selects, Alt+↑ moves up one place, Alt+Shift+↑ to the top.
    const order = await waitingLab();
    const third = order[2]!;
    await ana.keyboard.press('Escape');
    for (let i = 0; i < 3; i++) await ana.keyboard.press('ArrowDown');
    await expect.poll(() => ana.locator('.row.selected').getAttribute('data-ticket')).toBe(third);
    await ana.keyboard.press('Alt+ArrowUp');
    await expect.poll(waitingLab).toEqual([order[0], third, order[1], ...order.slice(3)]);
    await ana.keyboard.press('Alt+Shift+ArrowUp');
    await expect.poll(waitingLab).toEqual([third, order[0], order[1], ...order.slice(3)]);
    await expect.poll(() => rowTickets(ana)).toEqual(await waitingLab());
    expect(await ana.locator('.selected-summary').textContent()).toContain(`${third} · place 1`);
  });

  it('transfers a person to another line, keeping their place, and marks a no-show', async () => {
    const [, second] = await waitingLab();
    await ana.locator(`li[data-ticket="${second}"] button.entry`).click();
    await ana.keyboard.press('t');
    const dialog = ana.getByRole('dialog', { name: `Transfer ${second}` });
    await dialog.getByLabel('X-ray').check();
    expect(await dialog.getByLabel('Keep their place (by when they arrived)').isChecked()).toBe(true);
    await expectAccessible(ana, 'transfer dialog');
    await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
    await expect.poll(async () => (await entry(second!)).serviceId).toBe('xray');
    // Kept their place: they arrived before X-001.
    expect(((await hub.api('GET', '/entries?status=waiting&serviceId=xray')).body as ApiEntry[]).map((e) => e.ticket)).toEqual([second, 'X-001']);
    await expect.poll(() => rowTickets(ana)).not.toContain(second);

    const current = (await ana.locator('.current .ticket').textContent())!;
    await ana.keyboard.press('x');
    await expect.poll(async () => (await entry(current)).status).toBe('no_show');
    await ana.locator('.nobody', { hasText: 'Nobody is called here right now.' }).waitFor();
  });

  it('reprints the selected person\'s ticket at the kiosk chosen', async () => {
    const kiosk = await connectClient(hub.mqttUrl, { clientId: 'kiosk-1-desk-test', username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'] });
    try {
      expect(await subscribeGranted(kiosk, topics.deviceJobs('kiosk-1'))).toEqual([1]);
      const [first] = await waitingLab();
      await ana.locator(`li[data-ticket="${first}"] button.entry`).click();
      await ana.getByRole('button', { name: 'Reprint ticket…' }).click();
      const dialog = ana.getByRole('dialog', { name: `Reprint ${first}` });
      expect(await dialog.getByLabel('Lobby kiosk').isChecked()).toBe(true);
      await expectAccessible(ana, 'reprint dialog');
      await shot(ana, 'desk-reprint-1366x768.png');
      const job = nextMessage<{ ticket: string }>(kiosk, topics.deviceJobs('kiosk-1'), (j) => j.ticket === first);
      job.catch(() => {});
      await dialog.getByRole('button', { name: 'Print', exact: true }).click();
      const outcome = ana.locator('.notice-ok, .notice-error').filter({ hasText: /is printing again at|not set up/ }).first();
      await outcome.waitFor();
      expect(await outcome.textContent()).toBe(`${first} is printing again at Lobby kiosk`);
      expect((await job).payload.ticket).toBe(first);
    } finally {
      kiosk.end(true);
    }
  });

  it('two desks acting on the same person at once: one wins, the other is told plainly', async () => {
    const ben = await openDesk(LAPTOP);
    await signIn(ben, 'ben', 'demo-ben');
    await atCounter(ben, 'Counter 1');

    await ana.keyboard.press('n');
    const ticket = (await ana.locator('.current .ticket').textContent())!;
    await ben.locator('.current .ticket', { hasText: ticket }).waitFor();

    await Promise.all([ana.keyboard.press('s'), ben.keyboard.press('x')]);
    await expect.poll(async () => (await entry(ticket)).status).toMatch(/^(serving|no_show)$/);
    const { status } = await entry(ticket);
    const [winner, loser] = status === 'serving' ? [ana, ben] : [ben, ana];
    const refusal =
      status === 'serving'
        ? `Cannot mark as no-show ${ticket}: it is already being served at Counter 1 (by Ana (front desk))`
        : `Cannot start serving ${ticket}: it is no-show`;
    await loser.locator('.notice-error', { hasText: refusal }).waitFor();
    expect(await winner.locator('.notice-error').textContent()).toBe('');
    await shot(loser, 'desk-refused-1366x768.png');
    await expectAccessible(loser, 'line with a refusal');

    // Leave Counter 1 with nobody at it for the tests after.
    if (status === 'serving') await ana.keyboard.press('d');
    await ana.locator('.nobody').waitFor();
  });

  it('locks a staff id after five wrong passwords, and says so plainly', async () => {
    const page = await openDesk(LAPTOP);
    const error = page.locator('.sign-in-error');
    for (let attempt = 1; attempt <= 4; attempt++) {
      await signIn(page, 'ben', `wrong-${attempt}`);
      await error.filter({ hasText: `${5 - attempt} ${attempt === 4 ? 'try' : 'tries'} left` }).waitFor();
    }
    await signIn(page, 'ben', 'wrong-5');
    await error.filter({ hasText: 'Too many wrong passwords: sign-in for this id is locked. Try again in 15 minutes.' }).waitFor();
    const refused = page.waitForResponse((r) => r.url().endsWith('/desk/api/session') && r.request().method() === 'POST');
    await signIn(page, 'ben', 'demo-ben');
    expect((await refused).status()).toBe(429);
    expect(await error.textContent()).toMatch(/locked/);
    expect(await page.locator('.desk').count()).toBe(0);
    await expectAccessible(page, 'sign-in with lock-out');
  });

  it("refuses commands made with a lobby display's credentials, over MQTT and through the desk API", async () => {
    const seq = hub.engine.state.seq;
    const display = await connectClient(hub.wsUrl, { clientId: 'display-1-e2e', username: 'display-1', password: DEMO_PASSWORDS['display-1'] });
    try {
      await subscribeGranted(display, topics.reply('display-1-e2e'));
      const reply = nextMessage(display, topics.reply('display-1-e2e'), (r: { id: string }) => r.id === 'd1');
      await publishAsync(display, topics.command('call-next'), JSON.stringify({ id: 'd1', counterId: 'c1' }));
      expect((await reply).payload).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      display.end(true);
    }

    const desk = (path: string, init: RequestInit) => fetch(`${hub.httpUrl}/desk/api${path}`, init);
    const json = { 'content-type': 'application/json' };
    const signInAsDisplay = await desk('/session', { method: 'POST', headers: json, body: JSON.stringify({ staffId: 'display-1', password: 'demo-display-1' }) });
    expect(signInAsDisplay.status).toBe(401);
    expect(signInAsDisplay.headers.get('set-cookie')).toBeNull();
    for (const authorization of [`Basic ${Buffer.from('display-1:demo-display-1').toString('base64')}`, 'Bearer demo-display-1']) {
      const call = await desk('/counters/c1/call-next', { method: 'POST', headers: { ...json, authorization }, body: '{}' });
      expect(call.status).toBe(401);
    }
    expect(hub.engine.state.seq).toBe(seq);
  });

  it('shows who did what, and what needs attention', async () => {
    await ana.getByRole('link', { name: 'Activity' }).click();
    await ana.locator('.activity-table').waitFor();
    await ana.locator('tr', { hasText: 'Ana (front desk)' }).filter({ hasText: 'Opened Counter 1' }).waitFor();
    await ana.locator('tr', { hasText: 'Integration demo' }).filter({ hasText: 'L-003 now waits by phone' }).waitFor();
    expect(await ana.locator('.activity-table').textContent()).not.toContain('+1555');
    await expectAccessible(ana, 'activity');
    await shot(ana, 'desk-activity-1366x768.png');

    // A kiosk out of paper and a lobby TV that could not play sound, then dropped off the network.
    const kiosk = await connectClient(hub.mqttUrl, { clientId: 'kiosk-1-e2e', username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'] });
    const tv = await connectClient(hub.mqttUrl, {
      clientId: 'display-1-e2e',
      username: 'display-1',
      password: DEMO_PASSWORDS['display-1'],
      will: { topic: topics.deviceStatus('display-1'), payload: Buffer.from(JSON.stringify({ online: false })), qos: 1, retain: true },
    });
    const retained = { qos: 1 as const, retain: true };
    await publishAsync(kiosk, topics.deviceStatus('kiosk-1'), JSON.stringify({ online: true, detail: { printer: 'paper-out', printerMessage: 'Printer is out of paper', scanner: 'connected' } }), retained);
    await publishAsync(tv, topics.deviceStatus('display-1'), JSON.stringify({ online: true, detail: { app: 'display', sound: 'blocked' } }), retained);

    await ana.getByRole('link', { name: /^Alerts/ }).click();
    const problems = ana.locator('.problems');
    await problems.locator('li', { hasText: 'Waiting room TV (display-1) cannot play sound: tap the screen once to allow it' }).waitFor();
    tv.stream.destroy();
    await problems.locator('li', { hasText: 'Waiting room TV (display-1) is offline' }).waitFor();
    await problems.locator('li', { hasText: 'Lobby kiosk (kiosk-1) cannot print: Printer is out of paper' }).waitFor();
    expect(await ana.locator('nav .badge').textContent()).toBe('2 (2 alerts)');
    expect(await ana.locator('.devices tr', { hasText: 'kiosk-1' }).textContent()).toContain('out of paper');
    await expectAccessible(ana, 'alerts');
    await shot(ana, 'desk-alerts-1366x768.png');
    kiosk.end(true);
  });

  it('works by touch on a 1280×800 tablet: select, move, drag, add a walk-in, pause; a manager adds an account', async () => {
    const tablet = await openDesk(TABLET, { hasTouch: true });
    await tablet.tap('#staff-id');
    await signIn(tablet, 'mia', 'demo-mia');
    await tablet.locator('.counter-choice', { hasText: 'Counter 2' }).tap();
    await tablet.getByRole('group', { name: 'Counter status' }).getByRole('button', { name: 'Open' }).tap();
    await expect.poll(() => tablet.locator('.segmented .status-open').getAttribute('aria-pressed')).toBe('true');

    const order = await waitingLab();
    await tablet.locator(`li[data-ticket="${order[2]}"] button.entry`).tap();
    await tablet.getByRole('button', { name: 'To top' }).tap();
    await expect.poll(waitingLab).toEqual([order[2], order[0], order[1], ...order.slice(3)]);

    // A finger drags the last row to the top (touch events, as a tablet sends them).
    const moved = await waitingLab();
    const grip = (await tablet.locator(`li[data-ticket="${moved.at(-1)}"] .grip`).boundingBox())!;
    const top = (await tablet.locator('.service-line ol.line > li').first().boundingBox())!;
    const cdp = await tablet.context().newCDPSession(tablet);
    const x = grip.x + grip.width / 2;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: grip.y + grip.height / 2 }] });
    for (let step = 1; step <= 10; step++) {
      const y = grip.y + grip.height / 2 + ((top.y + 4 - (grip.y + grip.height / 2)) * step) / 10;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect.poll(waitingLab).toEqual([moved.at(-1), ...moved.slice(0, -1)]);

    await expectAccessible(tablet, 'line on a tablet');
    await shot(tablet, 'desk-line-1280x800.png');

    // A walk-in at the desk, and a pause.
    await tablet.selectOption('#walk-in-service', 'reg');
    await tablet.selectOption('#walk-in-language', 'es');
    await tablet.getByLabel('Priority (goes ahead by the priority rules)').check();
    await tablet.getByRole('button', { name: 'Add to line' }).tap();
    await tablet.locator('.notice-ok', { hasText: /^Added R-\d{3} to Registration, place 1$/ }).waitFor();
    const [walkIn] = (await hub.api('GET', '/entries?status=waiting&serviceId=reg')).body;
    expect(walkIn).toMatchObject({ channel: 'desk', language: 'es', priority: 1 });
    await tablet.getByRole('group', { name: 'Counter status' }).getByRole('button', { name: 'Paused' }).tap();
    await expect.poll(async () => (await hub.api('GET', '/counters')).body.find((c: { counterId: string }) => c.counterId === 'c2').status).toBe('paused');

    await tablet.getByRole('link', { name: 'Staff accounts' }).tap();
    await tablet.fill('#new-name', 'Finn (front desk)');
    await tablet.fill('#new-id', 'finn');
    await tablet.fill('#new-password', 'finn-password-1');
    await tablet.getByRole('button', { name: 'Add account' }).tap();
    await tablet.locator('.accounts tr', { hasText: 'Finn (front desk)' }).waitFor();
    await expectAccessible(tablet, 'staff accounts');
    await shot(tablet, 'desk-staff-1280x800.png');

    await tablet.getByRole('button', { name: 'Sign out' }).tap();
    await tablet.locator('.sign-in-card .notice', { hasText: 'You have signed out.' }).waitFor();
    await signIn(tablet, 'finn', 'finn-password-1');
    await tablet.locator('.signed-in-as', { hasText: 'Signed in as Finn (front desk)' }).waitFor();
    expect(await tablet.getByRole('link', { name: 'Staff accounts' }).count()).toBe(0);
  });
  it('works in Spanish once someone picks it, remembered on that computer', async () => {
    const page = await openDesk(LAPTOP);
    await page.getByRole('button', { name: 'Español' }).click();
    await page.locator('html[lang=es]').waitFor();
    await page.locator('#sign-in-title', { hasText: es.signIn.title }).waitFor();
    await expectAccessible(page, 'sign-in in Spanish');
    await signIn(page, 'mia', 'demo-mia');
    // Counters too, where the site names them in Spanish.
    await page.locator('.counter-choice', { hasText: 'Ventanilla 2' }).click();
    await page.locator('.at-counter h1', { hasText: es.atCounter.title('Ventanilla 2') }).waitFor();
    // Service names come in the desk's language where the site names them so.
    await page.locator('.service-line h2', { hasText: 'Análisis de laboratorio' }).first().waitFor();
    await expectAccessible(page, 'line in Spanish');
    await shot(page, 'desk-line-es-1366x768.png');

    await page.reload();
    await page.locator('html[lang=es]').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('html[lang=en]').waitFor();
    await page.locator('.at-counter h1', { hasText: 'At Counter 2' }).waitFor();
  });
});
