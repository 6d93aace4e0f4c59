/**
 * The contact center's console in headless Chromium, against the demo hub
 * mirroring to Mosquitto and the console service in this process serving the
 * built app: an agent signs in, sees the site's lines, enrols a caller (who
 * appears in the hub's line and on the lobby TV's counts), looks them up; the
 * called caller appears in the agents' callbacks, two agents race to claim it
 * and exactly one wins while the other sees who has it, and the outcome the
 * winner records reaches the hub. A caller enrolled for a window is moved to
 * remote waiting, then cancelled. The site keeps Chicago's clock and the agents
 * UTC's: times about the site are on its clock, named (CST), and a window typed
 * "14:30" is 14:30 in Chicago. A stale session is worded as the console's, not
 * the desk's. Every screen in English and Spanish, axe clean.
 * Screenshots: test/artifacts/console-{sign-in,sites,enrol,lookup,callbacks}-{en,es}-1366x768.png,
 * console-callbacks-lost-race-1366x768.png, console-reconnecting-1366x768.png, console-enrol-window-en-1366x768.png,
 * console-desk-activity-1366x768.png (the desk's Activity naming the agent).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_SESSION_COOKIE } from '../../contact-center/agent-auth.ts';
import type { SiteConfig } from '../../hub/site/config.ts';
import { es as refusalsEs } from '../../web-lib/refusals/es.ts';
import { ARTIFACTS, axeViolations, launchBrowser, signInAtDesk, type TestBrowser } from '../helpers/browser.ts';
import { startTestConsole, type TestConsole } from '../helpers/console.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';
import { startMosquitto, type MosquittoBroker } from '../helpers/mosquitto.ts';
import { until } from '../helpers/until.ts';

const SITE = 'demo-clinic';
const HUB_SECRET = 'hub-upstream-secret';
const CC_SECRET = 'console-secret';
const AGENTS = [
  { id: 'ana', name: 'Ana Ruiz', role: 'staff' as const, password: 'agent-ana-password' },
  { id: 'ben', name: 'Ben Ortiz', role: 'manager' as const, password: 'agent-ben-password' },
];
const CALLER = { typed: '+1 555 010 0201', phone: '+15550100201' };
/** The site's zone, and the agents' (set in their browsers, whatever the machine's): not the same clock. */
const SITE_ZONE = 'America/Chicago';
const AGENT_ZONE = 'UTC';
/** "2:30 PM CST": a time as an agent elsewhere reads it, on the site's clock with its zone named. */
const atSite = (at: string | number) => new Date(at).toLocaleTimeString('en-US', { timeZone: SITE_ZONE, hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });

let upstream: MosquittoBroker;
let hub: TestHub;
let cc: TestConsole;
let chromium: TestBrowser;

beforeAll(async () => {
  [upstream, chromium] = await Promise.all([startMosquitto({ users: { hub: HUB_SECRET, cc: CC_SECRET } }), launchBrowser()]);
  const site: SiteConfig = { ...testSite(), timezone: SITE_ZONE, mirror: { url: upstream.url, username: 'hub', passwordEnv: 'LOBBYLINE_MIRROR_PASSWORD', rejectUnauthorized: true } };
  hub = await startTestHub({ site, env: { LOBBYLINE_MIRROR_PASSWORD: HUB_SECRET }, mirrorReconnectMs: 200 });
  cc = await startTestConsole({ urls: [upstream.url], username: 'cc', password: CC_SECRET, clientId: 'console-e2e', agents: AGENTS });
  await until(async () => (await cc.site(SITE))?.link === 'online', 'the console to see the demo hub linked');
});
afterAll(async () => {
  await chromium?.close();
  await cc?.stop();
  await hub?.stop();
  await upstream?.dispose();
});

/** A fresh browser profile (its own cookies: one agent each) at 1366×768 in the language given. */
async function agentPage(browser: Browser, language: 'en' | 'es'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: language === 'es' ? 'es-MX' : 'en-US', timezoneId: AGENT_ZONE });
  const page = await context.newPage();
  await page.goto(`${cc.current().url}/`);
  return { context, page };
}

async function signIn(page: Page, agent: (typeof AGENTS)[number]): Promise<void> {
  await page.fill('#agent-id', agent.id);
  await page.fill('#password', agent.password);
  await page.click('.sign-in-card button[type=submit]');
  await page.locator('.top-bar').waitFor();
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}console-${name}-1366x768.png` });
  expect((await axeViolations(page)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const liveIn = (page: Page) => page.locator('.live').textContent();

// Each case drives one or two browsers through several screens, with an axe run on each.
describe('the contact-center console', { timeout: 90_000 }, () => {
  let ana: Page;
  let enrolled: { entryId: string; ticket: string };

  it('signs an agent in after a wrong password, and shows every site with its lines and link', async () => {
    ({ page: ana } = await agentPage(chromium.browser, 'en'));
    await ana.locator('#agent-id').waitFor();
    await shoot(ana, 'sign-in-en');

    await ana.fill('#agent-id', 'ana');
    await ana.fill('#password', 'not-her-password');
    await ana.click('.sign-in-card button[type=submit]');
    await expect.poll(() => ana.locator('.sign-in-error').textContent()).toMatch(/Wrong staff id or password/);

    await signIn(ana, AGENTS[0]!);
    await expect.poll(() => liveIn(ana)).toBe('Live');
    expect(await ana.locator('.signed-in-as').textContent()).toBe('Signed in as Ana Ruiz');
    const card = ana.locator(`.site-card[data-site="${SITE}"]`);
    await expect.poll(() => card.locator('.link').textContent()).toBe('Linked');
    expect(await card.locator('h2').textContent()).toBe(`${testSite().name}${SITE}`);
    expect(await card.locator('.lines tbody th').allTextContents()).toEqual(['Lab tests', 'X-ray', 'Registration']);

    // Typing filters: a service name keeps the site, anything else hides it.
    await ana.keyboard.press('/');
    await ana.keyboard.type('x-ra');
    expect(await ana.locator('.site-card').count()).toBe(1);
    await ana.keyboard.type('zz');
    await expect.poll(() => ana.locator('.site-card').count()).toBe(0);
    expect(await ana.locator('.empty').textContent()).toBe('No site matches that filter.');
    await ana.keyboard.press('Escape');
    await expect.poll(() => ana.locator('.site-card').count()).toBe(1);
    await shoot(ana, 'sites-en');

    // The network drops (the browser offline, its open stream cut): the console says it is reconnecting, then live again by itself.
    await ana.context().setOffline(true);
    cc.current().http.server.closeAllConnections();
    await expect.poll(() => liveIn(ana)).toBe('Reconnecting…');
    await ana.screenshot({ path: `${ARTIFACTS}console-reconnecting-1366x768.png` });
    await ana.context().setOffline(false);
    await expect.poll(() => liveIn(ana), { timeout: 20_000 }).toBe('Live');
  });

  it('enrols a caller who then waits in the hub’s line and counts on the lobby TV', async () => {
    await ana.keyboard.press('4');
    await ana.selectOption('#enrol-site', SITE);
    await ana.selectOption('#enrol-service', 'lab');
    // The languages the site speaks, named in the agent's.
    expect(await ana.locator('#enrol-language option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(testSite().languages);
    await ana.fill('#enrol-phone', CALLER.typed);
    await ana.selectOption('#enrol-language', 'es');
    await ana.fill('#enrol-reason', 'Blood test results');
    await ana.fill('#enrol-note', 'Calls from work; keep it short.');
    await ana.click('.enrol-form button[type=submit]');
    const visit = ana.locator('.visit');
    await visit.waitFor();
    enrolled = { entryId: (await visit.getAttribute('data-entry-id'))!, ticket: (await visit.locator('.ticket').textContent())! };
    expect(await ana.locator('.done').textContent()).toBe(`${enrolled.ticket} is in line at ${(await cc.site(SITE))!.name ?? SITE}`);
    expect(await visit.locator('.place').textContent()).toBe('Place 1');
    expect(await visit.locator('.channel').textContent()).toBe('Phone');
    await shoot(ana, 'enrol-en');

    const atHub = await hub.api('GET', `/entries/${enrolled.entryId}`);
    expect(atHub.body).toMatchObject({ ticket: enrolled.ticket, serviceId: 'lab', channel: 'phone', status: 'waiting', language: 'es', position: 1 });
    // The hub records the agent who wrote the note, not just "the contact center"; the visit card shows it on the site's clock.
    const notes = hub.engine.state.entries[enrolled.entryId]!.notes!;
    expect(notes).toEqual([{ at: expect.any(Number), by: 'Ana Ruiz', text: 'Calls from work; keep it short.' }]);
    expect(await visit.locator('.visit-notes li').textContent()).toBe(`${atSite(notes[0]!.at)} · Ana Ruiz: Calls from work; keep it short.`);

    // The desk's Activity says which agent enrolled them, through the contact center.
    const desk = await (await chromium.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US' })).newPage();
    await desk.goto(`${hub.httpUrl}/desk/`);
    await signInAtDesk(desk, 'ana', 'demo-ana');
    await desk.getByRole('link', { name: 'Activity' }).click();
    const enrolment = desk.locator('.activity-table tr', { hasText: enrolled.ticket });
    await enrolment.first().waitFor();
    expect(await enrolment.locator('.who').allTextContents()).toEqual(['Ana Ruiz (contact center)']);
    await desk.screenshot({ path: `${ARTIFACTS}console-desk-activity-1366x768.png` });
    await desk.context().close();

    // The lobby TV reads the public waiting counts: the caller counts there too, with nothing personal.
    const tv = await chromium.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await tv.goto(`${hub.httpUrl}/display/?site=${SITE}&services=lab`);
    await expect.poll(() => tv.locator('.wait', { hasText: 'Lab tests' }).locator('.waiting-count').textContent()).toBe('1');
    expect(await tv.locator('body').textContent()).not.toMatch(/0201|Blood test/);
    await tv.close();
  });

  it('looks the caller up by phone across all sites', async () => {
    await ana.keyboard.press('3');
    await ana.keyboard.press('/');
    await ana.keyboard.type(CALLER.typed);
    await ana.keyboard.press('Enter');
    const visit = ana.locator(`.visit[data-entry-id="${enrolled.entryId}"]`);
    await visit.waitFor();
    expect(await ana.locator('.lookup-answer .count').textContent()).toBe('1 visit today');
    expect(await visit.locator('.visit-what').textContent()).toMatch(/^WaitingPlace 1Phone/);
    expect(await visit.locator('.visit-reason').textContent()).toBe('Reason: Blood test results');
    expect(await visit.locator('.visit-notes').textContent()).toContain('Calls from work; keep it short.');
    await shoot(ana, 'lookup-en');
  });

  it('lists the called caller for both agents; of two claiming at once exactly one wins, and the other sees who has it', async () => {
    const { page: ben } = await agentPage(chromium.browser, 'en');
    await signIn(ben, AGENTS[1]!);
    await ana.keyboard.press('Escape'); // leaves the look-up field
    for (const page of [ana, ben]) await page.keyboard.press('2');

    await hub.api('POST', '/counters/c1/status', { status: 'open' });
    expect((await hub.api('POST', '/counters/c1/call-next')).body).toMatchObject({ entryId: enrolled.entryId, channel: 'phone' });
    for (const page of [ana, ben]) await page.locator('.callback', { hasText: enrolled.ticket }).waitFor();
    const row = ana.locator('.callback', { hasText: enrolled.ticket });
    expect(await row.locator('.phone').textContent()).toBe(CALLER.phone);
    expect(await row.locator('.callback-facts').textContent()).toMatch(/Spanish.*Blood test results.*Calls from work/);
    expect(await row.locator('.callback-when').textContent()).toMatch(/Attempt 1.*Answer by .*As soon as their turn comes/);
    // Its times are the site's, with the site's zone named: the agents' clocks say UTC.
    const [called] = await cc.get('/api/callbacks');
    expect(await row.locator('.callback-when strong').textContent()).toBe(`Answer by ${atSite(called.answerBy)}`);
    expect(atSite(called.answerBy)).toMatch(/ C[SD]T$/);

    // Both press C for the selected (the only) callback at the same moment.
    await Promise.all([ana.keyboard.press('c'), ben.keyboard.press('c')]);
    const mine = async (page: Page) => (await page.locator('.callback .claimed-by.mine').count()) === 1;
    await until(async () => (await mine(ana)) !== (await mine(ben)) && (await ana.locator('.claimed-by').count()) === 1 && (await ben.locator('.claimed-by').count()) === 1, 'one agent to hold the claim and the other to see it');
    const [winner, loser, winnerName] = (await mine(ana)) ? [ana, ben, 'Ana Ruiz'] : [ben, ana, 'Ben Ortiz'];
    expect(await loser.locator('.claimed-by').textContent()).toBe(`${winnerName} is calling`);
    expect(await loser.locator('.callback button', { hasText: 'Claim' }).count()).toBe(0);
    expect(await winner.locator('a.dial').getAttribute('href')).toBe(`tel:${CALLER.phone}`);
    const [due] = await cc.get('/api/callbacks');
    expect(due.claim).toMatchObject({ agentName: winnerName });
    await shoot(winner, 'callbacks-en');
    await shoot(loser, 'callbacks-lost-race');

    // The outcome from the winner's keyboard reaches the hub; the callback leaves both lists.
    await winner.keyboard.press('d');
    await expect.poll(() => winner.locator('.notice-ok').textContent()).toBe(`${enrolled.ticket}: completed, recorded at the site`);
    await until(async () => (await hub.api('GET', `/entries/${enrolled.entryId}`)).body.status === 'done', 'the hub to record the visit done');
    const atHub = (await hub.api('GET', `/entries/${enrolled.entryId}`)).body;
    expect(atHub.callback.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'completed' })]);
    for (const page of [winner, loser]) await expect.poll(() => page.locator('.callback').count()).toBe(0);
    expect(await loser.locator('.empty').textContent()).toBe('No callbacks are due right now.');
    await winner.context().close();
    await loser.context().close();
  });

  it('enrols a caller for a window, moves them to remote waiting and cancels their visit', async () => {
    // The agent's browser keeps UTC's clock; "between 14:30 and 16:00" is said on the site's, Chicago's.
    const context = await chromium.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US', timezoneId: AGENT_ZONE });
    const page = await context.newPage();
    await page.goto(`${cc.current().url}/#enrol`);
    await signIn(page, AGENTS[0]!);
    await page.selectOption('#enrol-site', SITE);
    await page.selectOption('#enrol-service', 'xray');
    await page.fill('#enrol-phone', '+1 555 010 0202');
    await page.check('#when-between');
    await page.fill('#when-from', '14:30');
    await page.fill('#when-to', '16:00');
    expect(await page.locator('.when legend .site-clock').textContent()).toMatch(/^ · Times at the site \(C[SD]T\)$/);
    await shoot(page, 'enrol-window-en');
    await page.click('.enrol-form button[type=submit]');
    const visit = page.locator('.visit');
    await visit.waitFor();
    const entryId = (await visit.getAttribute('data-entry-id'))!;
    const ticket = (await visit.locator('.ticket').textContent())!;
    const inChicago = (at: string) => new Date(at).toLocaleString('en-CA', { timeZone: SITE_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    const today = new Date().toLocaleDateString('en-CA', { timeZone: SITE_ZONE });
    const atHub = (await hub.api('GET', `/entries/${entryId}`)).body;
    expect(atHub).toMatchObject({ serviceId: 'xray', channel: 'phone', status: 'waiting' });
    // Stored at the hub as 14:30 and 16:00 today in Chicago, whatever the agent's own clock says.
    expect([inChicago(atHub.callback.notBefore), inChicago(atHub.callback.notAfter)]).toEqual([`${today}, 14:30`, `${today}, 16:00`]);

    await visit.locator('button', { hasText: 'Move to remote waiting' }).click();
    await expect.poll(() => page.locator('.notice-ok').textContent()).toBe(`${ticket} now waits remotely: the status link was texted to +15550100202`);
    expect(await visit.locator('.channel').textContent()).toBe('Remote');
    expect(await visit.locator('.visit-link a').getAttribute('href')).toMatch(/^https?:\/\/.+/);
    expect((await hub.api('GET', `/entries/${entryId}`)).body.channel).toBe('remote');

    // Cancelling asks once more; Keep leaves the visit as it was.
    await visit.locator('button', { hasText: 'Cancel visit' }).click();
    await visit.locator('.confirm button', { hasText: 'Keep' }).click();
    expect(await visit.locator('.confirm').count()).toBe(0);
    await visit.locator('button', { hasText: 'Cancel visit' }).click();
    expect(await visit.locator('.confirm p').textContent()).toBe(`Cancel ${ticket}? The caller loses their place.`);
    await visit.locator('.confirm button', { hasText: 'Cancel visit' }).click();
    await expect.poll(() => page.locator('.notice-ok').textContent()).toBe(`${ticket} is cancelled`);
    expect(await visit.locator('.status').textContent()).toBe('Cancelled');
    expect((await hub.api('GET', `/entries/${entryId}`)).body.status).toBe('cancelled');
    await context.close();
  });

  it('speaks Spanish on every screen, axe clean, and signs out', async () => {
    const { context, page } = await agentPage(chromium.browser, 'es');
    await page.locator('#agent-id').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Acceso de agentes');
    await shoot(page, 'sign-in-es');
    await signIn(page, AGENTS[1]!);
    await expect.poll(() => liveIn(page)).toBe('En vivo');
    await expect.poll(() => page.locator(`.site-card[data-site="${SITE}"] .link`).textContent()).toBe('Conectada');
    expect(await page.locator('.lines tbody th').allTextContents()).toEqual(['Análisis de laboratorio', 'Rayos X', 'Registro']);
    await shoot(page, 'sites-es');

    await page.keyboard.press('2');
    await page.locator('.empty').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Llamadas por devolver');
    await shoot(page, 'callbacks-es');

    await page.keyboard.press('3');
    await page.keyboard.press('/');
    await page.keyboard.type(CALLER.typed);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.visit .status').textContent()).toBe('Atendido');
    expect(await page.locator('.lookup-answer .count').textContent()).toBe('1 visita hoy');
    await shoot(page, 'lookup-es');

    await page.keyboard.press('Escape');
    await page.keyboard.press('4');
    await page.selectOption('#enrol-site', SITE);
    await page.check('#when-between');
    await page.click('.enrol-form button[type=submit]');
    expect(await page.locator('.field-problem').textContent()).toBe('Escriba el número en formato internacional, empezando por +.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('enrol-phone');
    await shoot(page, 'enrol-es');

    await page.click('button:text("Cerrar sesión")');
    await expect.poll(() => page.locator('.sign-in-card .notice').textContent()).toBe(refusalsEs.reasons['session.ended']({ why: 'signed-out' }, (n) => n.name));

    // A shortcut pressed the moment the console appears is not lost: 3, in the same turn that draws the top bar.
    await page.evaluate(() => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector('.top-bar')) return;
        observer.disconnect();
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '3', bubbles: true, cancelable: true }));
      }).observe(document.body, { childList: true, subtree: true });
    });
    await signIn(page, AGENTS[1]!);
    expect(await page.evaluate(() => location.hash)).toBe('#lookup');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Buscar a una persona');

    // A session the console does not know (a stale cookie): the console's own words, not the desk's.
    await context.addCookies([{ name: CONSOLE_SESSION_COOKIE, value: 'not-a-session', url: cc.current().url }]);
    await page.keyboard.press('/');
    await page.keyboard.type(CALLER.typed);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.sign-in-card .notice').textContent()).toBe('Inicie sesión con su cuenta de agente para usar la consola.');
    await context.close();
  });
});
