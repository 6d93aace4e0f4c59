/**
 * The queue's data: configuration it obeys, the state it keeps, and the events
 * that change that state. Everything here is plain JSON so that a snapshot is
 * just `JSON.stringify(state)` and an event is one row of the log.
 */
import type { Channel, CounterStatus, EntryStatus } from '../contract/index.ts';
import type { CallbackOutcome, JoinedVia } from '../contract/events.ts';

export type { Actor, ArrivedVia, CallbackOutcome, JoinedVia, QueueEvent, QueueEventData, QueueEventType } from '../contract/events.ts';

export interface ServiceConfig {
  id: string;
  prefix: string;
  name: Record<string, string>;
  /** Starting guess for a service time, until observed times replace it. */
  expectedServiceMinutes: number;
  /** Most people who may wait for this service at once; joins beyond it are refused. */
  maxWaiting: number;
}

export interface CounterConfig {
  id: string;
  name: string;
  /** The name in other languages, for speech and texts ("Ventanilla 1"). */
  names?: Record<string, string>;
  serviceIds: string[];
}

export interface PriorityPolicy {
  /**
   * strict: the highest class always goes first.
   * weighted: classes take turns by weight (e.g. {0: 2, 1: 1} is 2 normal : 1 priority).
   */
  mode: 'strict' | 'weighted';
  weights: Record<string, number>;
  /** After being passed over this many times, an entry is called before anyone else. */
  maxPassOvers: number;
  /** Or once this many minutes have gone by since it was first passed over. */
  maxPassOverMinutes: number | null;
  /** The classes a kiosk may enrol with (hub/access enforces it): higher ones are given by staff. */
  kioskClasses: number[];
}

export interface QueueConfig {
  siteId: string;
  timezone: string;
  services: ServiceConfig[];
  counters: CounterConfig[];
  priority: PriorityPolicy;
  appointments: { toleranceMinutes: number };
  /** Phone numbers are deleted this long after a visit ends (default 24). */
  contactRetentionHours?: number;
  /** People waiting away from the lobby; defaults in DEFAULT_REMOTE_WAIT. */
  remoteWait?: RemoteWaitPolicy;
  /** How long after a no-show, done or cancel staff may still undo it (default DEFAULT_UNDO_MINUTES). */
  undoMinutes?: number;
  /** When counters usually open ("HH:MM", site time), said while none serves a line yet. */
  hours?: { opens: string };
  /** Phone callers' callbacks: time to answer, retry interval, what a no-answer does; defaults in DEFAULT_CALLBACK_POLICY. */
  callbacks?: CallbackPolicy;
}

export interface CallbackPolicy {
  /** A callback nobody reported an outcome for this long after it was asked for has timed out. */
  answerMinutes: number;
  /** After an unanswered attempt, the next may be made no sooner than this. */
  retryMinutes: number;
  /** An unanswered (or timed-out) callback: back into the line near the front, or a no-show. */
  noAnswer: 'requeue' | 'no-show';
  requeuePosition: number;
  /** Attempts in all, the first included: the last unanswered one ends the visit as a no-show. */
  maxCallbackAttempts: number;
  /** A voicemail is due to be returned this long after it was left. */
  voicemailReturnMinutes: number;
}

export const DEFAULT_CALLBACK_POLICY: CallbackPolicy = { answerMinutes: 10, retryMinutes: 5, noAnswer: 'requeue', requeuePosition: 3, maxCallbackAttempts: 2, voicemailReturnMinutes: 60 };

export interface RemoteWaitPolicy {
  /** "I need more time" moves a person back this many places... */
  moreTimePlaces: number;
  /** ...at most this many times per visit. */
  maxMoreTime: number;
  /** Most people waiting remotely for one service at once; more joins are refused. */
  maxRemotePerService: number;
  /** A called remote waiter has this long to arrive before staff are shown they may mark a no-show. */
  noShowGraceMinutes: number;
}

export const DEFAULT_REMOTE_WAIT: RemoteWaitPolicy = { moreTimePlaces: 3, maxMoreTime: 2, maxRemotePerService: 100, noShowGraceMinutes: 10 };

export interface Entry {
  id: string;
  /** Null while an appointment is booked but not checked in. */
  ticket: string | null;
  /** Local date the ticket was issued on; tickets are unique within it. */
  day: string | null;
  serviceId: string;
  channel: Channel;
  /** Every channel this visit has used, oldest first, so nobody is asked twice. */
  channelHistory: Channel[];
  status: EntryStatus;
  priority: number;
  language: string;
  phone: string | null;
  requestId: string | null;
  reference: string | null;
  appointment: { start: number; end: number } | null;
  enrolledAt: number;
  /** The arrival time that orders this entry in its line (booked start for on-time appointments). */
  queuedAt: number;
  /** Sequence number of the event that put it in line: breaks ties between equal arrival times. */
  arrivalSeq: number;
  calledAt: number | null;
  servingAt: number | null;
  finishedAt: number | null;
  counterId: string | null;
  /** The staff id that called it to its counter, when staff did (absent in state saved before it was kept). */
  calledBy?: string | null;
  recalls: number;
  passedOver: number;
  firstPassedOverAt: number | null;
  cancelReason: 'staff' | 'left' | null;
  /** When a remote waiter said they are on their way. */
  onMyWayAt: number | null;
  /** How many times they asked for more time. */
  moreTimeCount: number;
  // The fields below are absent in state saved before they were kept: read them with `?? null` / `?? []`.
  /** Why they came, in their or the agent's words: staff and agents only, never public or in texts; purged with the phone. */
  reason?: string | null;
  /** Short notes from staff and agents, oldest first: never public or in texts; purged with the phone. */
  notes?: EntryNote[];
  /** How a phone or remote visit joined beyond its channel (a returned voicemail, a text keyword, the phone menu). */
  via?: JoinedVia | null;
  /** When the voicemail was left (via 'voicemail'): its return is measured from then. */
  voicemailLeftAt?: number | null;
  /** A phone caller's callback: the window they asked for and every attempt to reach them. */
  callback?: CallbackState | null;
  /** When a remote waiter or caller said they are in the building ("I'm here"). */
  arrivedAt?: number | null;
}

export interface EntryNote {
  at: number;
  /** Who wrote it: a staff id, the contact-center agent's name, or an integration's id. */
  by: string;
  text: string;
}

export interface CallbackAttempt {
  /** 1 for the first call of their turn, 2 after a recall or a no-answer put them back, … */
  attempt: number;
  /** When the hub asked the contact center to call (their turn came, or staff called again). */
  requestedAt: number;
  outcome: CallbackOutcome | null;
  outcomeAt: number | null;
}

export interface CallbackState {
  /** "Call me back after 14:30": not called before this time (null: as soon as their turn comes). */
  notBefore: number | null;
  /** …and, for a window, by this time. */
  notAfter: number | null;
  attempts: CallbackAttempt[];
}

export interface CounterState {
  status: CounterStatus;
  currentEntryId: string | null;
  /** Smooth weighted round-robin credit per priority class (weighted policy only). */
  credit: Record<string, number>;
}

export interface ServiceTimeStats {
  /** Exponentially weighted mean and variance of observed service times, in ms. */
  meanMs: number;
  varianceMs2: number;
  samples: number;
}

export interface LineDrain {
  lastCallAt: number;
  /** Whether anyone was still waiting after that call: only then does the next gap measure the line's pace. */
  backlog: boolean;
  interval: ServiceTimeStats | null;
}

export interface RecentCall {
  entryId: string;
  ticket: string;
  serviceId: string;
  counterId: string;
  calledAt: number;
  recalls: number;
}

export interface QueueState {
  /** Sequence number of the last event applied. */
  seq: number;
  /** Local date of the newest ticket; a new day restarts the numbering. */
  day: string | null;
  ticketCounters: Record<string, number>;
  entries: Record<string, Entry>;
  /** Waiting entry ids per service, in the order they will be called. */
  lines: Record<string, string[]>;
  counters: Record<string, CounterState>;
  requestIds: Record<string, string>;
  bookings: Record<string, string>;
  serviceStats: Record<string, ServiceTimeStats>;
  /** Time from being called to arriving at the counter, site-wide. */
  walkStats: ServiceTimeStats | null;
  /** How fast each line moves: time between calls while people were waiting. */
  drain: Record<string, LineDrain>;
  recentCalls: RecentCall[];
}
