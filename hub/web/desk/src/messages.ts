/**
 * Every word the desk shows: one catalog per language, of the same shape
 * (`Messages`; Spanish in messages-es.ts). The language is chosen once per
 * page load, from what the person picked on this computer or else the browser's.
 */
import type { Channel, CounterStatus, EntryStatus, PrinterState } from '../../../contract/index.ts';
import type { CallbackOutcome } from '../../../contract/events.ts';
import { languageCatalogs, pickLanguage } from '../../../../web-lib/languages.ts';
import { es } from './messages-es.ts';

const printerStates: Record<PrinterState, string> = {
  online: 'ready',
  'paper-low': 'paper is low',
  'paper-out': 'out of paper',
  'cover-open': 'cover is open',
  offline: 'printer is offline',
};
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/** What an activity line is made of, already in words. */
export interface ActivityWords {
  ticket: string;
  service: string;
  counter: string;
  channel: string;
  toService: string;
  keepPlace: boolean;
  position: number | null;
  reason: string | null;
  counterStatus: CounterStatus | null;
  /** For account changes: whose account. */
  account: string;
  /** For an undo: what was undone ('done', 'no_show', 'cancelled'). */
  undid: string | null;
  /** For a callback result: the attempt and what came of it. */
  callback: { attempt: number; outcome: CallbackOutcome } | null;
}

export const en = {
  appName: 'Lobbyline desk',
  signIn: {
    title: 'Staff sign-in',
    intro: 'Sign in with your own staff account.',
    staffId: 'Staff id',
    password: 'Password',
    submit: 'Sign in',
    busy: 'Signing in…',
    missing: 'Enter your staff id and password.',
  },
  signOut: 'Sign out',
  changePassword: {
    title: 'Change your password',
    intro: 'Choose a password only you know.',
    mustIntro: 'A manager gave you a temporary password. Choose your own to start using the desk.',
    current: 'Current password',
    currentTemporary: 'Temporary password',
    next: (min: number) => `New password (at least ${min} characters)`,
    repeat: 'New password again',
    mismatch: 'The two new passwords are not the same.',
    submit: 'Change password',
    busy: 'Changing…',
    changed: 'Your password is changed.',
    link: 'Change password',
  },
  signedInAs: (name: string) => `Signed in as ${name}`,
  nav: { label: 'Desk', line: 'Line', activity: 'Activity', alerts: 'Alerts', reports: 'Reports', staff: 'Staff accounts' },
  alertsBadge: (count: number) => (count === 1 ? '1 alert' : `${count} alerts`),
  live: { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' } as Record<'live' | 'connecting' | 'reconnecting', string>,
  counter: {
    label: 'Counter',
    pickTitle: 'Pick your counter',
    pickIntro: 'The desk shows the lines this counter serves.',
    serves: (services: string) => `Serves ${services}`,
    statusLabel: 'Counter status',
    status: { open: 'Open', paused: 'Paused', closed: 'Closed' } as Record<CounterStatus, string>,
    statusChanged: (counter: string, status: CounterStatus) =>
      status === 'open' ? `${counter} is open` : status === 'paused' ? `${counter} is paused: nobody new is called` : `${counter} is closed`,
  },
  atCounter: {
    title: (counter: string) => `At ${counter}`,
    nobody: 'Nobody is called here right now.',
    notOpen: (status: string) => `This counter is ${status.toLowerCase()}: open it to call people.`,
    openToCall: (counter: string) => `Open ${counter} to call`,
    called: (ago: string) => `Called ${ago} ago`,
    withContactCenter: (ago: string) => `The contact center is calling this person back (asked ${ago} ago)`,
    serving: (ago: string) => `Serving for ${ago}`,
    graceUntil: (time: string) => `· waiting remotely: given until ${time} to arrive`,
    graceOver: '· waiting remotely: their time to arrive is up, a no-show is fair now',
    callbackAnswerBy: (attempt: number, time: string) => `· attempt ${attempt}: with no outcome by ${time}, the hub frees this counter`,
  },
  actions: {
    callNext: 'Call next',
    recall: 'Call again',
    start: 'Start serving',
    done: 'Done',
    noShow: 'No-show',
    requeue: 'Back in line',
    transfer: 'Transfer…',
    callThis: 'Call now',
    up: 'Move up',
    down: 'Move down',
    top: 'To top',
    cancel: 'Cancel ticket…',
    reprint: 'Reprint ticket…',
    here: 'Is here',
    undo: 'Undo',
    undoThis: (ticket: string) => `Undo for ${ticket}`,
    changeChannel: 'Channel…',
    addNote: 'Note…',
  },
  results: {
    called: (ticket: string, counter: string) => `Called ${ticket} to ${counter}`,
    recalled: (ticket: string) => `Called ${ticket} again`,
    started: (ticket: string) => `Serving ${ticket}`,
    done: (ticket: string) => `Finished with ${ticket}`,
    noShow: (ticket: string) => `${ticket} marked as no-show`,
    requeued: (ticket: string, place: number | null) => `${ticket} is back in line${place ? ` at place ${place}` : ''}`,
    moved: (ticket: string, place: number | null) => `${ticket} moved to place ${place ?? '?'}`,
    transferred: (ticket: string, service: string) => `${ticket} transferred to ${service}`,
    cancelled: (ticket: string) => `${ticket} taken out of the line`,
    reprinted: (ticket: string, kiosk: string) => `${ticket} is printing again at ${kiosk}`,
    here: (ticket: string) => `${ticket} is in the building`,
    channelChanged: (ticket: string, channel: string) => `${ticket} now waits by ${channel.toLowerCase()}`,
    noteAdded: (ticket: string) => `Note added to ${ticket}`,
    added: (ticket: string, service: string, place: number | null) => `Added ${ticket} to ${service}${place ? `, place ${place}` : ''}`,
    nobodyAtCounter: (counter: string) => `Nobody is called to ${counter} right now.`,
    selectFirst: 'Select someone in the line first (↑ ↓ or a tap).',
    unreachable: 'The hub did not answer. Check the line before trying again: the change may or may not have been made.',
    dismiss: 'Dismiss',
    undone: (ticket: string, status: string, place: number | null) =>
      status === 'serving' ? `Serving ${ticket} again` : status === 'booked' ? 'The appointment is booked again' : `${ticket} is back in line${place ? ` at place ${place}` : ''}`,
    nothingToUndo: 'Nothing to undo: a no-show, done or cancel can be undone from Activity for a few minutes.',
  },
  line: {
    waitingCount: (n: number) => (n === 1 ? '1 waiting' : `${n} waiting`),
    newcomerWait: (low: number, high: number) => `new arrivals wait ${low}–${high} min`,
    /** No open counter serves this line: no estimate, and when counters usually open if the site says. */
    noCounterOpen: (opensAt: string | null) => (opensAt ? `no counter open yet (usually opens at ${opensAt})` : 'no counter open yet'),
    empty: 'Nobody is waiting.',
    place: 'Place',
    waited: (duration: string) => `waiting ${duration}`,
    priority: (n: number) => `Priority ${n}`,
    phoneOnFile: 'Phone on file',
    appointment: (time: string) => `Appt ${time}`,
    onTheWay: (time: string) => `On the way since ${time}`,
    here: (time: string) => `Here since ${time}`,
    moreTime: (times: number) => (times === 1 ? 'Asked for more time' : `Asked for more time ${times}×`),
    history: (channels: string) => `Was ${channels}`,
    voicemail: (returnBy: string) => `Voicemail, return by ${returnBy}`,
    voicemailOverdue: (returnBy: string) => `Voicemail, overdue since ${returnBy}`,
    joinedByText: 'Joined by text',
    joinedByPhoneMenu: 'Joined by phone menu',
    reason: (reason: string) => `Reason: ${reason}`,
    notes: (count: number) => (count === 1 ? '1 note' : `${count} notes`),
    dragHint: 'Drag the handle to reorder, or use Alt+↑ and Alt+↓.',
  },
  selected: {
    label: 'Selected person',
    none: 'Select someone in the line to call them now, move or transfer them.',
    summary: (ticket: string, place: number | null) => `${ticket}${place ? ` · place ${place}` : ''}`,
  },
  lookup: {
    title: 'Find a person',
    label: 'Ticket or phone number',
    submit: 'Find',
    hint: 'Press / to type here, Enter to find, Esc to clear.',
    searching: 'Looking…',
    nobody: 'Nobody with that ticket or number today.',
    found: (n: number) => (n === 1 ? '1 visit today' : `${n} visits today`),
    status: { booked: 'Booked', waiting: 'Waiting', called: 'Called', serving: 'Being served', done: 'Done', no_show: 'No-show', cancelled: 'Cancelled' } as Record<EntryStatus, string>,
    place: (place: number) => `place ${place}`,
    at: (time: string) => `at ${time}`,
    joined: (time: string) => `Joined ${time}`,
    callback: (attempt: number, asked: string, outcome: CallbackOutcome | null, at: string | null) =>
      `Callback ${attempt}, asked ${asked}: ${outcome === null ? 'no outcome yet' : `${{ reached: 'reached', completed: 'completed', 'no-answer': 'no answer', 'timed-out': 'timed out' }[outcome]}${at ? ` at ${at}` : ''}`}`,
    callbackWindow: (from: string | null, to: string | null) => `Asked to be called ${from ? `after ${from}` : ''}${from && to ? ' and ' : ''}${to ? `before ${to}` : ''}`,
    voicemailLeft: (time: string) => `Voicemail left at ${time}`,
  },
  changeChannel: {
    title: (ticket: string) => `Change how ${ticket} waits`,
    to: 'Waits by',
    phone: 'Phone number to call back',
    phoneOnFile: 'Phone number (leave empty to use the one on file)',
    phoneForLink: 'Phone number to text the status link to',
    linkToFile: 'The status link is texted to the number on file.',
    submit: 'Change',
    close: 'Close',
  },
  note: {
    title: (ticket: string) => `Note for ${ticket}`,
    text: 'Note (staff and the contact center see it, nobody else)',
    left: (n: number) => `${n} characters left`,
    submit: 'Add note',
    close: 'Close',
  },
  channels: { kiosk: 'Kiosk', remote: 'Remote', phone: 'Phone', desk: 'Desk' } as Record<Channel, string>,
  languageName: (code: string) => languageNames.of(code) ?? code,
  transfer: {
    title: (ticket: string) => `Transfer ${ticket}`,
    to: 'To which line?',
    keepPlace: 'Keep their place (by when they arrived)',
    submit: 'Transfer',
    close: 'Close',
  },
  reprint: {
    title: (ticket: string) => `Reprint ${ticket}`,
    at: 'Print at',
    noKiosk: 'This site has no kiosk to print at.',
    submit: 'Print',
    close: 'Close',
  },
  cancel: {
    title: (ticket: string) => `Take ${ticket} out of the line?`,
    body: 'They will need a new ticket to come back.',
    confirm: 'Take out of line',
    keep: 'Keep in line',
  },
  walkIn: {
    title: 'Add a walk-in',
    service: 'Service',
    language: 'Language',
    priority: 'Priority (goes ahead by the priority rules)',
    submit: 'Add to line',
  },
  shortcuts: {
    title: 'Keyboard',
    list: [
      ['N', 'Call next'],
      ['R', 'Call again'],
      ['S', 'Start serving'],
      ['D', 'Done'],
      ['X', 'No-show'],
      ['Q', 'Back in line'],
      ['↑ ↓', 'Select in line'],
      ['C', 'Call selected now'],
      ['Alt+↑ ↓', 'Move selected'],
      ['Alt+Shift+↑', 'Move to top'],
      ['T', 'Transfer selected'],
      ['H', 'Selected is here'],
      ['Esc', 'Clear selection'],
      ['/', 'Find a person (ticket or phone)'],
    ] as [string, string][],
  },
  activity: {
    title: 'Activity',
    intro: 'Everything that changed the lines, newest first.',
    when: 'Time',
    who: 'Who',
    what: 'What',
    older: 'Show older',
    empty: 'Nothing has happened yet today.',
    hub: 'Hub',
    integration: (id: string) => `Integration ${id}`,
    contactCenterAgent: (name: string) => `${name} (contact center)`,
    personOnline: 'The person (status page)',
    personBySms: 'The person (text reply)',
    events: {
      'entry.enrolled': (e: ActivityWords) => `Added ${e.ticket} to ${e.service}${e.channel ? ` (${e.channel.toLowerCase()})` : ''}`,
      'entry.booked': (e: ActivityWords) => `Booked an appointment for ${e.service}`,
      'entry.checked-in': (e: ActivityWords) => `Checked in ${e.ticket} for ${e.service}${e.channel ? ` (${e.channel.toLowerCase()})` : ''}`,
      'entry.called': (e: ActivityWords) => `Called ${e.ticket} to ${e.counter}`,
      'entry.recalled': (e: ActivityWords) => `Called ${e.ticket} again`,
      'entry.serving': (e: ActivityWords) => `Started serving ${e.ticket}`,
      'entry.completed': (e: ActivityWords) => `Finished with ${e.ticket}`,
      'entry.no-show': (e: ActivityWords) => `Marked ${e.ticket} as no-show`,
      'entry.cancelled': (e: ActivityWords) => (e.reason === 'left' ? `${e.ticket} left the line` : `Took ${e.ticket} out of the line`),
      'entry.moved': (e: ActivityWords) => `Moved ${e.ticket} to place ${e.position}`,
      'contacts.purged': () => 'Deleted the phone numbers of finished visits, as the retention rule says',
      'entry.on-my-way': (e: ActivityWords) => `${e.ticket} is on the way`,
      'entry.more-time': (e: ActivityWords) => `${e.ticket} asked for more time and moved back to place ${e.position}`,
      'entry.requeued': (e: ActivityWords) => `Put ${e.ticket} back in line at place ${e.position}`,
      'entry.callback-result': (e: ActivityWords) =>
        `Callback to ${e.ticket}, attempt ${e.callback?.attempt}: ${
          { reached: 'reached', completed: 'completed', 'no-answer': 'no answer', 'timed-out': 'no outcome reported in time, the counter was freed' }[e.callback?.outcome ?? 'reached']
        }`,
      'entry.reopened': (e: ActivityWords) =>
        `Undid the ${e.undid === 'done' ? 'finish' : e.undid === 'no_show' ? 'no-show' : 'cancel'} of ${e.ticket}: ${
          e.position ? `back in line at place ${e.position}` : e.counter ? `serving again at ${e.counter}` : 'booked again'
        }`,
      'entry.channel-changed': (e: ActivityWords) => `${e.ticket} now waits by ${e.channel.toLowerCase()}`,
      'entry.note-added': (e: ActivityWords) => `Added a note to ${e.ticket}`,
      'entry.transferred': (e: ActivityWords) =>
        `Transferred ${e.ticket} to ${e.toService}${e.keepPlace ? ', keeping their place' : ', at the end of the line'}`,
      'counter.status-changed': (e: ActivityWords) =>
        `${e.counterStatus === 'open' ? 'Opened' : e.counterStatus === 'paused' ? 'Paused' : 'Closed'} ${e.counter}`,
      'staff.added': (e: ActivityWords) => `Added a staff account for ${e.account}`,
      'staff.unlocked': (e: ActivityWords) => `Unlocked sign-in for ${e.account}`,
      'staff.password-reset': (e: ActivityWords) => `Reset the password of ${e.account} (temporary password given)`,
      'staff.password-changed': () => 'Changed their own password',
      'staff.disabled': (e: ActivityWords) => `Disabled the account of ${e.account}`,
      'staff.enabled': (e: ActivityWords) => `Enabled the account of ${e.account} again`,
    } as Record<string, (e: ActivityWords) => string>,
  },
  alerts: {
    phones: 'Phones',
    phonesJoinAt: 'Phones join at',
    posterQr: 'QR code for the entrance poster',
    phonesCannotReach: 'Phones cannot open this address: ask whoever looks after the hub to set the site’s public address (publicUrl).',
    deviceActions: 'Actions',
    printScannerSetup: 'Print scanner setup codes',
    scannerSetupSent: (kiosk: string) => `Scanner setup codes are printing at ${kiosk}: scan them top to bottom with its scanner`,
    title: 'Alerts',
    problems: 'Needs attention',
    none: 'Nothing needs attention.',
    devices: 'Devices',
    device: 'Device',
    role: 'Kind',
    state: 'State',
    since: 'Since',
    printer: 'Printer',
    sound: 'Sound',
    online: 'Online',
    offline: 'Offline',
    neverSeen: 'Not heard from since the hub started',
    inBrowser: (staff: number) => `In use in the browser (${staff === 1 ? '1 person' : `${staff} people`} signed in)`,
    noDevices: 'No devices are set up for this site.',
    mirror: 'Contact-center link',
    mirrorUp: 'Connected',
    mirrorDown: 'Disconnected',
    problem: {
      deviceOffline: (device: string) => `${device} is offline`,
      printer: (device: string, state: PrinterState, message: string | null) =>
        `${device} cannot print: ${message ?? printerStates[state]}`,
      sound: (device: string, state: 'blocked' | 'unavailable') =>
        state === 'blocked' ? `${device} cannot play sound: tap the screen once to allow it` : `${device} has no sound output`,
      mirrorOffline: (backlog: number) =>
        `The contact-center link is disconnected${backlog > 0 ? `: ${backlog} events wait to be sent` : ''}`,
      webhookFailing: (webhookId: string, backlog: number, attempts: number, lastError: string | null) =>
        `Webhook “${webhookId}” is not accepting events (${lastError ? `${lastError}, ` : ''}${attempts} tries): ${
          backlog === 1 ? '1 event waits' : `${backlog} events wait`
        } to be sent, in order`,
      smsOffline: 'The SMS gateway is not reachable: text messages are not being sent',
      smsFailing: (count: number) => `${count === 1 ? 'A text message' : `${count} text messages`} could not be sent in the last hour`,
    },
    forDuration: (duration: string) => `for ${duration}`,
    roles: { kiosk: 'Kiosk', display: 'Lobby display', counter: 'Counter button', desk: 'Desk', mirror: 'Mirror' } as Record<string, string>,
    printerStates,
  },
  staff: {
    title: 'Staff accounts',
    intro: 'Accounts from the site file are changed there; accounts added here are kept on the hub.',
    id: 'Staff id',
    name: 'Name',
    role: 'Role',
    roles: { staff: 'Staff', manager: 'Manager' } as Record<string, string>,
    source: 'Added',
    fromSite: 'Site file',
    addedBy: (who: string, when: string) => `by ${who}, ${when}`,
    addTitle: 'Add an account',
    password: (min: number) => `Password (at least ${min} characters)`,
    submit: 'Add account',
    added: (name: string) => `Added an account for ${name}`,
    state: 'State',
    active: 'Can sign in',
    disabledState: 'Disabled',
    mustChange: 'Temporary password given',
    lockedUntil: (time: string) => `Locked until ${time} (wrong passwords)`,
    actions: 'Actions',
    unlock: 'Unlock',
    resetPassword: 'Reset password',
    disable: 'Disable',
    enable: 'Enable',
    actionsFor: (name: string) => `Actions for ${name}`,
    unlocked: (name: string) => `${name} can sign in again`,
    disabled: (name: string) => `${name}'s account is disabled and signed out`,
    enabled: (name: string) => `${name}'s account is enabled`,
    confirmDisable: (name: string) => `Disable ${name}'s account? They are signed out now and cannot sign in until a manager enables it.`,
    confirmReset: (name: string) => `Reset ${name}'s password? They are signed out now, and sign in with a temporary password that you give them.`,
    resetTitle: (name: string) => `Temporary password for ${name}`,
    resetIntro: (id: string) =>
      `Give this to them in person. It works once: at their next sign-in (staff id ${id}) they choose their own password. It is not shown again.`,
    done: 'Done',
    cancel: 'Cancel',
  },
  reports: {
    title: 'Reports',
    from: 'From',
    to: 'To',
    target: 'Target wait (min)',
    csv: 'Download CSV',
    empty: 'No visits in these days.',
    visits: 'Visits',
    served: 'Served',
    waitMedian: 'Median wait',
    waitP90: '90% waited at most',
    serviceMedian: 'Median service',
    withinTarget: (minutes: number) => `Called within ${minutes} min`,
    withinTargetShort: 'Within target',
    left: 'Left',
    noShows: 'No-shows',
    median: 'median wait',
    p90: '90th percentile',
    waitByHour: 'Wait by hour of arrival',
    hoursAtSite: (zone: string) => `Hours are the site’s local time (${zone}), in the CSV too.`,
    visitsByService: 'Visits by service',
    byService: 'Service',
    byCounter: 'Counter',
    byChannel: 'Channel',
    byFirstChannel: 'First channel',
    byPath: 'Hand-off path',
    lobbyMedian: 'Median in the lobby',
    lobbyIntro: 'Time in the lobby runs from being in the building (joining at the kiosk or desk, “I’m here”, or walking in) to being called: beside the total wait, it shows what waiting away saved.',
    callbacks: 'Callbacks',
    attempts: 'Attempts',
    reached: (rate: string) => `Reached (${rate})`,
    noAnswers: 'No answer',
    timedOut: 'Timed out',
    toReached: 'Your turn → reached (median / 90%)',
    voicemails: 'Voicemails',
    voicemailsLeft: 'Left',
    returned: 'Returned',
    toReturn: 'Time to return (median / 90%)',
    neverReturned: 'Not returned that day',
    abandonment: 'Who gave up (left or no-show)',
    abandonmentByChannel: 'By channel',
    abandonmentByWait: 'By wait so far',
    gaveUp: 'Gave up',
    rate: 'Rate',
    reachedWait: 'Still waiting then',
    waitSoFar: { '<10': 'Under 10 min', '10-30': '10–30 min', '30-60': '30–60 min', '>60': 'Over 60 min' } as Record<string, string>,
  },
  duration: {
    seconds: '< 1 min',
    minutes: (m: number) => `${m} min`,
    hours: (h: number, m: number) => (m ? `${h} h ${m} min` : `${h} h`),
  },
};

export type Messages = typeof en;

export const DESK_LANGUAGES = ['en', 'es'] as const;
export type DeskLanguage = (typeof DESK_LANGUAGES)[number];
/** Each language's name in itself, for the switch that picks it. */
export const DESK_LANGUAGE_NAMES: Record<DeskLanguage, string> = { en: 'English', es: 'Español' };
const STORED_LANGUAGE = 'lobbyline.desk.language';

function storedLanguage(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORED_LANGUAGE) ?? null;
  } catch {
    return null;
  }
}

/** Remembers the choice on this computer and reloads the desk in that language. */
export function chooseDeskLanguage(language: DeskLanguage): void {
  try {
    localStorage.setItem(STORED_LANGUAGE, language);
  } catch {
    // Private browsing may refuse storage: the desk then follows the browser's language.
  }
  location.reload();
}

/** What the person picked on this computer, else the first of the browser's languages the desk speaks. */
export const deskLanguage: string = pickLanguage(DESK_LANGUAGES, storedLanguage(), globalThis.navigator?.languages);
export const messages: Messages = languageCatalogs<Messages, DeskLanguage>({ en, es }, 'en').messagesFor(deskLanguage);
