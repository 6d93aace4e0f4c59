/**
 * Every word the console shows: one catalog per language, of the same shape
 * (`Messages`; Spanish in messages-es.ts). The language is chosen once per
 * page load, from what the agent picked on this computer or else the browser's.
 */
import type { Channel, EntryStatus } from '../../../hub/contract/index.ts';
import { languageCatalogs, pickLanguage } from '../../../web-lib/languages.ts';
import type { CallbackOutcome } from '../../api.ts';
import { es } from './messages-es.ts';

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
const plural = (count: number, one: string, many: string) => (count === 1 ? `1 ${one}` : `${count} ${many}`);

export const en = {
  appName: 'Lobbyline contact center',
  signIn: {
    title: 'Agent sign-in',
    intro: 'Sign in with your own agent account.',
    agentId: 'Agent id',
    password: 'Password',
    submit: 'Sign in',
    busy: 'Signing in…',
    missing: 'Enter your agent id and password.',
  },
  signOut: 'Sign out',
  /** The console's own words for a session.ended refusal with why 'unknown' (the shared ones speak of the desk). */
  sessionUnknown: 'Sign in with your agent account to use the console.',
  signedInAs: (name: string) => `Signed in as ${name}`,
  languageLabel: 'Language · Idioma',
  nav: { label: 'Console', sites: 'Sites', callbacks: 'Callbacks', lookup: 'Look up', enrol: 'Enrol' },
  live: { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' },
  shortcutsTitle: 'Keys',
  results: {
    unreachable: 'The console cannot be reached. Check the connection and try again.',
    dismiss: 'Dismiss',
  },
  sites: {
    title: 'Sites',
    filter: 'Filter sites',
    filterHint: 'Type part of a site or service name.',
    count: (shown: number, all: number) => (shown === all ? plural(all, 'site', 'sites') : `${shown} of ${all} sites`),
    none: 'No site has been heard from yet.',
    noMatch: 'No site matches that filter.',
    link: {
      online: 'Linked',
      silent: (since: string | null) => (since ? `Silent since ${since}` : 'Silent'),
      unknown: 'Not heard from yet',
    },
    lastEvent: (at: string) => `Last event ${at}`,
    service: 'Service',
    waiting: 'Waiting',
    estimate: 'Estimate',
    openCounters: 'Open counters',
    minutes: (low: number, high: number) => (low === high ? `${low} min` : `${low}–${high} min`),
    noCounterOpen: (opensAt: string | null) => (opensAt ? `No counter open (usually opens ${opensAt})` : 'No counter open'),
    noEstimate: 'No estimate yet',
    noServices: 'No line figures yet.',
    counters: 'Counters',
    counterLine: (name: string, status: string, ticket: string | null) => `${name}: ${status}${ticket ? ` · ${ticket}` : ''}`,
    counterStatus: { open: 'open', paused: 'paused', closed: 'closed' } as Record<string, string>,
    phoneWaiting: (count: number) => plural(count, 'phone caller waiting', 'phone callers waiting'),
    voicemails: (count: number) => plural(count, 'voicemail to return', 'voicemails to return'),
    problem: 'Needs attention',
  },
  callbacks: {
    title: 'Callbacks due',
    intro: 'Oldest first. Claim one before you dial, so nobody else calls the same person.',
    none: 'No callbacks are due right now.',
    count: (count: number) => plural(count, 'callback due', 'callbacks due'),
    attempt: (n: number) => `Attempt ${n}`,
    answerBy: (at: string) => `Answer by ${at}`,
    calledAt: (at: string) => `Due since ${at}`,
    window: {
      asap: 'As soon as their turn comes',
      after: (from: string) => `After ${from}`,
      before: (to: string) => `Before ${to}`,
      between: (from: string, to: string) => `Between ${from} and ${to}`,
    },
    voicemail: (leftAt: string, returnBy: string) => `Voicemail left ${leftAt}, return by ${returnBy}`,
    number: 'Number',
    language: 'Language',
    reason: 'Reason',
    notes: 'Notes',
    noReason: 'No reason given',
    claim: 'Claim',
    dial: (number: string) => `Dial ${number}`,
    yours: 'You are calling',
    claimedBy: (name: string) => `${name} is calling`,
    release: 'Release',
    outcome: { reached: 'Reached', completed: 'Completed', 'no-answer': 'No answer' } as Record<CallbackOutcome, string>,
    claimed: (ticket: string) => `You have ${ticket}: dial now`,
    released: (ticket: string) => `${ticket} is back in the pool`,
    recorded: (ticket: string, outcome: CallbackOutcome) =>
      ({ reached: `${ticket}: reached, recorded at the site`, completed: `${ticket}: completed, recorded at the site`, 'no-answer': `${ticket}: no answer, recorded at the site` })[outcome],
    lostRace: (ticket: string, name: string) => `${name} claimed ${ticket} just before you, so it is theirs to call. The list is up to date now.`,
  },
  lookup: {
    title: 'Look up a caller',
    phone: 'Phone number',
    hint: 'International form, such as +1 555 010 0123. Every site is asked.',
    submit: 'Look up',
    busy: 'Looking…',
    invalid: 'Type the number in international form, starting with +.',
    nobody: 'No visit today at any site with that number.',
    found: (count: number) => plural(count, 'visit today', 'visits today'),
    siteFailed: (site: string, why: string) => `${site} could not answer: ${why}`,
  },
  visit: {
    place: (n: number) => `Place ${n}`,
    status: {
      booked: 'Booked',
      waiting: 'Waiting',
      called: 'Called',
      serving: 'Being served',
      done: 'Done',
      no_show: 'No-show',
      cancelled: 'Cancelled',
    } as Record<EntryStatus, string>,
    channel: { kiosk: 'Kiosk', desk: 'Desk', remote: 'Remote', phone: 'Phone' } as Record<Channel, string>,
    joined: (at: string) => `Joined ${at}`,
    expected: (from: string, to: string) => (from === to ? `Expected about ${from}` : `Expected ${from}–${to}`),
    reason: 'Reason',
    notes: 'Notes',
    cancel: 'Cancel visit',
    remote: 'Move to remote waiting',
    cancelled: (ticket: string) => `${ticket} is cancelled`,
    remoteDone: (ticket: string, phone: string) => `${ticket} now waits remotely: the status link was texted to ${phone}`,
    statusLink: 'Status link',
    confirmCancel: (ticket: string) => `Cancel ${ticket}? The caller loses their place.`,
    keep: 'Keep',
  },
  enrol: {
    title: 'Enrol a caller',
    intro: 'Puts the caller in a site’s line. They are called back when their turn comes, or in the time they ask for.',
    site: 'Site',
    service: 'Service',
    phone: 'Caller’s phone number',
    phoneHint: 'International form, such as +1 555 010 0123.',
    language: 'Caller’s language',
    reason: 'Reason for the call (optional)',
    note: 'Note for staff (optional)',
    when: 'When to call them',
    asap: 'As soon as their turn comes',
    after: 'After',
    between: 'Between',
    and: 'and',
    fromTime: 'From (time)',
    toTime: 'Until (time)',
    submit: 'Enrol caller',
    busy: 'Enrolling…',
    pickSite: 'Pick a site.',
    noSites: 'No site is known yet.',
    missingTime: 'Give the time they asked for.',
    siteClock: (zone: string) => `Times at the site (${zone})`,
    badWindow: 'The end of the window must come after its start.',
    done: (ticket: string, site: string) => `${ticket} is in line at ${site}`,
    another: 'Enrol another caller',
  },
  languageName: (tag: string) => languageNames.of(tag) ?? tag,
  shortcuts: {
    list: [
      ['1 – 4', 'Sites, Callbacks, Look up, Enrol'],
      ['/', 'Filter or type a number'],
      ['↑ ↓', 'Choose a callback'],
      ['C', 'Claim it'],
      ['R  D  N', 'Reached, Completed, No answer'],
      ['X', 'Release it'],
    ] as [string, string][],
  },
};

export type Messages = typeof en;

export const CONSOLE_LANGUAGES = ['en', 'es'] as const;
export type ConsoleLanguage = (typeof CONSOLE_LANGUAGES)[number];
/** Each language's name in itself, for the switch that picks it. */
export const CONSOLE_LANGUAGE_NAMES: Record<ConsoleLanguage, string> = { en: 'English', es: 'Español' };
const STORED_LANGUAGE = 'lobbyline.console.language';

function storedLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORED_LANGUAGE) ?? null;
  } catch {
    return null;
  }
}

/** Remembers the choice on this computer and reloads the console in that language. */
export function chooseConsoleLanguage(language: string): void {
  try {
    localStorage.setItem(STORED_LANGUAGE, language);
  } catch {
    // Private browsing may refuse storage: the console then follows the browser's language.
  }
  location.reload();
}

/** What the agent picked on this computer, else the first of the browser's languages the console speaks. */
export const consoleLanguage: string = pickLanguage(CONSOLE_LANGUAGES, storedLanguage(), globalThis.navigator?.languages);
export const messages: Messages = languageCatalogs<Messages, ConsoleLanguage>({ en, es }, 'en').messagesFor(consoleLanguage);
