/**
 * The kiosk's small rules without a browser: how typed mobile numbers become
 * E.164, and what the hub puts on a kiosk's print job.
 */
import { describe, expect, it } from 'vitest';
import { parsePrintJob, type EntryView } from '../../hub/contract/index.ts';
import { printJobIdOf } from '../../hub/contract/print-job-ids.ts';
import { printJobFor } from '../../hub/devices/print-jobs.ts';
import { demoSite } from '../../hub/site/demo.ts';
import { normalisePhone, showPhone } from '../../kiosk/app/src/phone.ts';

describe('mobile numbers typed at the kiosk', () => {
  it.each([
    ['555 123 4567', '+15551234567'],
    ['(555) 123-4567', '+15551234567'],
    ['1 555 123 4567', '+15551234567'],
    ['555.123.4567', '+15551234567'],
    ['+44 7700 900123', '+447700900123'],
  ])('%s → %s', (typed, e164) => {
    expect(normalisePhone(typed)).toEqual({ ok: true, e164 });
  });

  it.each(['', '12345', '155 123 4567', '555 123 45678', '555-CALL-NOW', '+0123456789', '2 555 123 4567'])('refuses %j', (typed) => {
    expect(normalisePhone(typed)).toEqual({ ok: false });
  });

  it('reads a US number back the way people write it', () => {
    expect(showPhone('+15551234567')).toBe('(555) 123-4567');
    expect(showPhone('+447700900123')).toBe('+447700900123');
  });
});

describe('print jobs for kiosk tickets', () => {
  const entry: EntryView = {
    entryId: 'e-1',
    ticket: 'L-007',
    serviceId: 'lab',
    channel: 'kiosk',
    channelHistory: ['kiosk'],
    hasPhone: true,
    status: 'waiting',
    priority: 0,
    language: 'es',
    position: 3,
    estimate: { lowMinutes: 5, highMinutes: 12 },
    noCounterOpen: null,
    counterId: null,
    enrolledAt: '2026-11-23T14:00:00.000Z',
    calledAt: null,
    servingAt: null,
    finishedAt: null,
    waitMs: null,
    walkMs: null,
    serviceMs: null,
    reference: null,
    onMyWayAt: null,
    moreTimeCount: 0,
    arrivedAt: null,
    via: null,
    voicemail: null,
    callback: null,
  };

  it('carries the ticket, the names in every language, the chosen language and the remote-wait link, and passes the contract', () => {
    const job = printJobFor(entry, demoSite('k'), 'http://hub.local:8080/wait/#AAAAAAAAAAAAAAAAAAAAAAAA', Date.parse('2026-11-23T14:00:01Z'));
    expect(job).toEqual({
      jobId: printJobIdOf('e-1'),
      ticket: 'L-007',
      serviceName: { en: 'Lab tests', es: 'Análisis de laboratorio' },
      language: 'es',
      position: 3,
      estimate: { lowMinutes: 5, highMinutes: 12 },
      issuedAt: '2026-11-23T14:00:01.000Z',
      joinedAt: '2026-11-23T14:00:00.000Z',
      timeZone: 'America/New_York',
      siteName: 'Demo Clinic',
      statusUrl: 'http://hub.local:8080/wait/#AAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(parsePrintJob(job).ok).toBe(true);
  });

  it('prints nothing for an entry without a ticket', () => {
    expect(printJobFor({ ...entry, ticket: null }, demoSite('k'), 'http://hub.local:8080/wait/#AAAAAAAAAAAAAAAAAAAAAAAA', 0)).toBeNull();
  });
});
