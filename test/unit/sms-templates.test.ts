/** The wording of texts: every language, kept to one GSM-7 part where the site's own names allow. */
import { utils } from 'node-pdu';
import { describe, expect, it } from 'vitest';
import { SMS_LANGUAGES, smsText, type SmsMessage, type SmsSite } from '../../hub/sms/templates.ts';

/** A New York site; 13:02 UTC on 23 Nov 2026 is 8:02 in the morning there. */
const CALLED_AT = Date.parse('2026-11-23T13:02:00Z');
const site = (name: string): SmsSite => ({ name, timeZone: 'America/New_York' });

const SAMPLES: SmsMessage[] = [
  { kind: 'next', ticket: 'L-104', serviceName: 'Lab tests' },
  { kind: 'called', ticket: 'L-104', counterName: 'Counter 3', calledAt: CALLED_AT },
  { kind: 'recalled', ticket: 'L-104', counterName: 'Counter 3' },
  { kind: 'transferred', ticket: 'L-104', serviceName: 'Registration', place: 12 },
  { kind: 'callback-confirmed', ticket: 'L-104', place: 12, expectedAt: CALLED_AT },
  { kind: 'callback-confirmed', ticket: 'L-104', place: 12, expectedAt: null },
  { kind: 'callback-moved', ticket: 'L-104', place: 12, expectedAt: CALLED_AT },
  { kind: 'opted-out' },
  { kind: 'opted-in' },
  { kind: 'help', siteText: 'Questions? Call 201-555-0100.' },
  { kind: 'menu', ticket: 'L-104', called: false },
  { kind: 'on-my-way', ticket: 'L-104' },
  { kind: 'more-time', ticket: 'L-104' },
  { kind: 'left', ticket: 'L-104' },
  { kind: 'refused', reason: 'L-104 has already been given more time twice; please ask at the desk' },
];

const GSM7 = new Set([...utils.Helper.ALPHABET_7BIT, ...'^{}\\[~]|€']);

describe('SMS texts', () => {
  it.each(SMS_LANGUAGES)('in %s stay in the GSM-7 alphabet and within one 160-character part', (language) => {
    for (const message of SAMPLES) {
      const text = smsText(message, language, site('Demo Clinic'));
      expect([...text].filter((c) => !GSM7.has(c)), `${message.kind}: ${text}`).toEqual([]);
      expect(text.length, `${message.kind}: ${text}`).toBeLessThanOrEqual(160);
    }
  });

  it('fall back to English for a language without wording, and read a region as its language', () => {
    const message: SmsMessage = { kind: 'called', ticket: 'R-007', counterName: 'Counter 1', calledAt: CALLED_AT };
    expect(smsText(message, 'fr', site('Clinic'))).toBe(smsText(message, 'en', site('Clinic')));
    expect(smsText(message, 'es-MX', site('Clinic'))).toBe(smsText(message, 'es', site('Clinic')));
    expect(smsText(message, 'en', site('Clinic'))).toBe('Clinic: ticket R-007, called at 8:02 AM: please go to Counter 1 now. Reply 1 on my way, 0 leave the line.');
  });

  it('tell the time of a call in the site\'s zone and the text\'s language, whatever zone the hub runs in', () => {
    const message: SmsMessage = { kind: 'called', ticket: 'R-007', counterName: 'Counter 1', calledAt: CALLED_AT };
    expect(smsText(message, 'es', site('Clinica'))).toBe('Clinica: turno R-007, llamado a las 8:02: pase ahora a Counter 1. Responda 1 voy en camino, 0 dejar la fila.');
    expect(smsText(message, 'en', { name: 'Clinic', timeZone: 'Asia/Tokyo' })).toContain('called at 10:02 PM');
  });

  it('leave the service out when it is not given', () => {
    expect(smsText({ kind: 'next', ticket: 'S-002', serviceName: null }, 'en', site('Clinic'))).toBe(
      "Clinic: ticket S-002, we will call you soon. Please come to the waiting area. Reply 1 on my way, 2 more time, 0 leave the line.",
    );
  });
});
