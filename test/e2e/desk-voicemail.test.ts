/** Voicemails at the desk: flagged with the time they are due back, in English and Spanish, and as overdue once past it. */
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ARTIFACTS, axeViolations, launchBrowser, signInAtDesk, type TestBrowser } from '../helpers/browser.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';

const MINUTE = 60_000;
let hub: TestHub;
let chromium: TestBrowser;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  hub = await startTestHub();
  chromium = await launchBrowser();
});
afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
});

const voicemail = (requestId: string, minutesAgo: number) =>
  hub.api('POST', '/contact-center/voicemail', { requestId, serviceId: 'lab', phone: '+15550001111', leftAt: new Date(Date.now() - minutesAgo * MINUTE).toISOString() });

it('shows each voicemail with its due time, the overdue ones apart', async () => {
  await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
  const recent = await voicemail('vm-recent', 20);
  const old = await voicemail('vm-old', 90);
  expect([recent.body.ok, old.body.ok]).toEqual([true, true]);
  const clock = (iso: string, language: string) =>
    new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', timeZone: 'America/New_York' }).format(Date.parse(iso)).replace(/[\u00a0\u202f]/g, ' ');

  for (const language of ['en', 'es']) {
    const page = await chromium.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: language });
    await page.goto(`${hub.httpUrl}/desk/`);
    await signInAtDesk(page, 'ana', 'demo-ana');
    await page.locator('.counter-choice', { hasText: language === 'en' ? 'Counter 1' : 'Ventanilla 1' }).click();
    const due = page.locator('.tag-voicemail');
    await expect.poll(() => due.count()).toBe(2);
    // Oldest first: it waits from when it was left.
    const texts = (await due.allTextContents()).map((t) => t.replace(/[\u00a0\u202f]/g, ' '));
    const [oldBy, recentBy] = [clock(old.body.result.voicemail.returnBy, language), clock(recent.body.result.voicemail.returnBy, language)];
    expect(texts).toEqual(
      language === 'en'
        ? [`Voicemail, overdue since ${oldBy}`, `Voicemail, return by ${recentBy}`]
        : [`Buzón de voz, atrasado desde las ${oldBy}`, `Buzón de voz, devolver antes de las ${recentBy}`],
    );
    expect(await page.locator('.tag-voicemail.tag-overdue').count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}desk-voicemail-${language}-1366x768.png` });
    expect((await axeViolations(page)).filter((v) => v.impact === 'critical' || v.impact === 'serious')).toEqual([]);
    await page.close();
  }
});
