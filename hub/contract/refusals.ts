/**
 * Why the hub refused something, as a stable key with parameters, so that each
 * app words it in the person's language (web-lib/refusals for the browser apps,
 * hub/sms/templates.ts for texts). The English `message` still travels beside it
 * for logs and API users. Every key has its parameters here, and every catalog
 * is typed by this map, so a key a catalog misses does not compile.
 */
import type { CounterStatus, EntryStatus } from './commands.ts';
import type { SessionEnd } from './desk.ts';
import type { NamedInLanguages } from './names.ts';

/** How a person names an entry: its ticket, or its appointment reference before it has one. */
export type EntryLabel = { ticket: string } | { appointment: string };

/** What was asked of an entry, for "Cannot call L-056: …". */
export const REFUSED_ACTIONS = [
  'call',
  'recall',
  'start-serving',
  'complete',
  'no-show',
  'cancel',
  'move',
  'transfer',
  'requeue',
  'on-my-way',
  'more-time',
  'change-channel',
  'reprint',
  'undo',
  'callback-result',
  'arrived',
  'add-note',
] as const;
export type RefusedAction = (typeof REFUSED_ACTIONS)[number];

/** How the English message says each action: the hub's own `message` and the English catalog share it. */
export const REFUSED_ACTION_WORDS: Record<RefusedAction, string> = {
  call: 'call',
  recall: 'recall',
  'start-serving': 'start serving',
  complete: 'complete',
  'no-show': 'mark as no-show',
  cancel: 'cancel',
  move: 'move',
  transfer: 'transfer',
  requeue: 'requeue',
  'on-my-way': 'mark on the way',
  'more-time': 'give more time to',
  'change-channel': 'change the channel of',
  reprint: 'reprint the ticket of',
  undo: 'undo',
  'callback-result': 'record a callback outcome for',
  arrived: 'mark as in the building',
  'add-note': 'add a note to',
};

/** What is wrong with a typed mobile number. */
export const PHONE_PROBLEMS = [
  'empty',
  'not-a-number',
  'too-short',
  'too-long',
  'invalid-length',
  'invalid-country',
  'invalid',
  'landline',
  'toll-free',
  'premium-rate',
  'shared-cost',
  'switchboard',
  'voicemail',
  'pager',
] as const;
export type PhoneProblem = (typeof PHONE_PROBLEMS)[number];

/** What each phone problem says in English: the hub's own `message` and the English catalog share it. */
export const PHONE_PROBLEM_MESSAGES: Record<PhoneProblem, string> = {
  empty: 'Please type a mobile number.',
  'not-a-number': 'That is not a phone number. Please type the digits of a mobile number.',
  'too-short': 'That phone number is too short. Please include the area code.',
  'too-long': 'That phone number has too many digits.',
  'invalid-length': 'That phone number does not have the right number of digits.',
  'invalid-country': 'That country code is not known. Start an international number with + and its country code.',
  invalid: 'That is not a valid phone number. Please check the digits.',
  landline: 'That looks like a landline number. Texts need a mobile number.',
  'toll-free': 'That is a toll-free number, which cannot receive texts. Please give a mobile number.',
  'premium-rate': 'That is a premium-rate number, which cannot receive texts. Please give a mobile number.',
  'shared-cost': 'That is a shared-cost number, which cannot receive texts. Please give a mobile number.',
  switchboard: 'That is a company switchboard number, which cannot receive texts. Please give a mobile number.',
  voicemail: 'That is a voicemail number, which cannot receive texts. Please give a mobile number.',
  pager: 'That is a pager number, which cannot receive texts. Please give a mobile number.',
};

/** Each reason and its parameters. Names people read (services, counters) come with their translations. */
export interface RefusalParams {
  'entry.not_found': { entryId: string };
  'service.not_found': { serviceId: string };
  'counter.not_found': { counterId: string };
  /** The entry is in the wrong state for the action; `counter` and `by` when it is called to or served at one. */
  'entry.wrong_status': { action: RefusedAction; entry: EntryLabel; status: EntryStatus; counter?: NamedInLanguages; by?: string };
  'entry.already_last': { ticket: string };
  'entry.more_time_used': { ticket: string; times: number };
  'entry.needs_phone': { entry: EntryLabel };
  'entry.already_in_line': { ticket: string; service: NamedInLanguages };
  /** An undo asked for after the site's window: what was undone, how long ago, and the window. */
  'entry.undo_too_late': { entry: EntryLabel; undid: 'done' | 'no_show' | 'cancelled'; minutesAgo: number; windowMinutes: number };
  'entry.place_out_of_range': { ticket: string; place: number; length: number };
  'counter.not_open': { counter: NamedInLanguages; status: CounterStatus };
  'counter.still_calling': { counter: NamedInLanguages; entry: EntryLabel };
  'counter.still_busy': { counter: NamedInLanguages; entry: EntryLabel };
  'counter.does_not_serve': { counter: NamedInLanguages; service: NamedInLanguages; ticket: string };
  'counter.nobody_waiting': { counter: NamedInLanguages };
  /** A callback outcome for a visit with no callback under way, or for an attempt that already has one. */
  'callback.not_open': { entry: EntryLabel; attempt: number | null };
  /** At the contact-center console: another agent is calling them back (their claim lasts until `until`, an ISO time). */
  'callback.claimed': { agentName: string; until: string };
  /** At the console: an outcome needs a claim on the callback first. */
  'callback.not_claimed': Record<string, never>;
  /** At the console: the callback is no longer due (done, or not known there). */
  'callback.not_due': Record<string, never>;
  'line.full': { service: NamedInLanguages; waiting: number };
  'line.remote_full': { service: NamedInLanguages; limit: number };
  'appointment.already_booked': { reference: string };
  'appointment.not_found': { reference: string };
  'appointment.wrong_status': { reference: string; status: EntryStatus };
  'appointment.not_today': { reference: string; day: string };
  'appointment.no_ticket': { reference: string };
  'ticket.not_found': { ticket: string };
  'ticket.ambiguous': { ticket: string };
  /** Nobody is in line with that phone number (and nothing more is said about it). */
  'visit.not_found': Record<string, never>;
  /** More than one visit is in line with that number: staff sort out which one. */
  'visit.several': Record<string, never>;
  /** A kiosk tried too many numbers that are not in line; it may try again after a while. */
  'lookup.too_many': { minutes: number };
  /** The desk's look-up was given something that is neither a ticket (L-004) nor a phone number. */
  'lookup.unreadable': Record<string, never>;
  'join.too_many': { scope: 'device' | 'site'; minutes: number };
  'phone.invalid': { problem: PhoneProblem };
  /** A desk call after the session ended, and why it ended. */
  'session.ended': { why: SessionEnd };
  'staff.credentials_missing': Record<string, never>;
  'staff.wrong_password': { triesLeft: number; lockMinutes: number };
  'staff.locked': { minutes: number };
  'sign_in.too_many': { seconds: number };
  'hub.restarting': Record<string, never>;
  'hub.not_stored': Record<string, never>;
}

export type RefusalReason = keyof RefusalParams;

/** A reason with its own parameters: what a LobbylineError carries beside its code and message. */
export type Refusal = { [K in RefusalReason]: { reason: K; params: RefusalParams[K] } }[RefusalReason];

export function because<K extends RefusalReason>(reason: K, params: RefusalParams[K]): Refusal {
  return { reason, params } as Refusal;
}

/** A name and its translations, from a service's per-language name map (en is its default). */
export function namedFromMap(id: string, name: Readonly<Record<string, string>>): NamedInLanguages {
  return { name: name.en ?? Object.values(name)[0] ?? id, names: { ...name } };
}

/** Just the `{ name, names }` of a configured thing, so a refusal carries nothing else. */
export function namedOf(thing: NamedInLanguages): NamedInLanguages {
  return thing.names ? { name: thing.name, names: { ...thing.names } } : { name: thing.name };
}
