/** Refusals in English: the same words as the hub's own `message`, built from the reason and its parameters. */
import type { EntryStatus } from '../../hub/contract/commands.ts';
import { PHONE_PROBLEM_MESSAGES, REFUSED_ACTION_WORDS, type EntryLabel } from '../../hub/contract/refusals.ts';
import type { RefusalCatalog } from './catalog.ts';

const who = (entry: EntryLabel) => ('ticket' in entry ? entry.ticket : `the appointment ${entry.appointment}`);
const status = (value: EntryStatus) => value.replace('_', '-');
const plural = (count: number, one: string, many: string) => (count === 1 ? `1 ${one}` : `${count} ${many}`);

const sessionEnded = {
  'signed-out': 'You have signed out. Sign in to continue.',
  idle: 'You were signed out after a period without activity. Sign in to continue.',
  expired: 'Your session reached its time limit. Sign in to continue.',
  unknown: 'Sign in with your staff account to use the desk.',
  disabled: 'A manager disabled your account, so you were signed out.',
  'password-changed': 'Your password was changed, so you were signed out here. Sign in with the new one.',
};

export const en: RefusalCatalog = {
  reasons: {
    'entry.not_found': () => 'That visit is not known here',
    'service.not_found': (p) => `There is no service '${p.serviceId}' here`,
    'counter.not_found': (p) => `There is no counter '${p.counterId}' here`,
    'entry.wrong_status': (p, name) => {
      const start = `Cannot ${REFUSED_ACTION_WORDS[p.action]} ${who(p.entry)}: it is`;
      if (!p.counter) return `${start} ${status(p.status)}`;
      const where = p.status === 'called' ? 'called to' : 'being served at';
      return `${start} already ${where} ${name(p.counter)}${p.by ? ` (by ${p.by})` : ''}`;
    },
    'entry.already_last': (p) => `${p.ticket} is already last in line`,
    'entry.more_time_used': (p) =>
      `${p.ticket} has already been given more time ${p.times === 1 ? 'once' : `${p.times} times`}; please ask at the desk`,
    'entry.needs_phone': (p) => `A phone number is needed to call ${who(p.entry)} back`,
    'entry.already_in_line': (p, name) => `${p.ticket} is already in the line for ${name(p.service)}`,
    'entry.undo_too_late': (p) =>
      `Too late to undo the ${{ done: 'finish', no_show: 'no-show', cancelled: 'cancel' }[p.undid]} of ${who(p.entry)}: it was ${plural(p.minutesAgo, 'minute', 'minutes')} ago, and it can be undone for ${plural(p.windowMinutes, 'minute', 'minutes')}. Add them to the line again instead.`,
    'entry.place_out_of_range': (p) => `Cannot move ${p.ticket} to place ${p.place}: the line has ${p.length} people`,
    'counter.not_open': (p, name) => `${name(p.counter)} is ${p.status}: open it before calling`,
    'counter.still_calling': (p, name) => `${name(p.counter)} is still calling ${who(p.entry)}: start serving, recall or mark no-show first`,
    'counter.still_busy': (p, name) =>
      `${name(p.counter)} still has ${who(p.entry)}: complete, transfer or mark it no-show before closing`,
    'counter.does_not_serve': (p, name) => `${name(p.counter)} does not serve ${name(p.service)}: transfer ${p.ticket} first`,
    'counter.nobody_waiting': (p, name) => `Nobody is waiting for ${name(p.counter)}`,
    'callback.not_open': (p) =>
      p.attempt === null ? `${who(p.entry)} is not waiting for a callback` : `Callback attempt ${p.attempt} for ${who(p.entry)} is not the one under way`,
    'callback.claimed': (p) => `${p.agentName} is calling this person back`,
    'callback.not_claimed': () => 'Claim this callback before recording how it went',
    'callback.not_due': () => 'This callback is no longer due',
    'line.full': (p, name) => `The line for ${name(p.service)} is full (${p.waiting} waiting); please ask at the desk`,
    'line.remote_full': (p, name) =>
      `${name(p.service)} has as many people waiting remotely as it can take (${p.limit}); please come in and use the kiosk`,
    'appointment.already_booked': (p) => `An appointment with reference ${p.reference} is already booked`,
    'appointment.not_found': (p) => `No appointment with reference ${p.reference}`,
    'appointment.wrong_status': (p) => `The appointment ${p.reference} is already ${status(p.status)}`,
    'appointment.not_today': (p) => `The appointment ${p.reference} is for ${p.day}, not today`,
    'appointment.no_ticket': (p) => `There is no ticket to print for the appointment ${p.reference}: check in first`,
    'ticket.not_found': (p) => `No waiting or called ticket ${p.ticket}`,
    'ticket.ambiguous': (p) => `More than one ticket ${p.ticket} is waiting: reprint it from the desk`,
    'join.too_many': (p) =>
      `Too many people are joining ${p.scope === 'device' ? 'from this device' : 'at the moment'}. Please try again in ${p.minutes} min, or join at the kiosk.`,
    'phone.invalid': (p) => PHONE_PROBLEM_MESSAGES[p.problem],
    'session.ended': (p) => sessionEnded[p.why],
    'staff.credentials_missing': () => 'Enter your staff id and password',
    'staff.wrong_password': (p) =>
      `Wrong staff id or password. ${plural(p.triesLeft, 'try', 'tries')} left before sign-in for this id is locked for ${plural(p.lockMinutes, 'minute', 'minutes')}.`,
    'staff.locked': (p) => `Too many wrong passwords: sign-in for this id is locked. Try again in ${plural(p.minutes, 'minute', 'minutes')}.`,
    'sign_in.too_many': (p) => `Too many failed sign-ins from this address. Try again in ${plural(p.seconds, 'second', 'seconds')}.`,
    'visit.not_found': () => 'Nobody is in line with that phone number',
    'visit.several': () => 'More than one visit is in line with that phone number: please ask at the desk',
    'lookup.too_many': (p) => `Too many numbers were tried at this kiosk. Please try again in ${p.minutes} min, or ask at the desk.`,
    'lookup.unreadable': () => 'Type a ticket (such as L-004) or a phone number',
    'hub.restarting': () => 'The hub cannot store changes right now; it is restarting',
    'hub.not_stored': () => 'The change could not be stored, so nothing was changed; try again',
  },
  codes: {
    invalid_request: 'The request is not valid',
    unauthorized: 'Please sign in first',
    forbidden: 'You may not do that',
    not_found: 'That was not found',
    conflict: 'That clashes with something already there',
    invalid_state: 'That is not possible right now',
    too_large: 'The request is too large',
    line_full: 'The line is full',
    rate_limited: 'Too many tries: please wait a moment',
    unavailable: 'The hub is not available right now; try again',
  },
};
