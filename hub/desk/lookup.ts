/**
 * Staff look a person up at the desk by ticket ("L-004", "l4", "L 004") or by
 * phone number in any form the site's normaliser reads. The answer is that
 * person's visits of the day (queue/visits.ts): still going first, then what
 * already happened. The number itself never comes back, and is never logged.
 */
import { because, lobbylineError, type LobbylineError } from '../contract/index.ts';
import type { DeskEntry } from '../contract/desk.ts';
import { formatTicket, localDay, visitsOf, type Entry, type QueueConfig, type QueueState } from '../queue/index.ts';
import { normalizePhone } from '../sms/phone-numbers.ts';
import { deskEntry } from './board.ts';

export type LookupQuery = { ticket: string } | { phone: string };

/** A service prefix (1-3 letters), then the number, with or without a dash, spaces or leading zeros. */
const TICKET = /^([a-z]{1,3})[\s-]*(\d{1,4})$/i;

export function readLookupQuery(text: unknown, defaultCountry: string): { ok: true; query: LookupQuery } | { ok: false; error: LobbylineError } {
  const typed = typeof text === 'string' ? text.trim() : '';
  const ticket = TICKET.exec(typed);
  if (ticket) return { ok: true, query: { ticket: formatTicket(ticket[1]!.toUpperCase(), Number(ticket[2])) } };
  if (/[a-z]/i.test(typed) || typed === '') {
    return { ok: false, error: lobbylineError('invalid_request', 'Type a ticket (such as L-004) or a phone number', because('lookup.unreadable', {})) };
  }
  const phone = readTypedPhone(typed, defaultCountry);
  return phone.ok ? { ok: true, query: { phone: phone.e164 } } : phone;
}

/** A number as staff type it while the person says it ("(201) 555-0123"), read in the site's country. */
export function readTypedPhone(typed: string, defaultCountry: string): { ok: true; e164: string } | { ok: false; error: LobbylineError } {
  const phone = normalizePhone(typed, defaultCountry);
  if (!phone.ok) return { ok: false, error: lobbylineError('invalid_request', phone.message, because('phone.invalid', { problem: phone.problem })) };
  return phone;
}

/** A ticket finds that day's holder, and through their number on file, their other visits of the day too. */
export function lookUp(state: QueueState, config: QueueConfig, now: number, query: LookupQuery): DeskEntry[] {
  const today = localDay(now, config.timezone);
  return visitsOf(state, today, belongsTo(state, today, query)).map((entry) => deskEntry(state, config, entry));
}

function belongsTo(state: QueueState, today: string, query: LookupQuery): (entry: Entry) => boolean {
  if ('phone' in query) return (e) => e.phone === query.phone;
  const holders = Object.values(state.entries).filter((e) => e.ticket === query.ticket && e.day === today);
  const phones = new Set(holders.flatMap((h) => (h.phone ? [h.phone] : [])));
  return (e) => holders.includes(e) || (e.phone !== null && phones.has(e.phone));
}
