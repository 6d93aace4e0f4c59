/**
 * The desk's look-up in headless Chromium, from the keyboard: / then a phone
 * number typed as the person says it finds their visit still going first and
 * the one that ended today (a callback, completed), with what happened;
 * Esc clears; a ticket typed loosely finds the same. From a result, the
 * channel changes to remote and a note is added, and the result shows both.
 * From the selected entry, a phone callback with a number typed in a local
 * format, after a refusal for one too short.
 * Screenshots: test/artifacts/desk-lookup-{before,after,refused,es}-1366x768.png.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ARTIFACTS, axeViolations, launchBrowser, signInAtDesk, type TestBrowser } from '../helpers/browser.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';

let hub: TestHub;
let chromium: TestBrowser;

beforeAll(async () => {
  [hub, chromium] = await Promise.all([startTestHub(), launchBrowser()]);
});
afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
});

it('looks a person up by phone and by ticket, changes their channel and adds a note', async () => {
  const earlier = (await hub.api('POST', '/contact-center/enroll', { requestId: 'lookup-1', serviceId: 'lab', phone: '+12015550123', reason: 'Blood test results' })).body;
  expect(earlier.ok).toBe(true);
  await hub.api('POST', '/counters/c1/status', { status: 'open' });
  expect((await hub.api('POST', '/counters/c1/call-next')).body.entryId).toBe(earlier.result.entryId);
  expect((await hub.api('POST', '/contact-center/callback-outcome', { requestId: 'lookup-2', entryId: earlier.result.entryId, outcome: 'completed' })).body.ok).toBe(true);
  const now = (await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk', phone: '+12015550123' })).body;
  expect(now.status).toBe('waiting');

  const page = await chromium.browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`${hub.httpUrl}/desk/`);
  await signInAtDesk(page, 'ana', 'demo-ana');
  await page.locator('.counter-choice', { hasText: 'Counter 1' }).click();
  await page.locator('button.entry', { hasText: now.ticket }).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}desk-lookup-before-1366x768.png` });

  const input = page.locator('#lookup-query');
  const visits = page.locator('.lookup .visit');
  await page.locator('body').press('/');
  expect(await input.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await input.inputValue()).toBe('');
  await page.keyboard.type('(201) 555-0123');
  await page.keyboard.press('Enter');
  await expect.poll(() => visits.count()).toBe(2);
  expect(await visits.nth(0).getAttribute('data-entry-id')).toBe(now.entryId);
  expect(await visits.nth(0).locator('.visit-what').textContent()).toMatch(/Waiting · place 1$/);
  const ended = visits.nth(1);
  expect(await ended.locator('.visit-what').textContent()).toMatch(new RegExp(`^${earlier.result.ticket} · Done at \\d{1,2}:\\d{2}.* · Counter 1$`));
  expect(await ended.locator('.channel').textContent()).toBe('Phone');
  expect(await ended.locator('.tag-reason').textContent()).toBe('Reason: Blood test results');
  expect(await ended.locator('.visit-callbacks').textContent()).toMatch(/^Callback 1, asked \d{1,2}:\d{2}.*: completed at \d{1,2}:\d{2}/);
  expect(await page.locator('.lookup').textContent()).not.toMatch(/5550123/);

  // Esc clears; a ticket typed in lower case without its dash finds the same person.
  await page.keyboard.press('Escape');
  await expect.poll(() => visits.count()).toBe(0);
  expect(await input.inputValue()).toBe('');
  await page.keyboard.type(now.ticket.toLowerCase().replace('-', ''));
  await page.keyboard.press('Enter');
  await expect.poll(() => visits.count()).toBe(2);
  expect(await visits.nth(0).getAttribute('data-entry-id')).toBe(now.entryId);

  await visits.nth(0).getByRole('button', { name: 'Channel…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: 'Remote' }).check();
  expect(await dialog.locator('#channel-phone').count()).toBe(0);
  await dialog.getByRole('button', { name: 'Change' }).click();
  await page.locator('.notice-ok', { hasText: `${now.ticket} now waits by remote` }).waitFor();
  await expect.poll(() => visits.nth(0).locator('.channel').textContent()).toBe('Remote');
  expect(await visits.nth(0).locator('.history').textContent()).toBe('Was Kiosk');
  expect((await hub.api('GET', `/entries/${now.entryId}`)).body.channelHistory).toEqual(['kiosk', 'remote']);

  await visits.nth(0).getByRole('button', { name: 'Note…' }).click();
  await page.getByRole('dialog').getByLabel(/^Note/).fill('Brings the referral form');
  await page.getByRole('dialog').getByRole('button', { name: 'Add note' }).click();
  await expect.poll(() => visits.nth(0).locator('.entry-notes').textContent()).toMatch(/Brings the referral form/);
  await expect.poll(() => page.locator('button.entry', { hasText: now.ticket }).locator('.entry-notes').textContent()).toMatch(/Brings the referral form/);

  expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `${ARTIFACTS}desk-lookup-after-1366x768.png` });

  // From the selected entry in the line: to a phone callback, with a number typed as the person says it.
  await page.locator('button.entry', { hasText: now.ticket }).click();
  await page.locator('.selected-bar').getByRole('button', { name: 'Channel…' }).click();
  await page.getByRole('dialog').getByRole('radio', { name: 'Phone' }).check();
  await page.getByRole('dialog').getByLabel(/^Phone number/).fill('12');
  await page.getByRole('dialog').getByRole('button', { name: 'Change' }).click();
  await expect.poll(() => page.getByRole('dialog').locator('.dialog-refusal').textContent()).toBe('That phone number is too short. Please include the area code.');
  expect((await hub.api('GET', `/entries/${now.entryId}`)).body.channel).toBe('remote');
  await page.screenshot({ path: `${ARTIFACTS}desk-lookup-refused-1366x768.png` });
  await page.getByRole('dialog').getByLabel(/^Phone number/).fill('(201) 555-0188');
  await page.getByRole('dialog').getByRole('button', { name: 'Change' }).click();
  await page.locator('.notice-ok', { hasText: `${now.ticket} now waits by phone` }).waitFor();
  expect(await page.getByRole('dialog').count()).toBe(0);
  expect((await hub.api('GET', `/entries/${now.entryId}`)).body.channelHistory).toEqual(['kiosk', 'remote', 'phone']);

  // A refusal is worded in the desk's language: here, Spanish.
  await page.evaluate(() => localStorage.setItem('lobbyline.desk.language', 'es'));
  await page.reload();
  await page.locator('#lookup-query').fill('hola');
  await page.locator('#lookup-query').press('Enter');
  await expect.poll(() => page.locator('.lookup-error').textContent()).toBe('Escriba un turno (como L-004) o un número de teléfono');
  await page.locator('#lookup-query').fill('(201) 555-0188');
  await page.locator('#lookup-query').press('Enter');
  await expect.poll(() => page.locator('.lookup-count').textContent()).toBe('1 visita hoy');
  expect(await page.locator('.lookup .visit .channel').textContent()).toBe('Teléfono');
  expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: `${ARTIFACTS}desk-lookup-es-1366x768.png` });
});
