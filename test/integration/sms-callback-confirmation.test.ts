/**
 * A phone caller's confirmation text, through the real hub and its SMS
 * notifier (the console gateway writing to a file): place, the expected
 * callback time in the site's zone and the person's language, and their
 * status link. No other text about the line goes to a phone caller.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { smsConfigSchema } from '../../hub/sms/config.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';
import { until } from '../helpers/until.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function hubWithTexts(clock: { now: number }): Promise<{ hub: TestHub; texts: () => Promise<string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lobbyline-confirm-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const outbox = join(dir, 'texts.txt');
  const site = { ...testSite(), publicUrl: 'https://lobby.example.org', sms: smsConfigSchema.parse({ gateway: { type: 'console', file: outbox } }) };
  const hub = await startTestHub({ site, clock: () => clock.now });
  cleanups.push(() => hub.stop());
  return { hub, texts: () => readFile(outbox, 'utf8').catch(() => '') };
}

it('texts a phone caller their place, expected callback time and status link, in their language', async () => {
  // 10:00 in New York, the demo site's zone.
  const clock = { now: Date.parse('2026-03-02T15:00:00Z') };
  const { hub, texts } = await hubWithTexts(clock);
  await hub.api('POST', '/counters/c1/status', { status: 'open' });
  await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
  const later = await hub.api('POST', '/contact-center/enroll', {
    requestId: 'cc-1',
    serviceId: 'lab',
    phone: '+12015550101',
    language: 'es',
    callback: { notBefore: '2026-03-02T16:30:00Z' },
  });
  expect(later.body.ok).toBe(true);
  await until(async () => (await texts()).includes('turno L-002'), 'the Spanish confirmation');
  expect(await texts()).toMatch(/turno L-002, usted es el numero 2 en la fila\. Le llamaremos alrededor de las 11:30\. Su lugar: https:\/\/lobby\.example\.org\/wait\/\S+/);

  const soon = await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'remote', phone: '+12015550102' });
  await hub.api('POST', `/entries/${soon.body.entryId}/change-channel`, { channel: 'phone', phone: '+12015550102' });
  await until(async () => (await texts()).includes('ticket L-003'), 'the English confirmation');
  expect(await texts()).toMatch(/ticket L-003, you are number 3 in line\. We expect to call you back around 10:\d\d AM\. Your place: https:\/\/lobby\.example\.org\/wait\/\S+/);
  // One confirmation per join: the later commits texted the first caller nothing more.
  expect((await texts()).match(/turno L-002/g)).toHaveLength(1);
});
