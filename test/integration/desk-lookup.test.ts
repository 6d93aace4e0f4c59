/**
 * The desk's look-up (GET /desk/api/lookup?q=): by ticket, however it is
 * typed, or by a phone number in a local format. It answers with the person's
 * visits of the day, still going first, and never with the number itself.
 * Nothing found is an empty list; something that is neither a ticket nor a
 * number is a 400 that says so; without a session it is a 401.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DeskLookup } from '../../hub/contract/desk.ts';
import { signInToDesk, type DeskClient } from '../helpers/desk.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';

let hub: TestHub;
let desk: DeskClient;
const lookup = async (q: string) => desk.call('GET', `/lookup?q=${encodeURIComponent(q)}`);

beforeAll(async () => {
  hub = await startTestHub();
  desk = await signInToDesk(hub.httpUrl);
});
afterAll(async () => {
  await hub?.stop();
});

it('finds the day’s visits of a ticket or a number, still going first, without the number', async () => {
  const first = (await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'phone', phone: '+12015550123' })).body;
  expect((await hub.api('POST', `/entries/${first.entryId}/cancel`, { reason: 'left' })).status).toBe(200);
  const second = (await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk', phone: '+12015550123' })).body;
  expect((await hub.api('POST', `/entries/${second.entryId}/change-channel`, { channel: 'remote' })).status).toBe(200);

  const byPhone = await lookup('(201) 555-0123');
  expect(byPhone.status).toBe(200);
  const visits = (byPhone.body as DeskLookup).visits;
  expect(visits.map((v) => [v.ticket, v.status, v.channelHistory])).toEqual([
    [second.ticket, 'waiting', ['kiosk', 'remote']],
    [first.ticket, 'cancelled', ['phone']],
  ]);
  expect(visits[1]!.finishedAt).not.toBeNull();
  expect(JSON.stringify(byPhone.body)).not.toMatch(/5550123/);

  // The ticket forgives case, a missing dash and missing zeros, and brings the holder's other visits by their number.
  const number = Number(second.ticket.split('-')[1]);
  for (const typed of [second.ticket, second.ticket.toLowerCase(), `l${number}`, `L ${number}`]) {
    expect((await lookup(typed)).body.visits.map((v: { entryId: string }) => v.entryId), typed).toEqual([second.entryId, first.entryId]);
  }
});

it('answers an unknown ticket or number with an empty list', async () => {
  expect(await lookup('L-999')).toEqual({ status: 200, body: { visits: [] } });
  expect(await lookup('+1 201 555 0199')).toEqual({ status: 200, body: { visits: [] } });
});

it('refuses what is neither a ticket nor a phone number, saying what to type', async () => {
  const words = await lookup('hello');
  expect(words.status).toBe(400);
  expect(words.body.error).toMatchObject({ code: 'invalid_request', reason: 'lookup.unreadable', message: 'Type a ticket (such as L-004) or a phone number' });
  const short = await lookup('555');
  expect(short.status).toBe(400);
  expect(short.body.error).toMatchObject({ code: 'invalid_request', reason: 'phone.invalid', params: { problem: 'too-short' } });
  expect((await desk.call('GET', '/lookup')).body.error.reason).toBe('lookup.unreadable');
});

it('is for signed-in staff only', async () => {
  const response = await fetch(`${hub.httpUrl}/desk/api/lookup?q=L-001`);
  expect(response.status).toBe(401);
});

it('changes a channel with a number typed in a local format, and refuses a number it cannot read', async () => {
  const walkIn = (await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' })).body;
  const bad = await desk.call('POST', `/entries/${walkIn.entryId}/change-channel`, { channel: 'phone', phone: '12' });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatchObject({ reason: 'phone.invalid', params: { problem: 'too-short' } });
  expect((await hub.api('GET', `/entries/${walkIn.entryId}`)).body.channel).toBe('kiosk');

  const changed = await desk.call('POST', `/entries/${walkIn.entryId}/change-channel`, { channel: 'phone', phone: '(201) 555-0177' });
  expect(changed.status).toBe(200);
  expect(changed.body).toMatchObject({ channel: 'phone', hasPhone: true });
  expect((await lookup('201-555-0177')).body.visits.map((v: { entryId: string }) => v.entryId)).toEqual([walkIn.entryId]);
});
