/**
 * Reprinting a ticket: staff at the desk choose a kiosk and the hub sends that
 * kiosk's printer the ticket again, with a job id of its own so the agent does
 * not drop it as a repeat; the line does not change. Bad requests (no such
 * kiosk, an entry without a ticket or already served) are refused and print
 * nothing. A kiosk can reprint only on its own printer.
 */
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteTopics, type EntryView, type PrintJob } from '../../hub/contract/index.ts';
import { signInToDesk } from '../helpers/desk.ts';
import { DEMO_PASSWORDS, startTestHub, type TestHub } from '../helpers/hub.ts';
import { connectClient, publishAsync, subscribeGranted } from '../helpers/mqtt.ts';

const topics = siteTopics('demo-clinic');

let hub: TestHub;
let kiosk: MqttClient;
const jobs: PrintJob[] = [];
const replies: { id: string; ok: boolean; error?: { code: string; message: string } }[] = [];
let desk: (method: string, path: string, body?: object) => Promise<{ status: number; body: any }>;

beforeAll(async () => {
  hub = await startTestHub();
  desk = (await signInToDesk(hub.httpUrl)).call;
  kiosk = await connectClient(hub.mqttUrl, { clientId: 'kiosk-1-reprint-test', username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'] });
  expect(await subscribeGranted(kiosk, [topics.deviceJobs('kiosk-1'), topics.reply('kiosk-1-reprint-test')])).toEqual([1, 1]);
  kiosk.on('message', (topic, payload) => {
    if (topic === topics.deviceJobs('kiosk-1')) jobs.push(JSON.parse(payload.toString()));
    else replies.push(JSON.parse(payload.toString()));
  });
});
afterAll(async () => {
  kiosk?.end(true);
  await hub?.stop();
});

async function walkIn(): Promise<EntryView> {
  const response = await hub.api('POST', '/entries', { serviceId: 'lab' });
  expect(response.status).toBe(201);
  return response.body as EntryView;
}

/** The kiosk's own request over MQTT, answered on its reply topic. */
async function kioskRequest(type: string, payload: object) {
  const id = `r-${replies.length}-${Date.now()}`;
  await publishAsync(kiosk, topics.command(type), JSON.stringify({ id, ...payload }));
  await expect.poll(() => replies.some((r) => r.id === id)).toBe(true);
  return replies.find((r) => r.id === id)!;
}

describe('reprinting a ticket', () => {
  it('refuses what cannot be reprinted, and prints nothing for it', async () => {
    const entry = await walkIn();
    const eventsBefore = (await hub.api('GET', '/events?limit=1000')).body.length;
    expect(await desk('POST', `/entries/${entry.entryId}/reprint`, {})).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('kiosk-1') } } });
    expect(await desk('POST', `/entries/${entry.entryId}/reprint`, { kioskId: 'display-1' })).toMatchObject({ status: 400 });
    expect(await desk('POST', '/entries/no-such-entry/reprint', { kioskId: 'kiosk-1' })).toMatchObject({ status: 404 });
    await hub.api('POST', `/entries/${entry.entryId}/cancel`, { reason: 'staff' });
    expect(await desk('POST', `/entries/${entry.entryId}/reprint`, { kioskId: 'kiosk-1' })).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringContaining('cancelled') } },
    });
    // A kiosk may not print on another kiosk's printer.
    const other = await walkIn();
    expect(await kioskRequest('reprint', { entryId: other.entryId, kioskId: 'kiosk-2' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await kioskRequest('reprint', { entryId: other.entryId, ticket: other.ticket })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    // Only the cancel and the second walk-in were recorded; a marker job shows nothing was printed before it.
    expect((await hub.api('GET', '/events?limit=1000')).body.length).toBe(eventsBefore + 2);
    expect(await kioskRequest('reprint', { entryId: other.entryId })).toMatchObject({ ok: true });
    await expect.poll(() => jobs.length).toBe(1);
    expect(jobs[0]).toMatchObject({ ticket: other.ticket });
  });

  it('prints again at the kiosk staff chose, a new job each time, and leaves the line as it was', async () => {
    const entry = await walkIn();
    const eventsBefore = (await hub.api('GET', '/events?limit=1000')).body.length;
    const first = await desk('POST', `/entries/${entry.entryId}/reprint`, { kioskId: 'kiosk-1' });
    expect(first).toMatchObject({ status: 200, body: { entryId: entry.entryId, ticket: entry.ticket, status: 'waiting' } });
    expect(first.body.statusUrl).toBeUndefined();
    expect(await desk('POST', `/entries/${entry.entryId}/reprint`, { kioskId: 'kiosk-1' })).toMatchObject({ status: 200 });
    const printed = () => jobs.filter((job) => job.ticket === entry.ticket);
    await expect.poll(() => printed().length).toBe(2);
    expect(new Set(printed().map((job) => job.jobId)).size).toBe(2);
    expect(printed().every((job) => job.jobId.startsWith(`ticket-${entry.entryId}-r`) && /\/wait\/#/.test(job.statusUrl))).toBe(true);
    // Printed as a copy, with the time the person joined beside the time of the reprint.
    for (const job of printed()) expect(job).toMatchObject({ copy: true, joinedAt: entry.enrolledAt, issuedAt: expect.any(String) });
    expect((await hub.api('GET', '/events?limit=1000')).body.length).toBe(eventsBefore);
    expect((await hub.api('GET', `/entries/${entry.entryId}`)).body).toMatchObject({ status: 'waiting', position: entry.position });
  });
});
