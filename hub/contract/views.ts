/**
 * What the hub sends back and publishes. Public views go to lobby TVs and
 * anonymous subscribers, so they carry ticket numbers, counters and counts
 * only: never names, phones, entry ids or anything a person could be traced by.
 */
import type { Channel, CounterStatus, EntryStatus } from './commands.ts';
import type { LobbylineError } from './errors.ts';
import type { JoinedVia } from './events.ts';

export interface WaitEstimate {
  lowMinutes: number;
  highMinutes: number;
}

/**
 * Instead of an estimate, while no open counter serves a service: nobody is
 * calling that line yet, and this is what is known about when someone will.
 */
export interface NoCounterOpen {
  /** When counters usually open, "HH:MM" in the site's time zone (the site file's `hours.opens`); null when the site does not say. */
  usuallyOpensAt: string | null;
}

/** An entry as staff devices and integrations see it (private). */
export interface EntryView {
  entryId: string;
  ticket: string | null;
  serviceId: string;
  channel: Channel;
  channelHistory: Channel[];
  /** Whether a phone number is on file (for texts or a callback); the number itself is not shown here. */
  hasPhone: boolean;
  status: EntryStatus;
  priority: number;
  language: string;
  /** 1-based place in its service's line while waiting, else null. */
  position: number | null;
  /** Null when not waiting, or while no open counter serves the service (then noCounterOpen says so). */
  estimate: WaitEstimate | null;
  /** Set while waiting for a service no open counter serves. */
  noCounterOpen: NoCounterOpen | null;
  counterId: string | null;
  enrolledAt: string;
  calledAt: string | null;
  servingAt: string | null;
  finishedAt: string | null;
  waitMs: number | null;
  walkMs: number | null;
  serviceMs: number | null;
  reference: string | null;
  /** When a remote waiter said they are on their way. */
  onMyWayAt: string | null;
  /** How many times they asked for more time. */
  moreTimeCount: number;
  /** When a remote waiter or caller said they are in the building ("I'm here"); null until then. */
  arrivedAt: string | null;
  /** How they joined beyond the channel: by voicemail, by text, through the phone menu; null otherwise. */
  via: JoinedVia | null;
  /** For a voicemail: when it was left and when it is due to be returned (the site's policy). */
  voicemail: VoicemailView | null;
  /** A phone caller's callback: the window they asked for and every attempt; null for anyone never called back. */
  callback: CallbackView | null;
}

export interface VoicemailView {
  leftAt: string;
  returnBy: string;
}

export interface CallbackView {
  /** The window they asked for; both null: as soon as their turn comes. */
  notBefore: string | null;
  notAfter: string | null;
  attempts: CallbackAttemptView[];
  /** While waiting: not called before this (their window, or the retry interval after an unanswered attempt). */
  callableFrom: string | null;
}

export interface CallbackAttemptView {
  attempt: number;
  requestedAt: string;
  /** With no outcome reported by then, the hub records 'timed-out'. */
  answerBy: string;
  outcome: 'reached' | 'completed' | 'no-answer' | 'timed-out' | null;
  outcomeAt: string | null;
}

/** A note on a visit, as staff and agents read it. */
export interface VisitNote {
  at: string;
  /** Who wrote it: a staff id, the contact-center agent's name, or the integration's id. */
  by: string;
  text: string;
}

/**
 * What staff and agents know about a visit beyond the line: why they came and
 * the notes written about them. Only for the desk and the contact center:
 * never in public topics, lobby screens, kiosk answers or texts.
 */
export interface VisitContext {
  reason: string | null;
  notes: VisitNote[];
}

/** What a kiosk is answered for a ticket it issued: the entry and the status link its QR code shows. */
export interface KioskTicketView extends EntryView {
  statusUrl: string;
}

/** The reply to an upkeep command such as purge-contacts: the entries it changed. */
export interface UpkeepResult {
  entryIds: string[];
}

export interface CounterView {
  counterId: string;
  name: string;
  status: CounterStatus;
  serviceIds: string[];
  currentEntryId: string | null;
}

export type CommandReply =
  | { id: string; ok: true; result: EntryView | CounterView | UpkeepResult }
  | { id: string; ok: false; error: LobbylineError };

export interface PublicCall {
  ticket: string;
  serviceId: string;
  counterId: string;
  counterName: string;
  /** The counter's name in other languages, for speech in each of them. */
  counterNames?: Record<string, string>;
  calledAt: string;
  /** How many times this call has been repeated; TVs announce again when it grows. */
  recalls: number;
}

/** Retained on `public/now-serving`: the latest calls, newest first. */
export interface PublicNowServing {
  calls: PublicCall[];
  updatedAt: string;
}

/** Retained on `public/services/{id}`. */
export interface PublicServiceState {
  serviceId: string;
  name: Record<string, string>;
  prefix: string;
  waiting: number;
  openCounters: number;
  estimate: WaitEstimate | null;
  /** Set, and estimate null, while no open counter serves the service. */
  noCounterOpen: NoCounterOpen | null;
  updatedAt: string;
}

/** Retained on `public/counters/{id}`. */
export interface PublicCounterState {
  counterId: string;
  name: string;
  /** The name in other languages, when the site gives them ("Ventanilla 1"). */
  names?: Record<string, string>;
  status: CounterStatus;
  ticket: string | null;
  serviceId: string | null;
  updatedAt: string;
}

/** Retained on `public/site`: what a display needs to lay itself out. */
export interface PublicSite {
  siteId: string;
  name: string;
  languages: string[];
  /** The site's time zone (IANA, the site file's `timezone`): screens show every time in it, not in their own. */
  timeZone: string;
  services: { serviceId: string; name: Record<string, string>; prefix: string }[];
  counters: { counterId: string; name: string; names?: Record<string, string>; serviceIds: string[] }[];
}

/** Retained on `devices/{id}/status` by each device, and its Last Will. */
export interface DeviceStatus {
  deviceId: string;
  online: boolean;
  at: string;
  detail?: Record<string, unknown>;
}
