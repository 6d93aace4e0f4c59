/**
 * What the hub and the desk app say to each other over /desk/api: one module
 * imported by both sides (types only on the browser side, plus a few names).
 * Entries are the private EntryView: ticket, channel, place, priority,
 * language, whether a phone is on file. Never a phone number, never a name.
 */
import type { CounterStatus, EntryView, LobbylineError, NoCounterOpen, PrinterState, VisitContext, WaitEstimate } from './index.ts';
import type { CallbackOutcome, QueueEventType } from './events.ts';
import type { StaffRole } from './roles.ts';

export type { EntryView, StaffRole };

/** A person as the desk knows them once signed in. */
export interface StaffMember {
  id: string;
  name: string;
  role: StaffRole;
}

/** An account as a manager sees it in the list: never the hash. */
export interface StaffAccountView extends StaffMember {
  /** `site`: from the site file (edited there); `added`: added at the desk. */
  source: 'site' | 'added';
  createdAt: string | null;
  createdBy: string | null;
  /** A disabled account cannot sign in. */
  disabled: boolean;
  /** Has a temporary password from a manager, to be replaced at the next sign-in. */
  mustChangePassword: boolean;
  /** Until when sign-in is locked after wrong passwords; null when it is not. */
  lockedUntil: string | null;
}

/** What a manager (or, for `password-changed`, the person) changed about an account: the activity list shows each. */
export const ACCOUNT_CHANGES = ['added', 'unlocked', 'password-reset', 'password-changed', 'disabled', 'enabled'] as const;
export type AccountChangeKind = (typeof ACCOUNT_CHANGES)[number];

/** A manager's reset: the temporary password, shown to the manager once and never stored in clear. */
export interface PasswordReset {
  staffId: string;
  temporaryPassword: string;
}

export const DESK_API_PREFIX = '/desk/api';
/** Every state-changing request carries the session's CSRF token in this header. */
export const CSRF_HEADER = 'x-csrf-token';
/** Marks a GET the desk made by itself (a refresh), which does not count as activity for the idle limit. */
export const BACKGROUND_HEADER = 'x-desk-background';
/** The session cookie: HttpOnly, SameSite=Strict, sent only to /desk. */
export const SESSION_COOKIE = 'lobbyline_desk';

/** The live stream's event names (Server-Sent Events on GET /desk/api/live). */
export const LIVE_EVENTS = { board: 'board', alerts: 'alerts', ended: 'ended' } as const;

/** Why a session is no longer there: what the live stream's `ended` event says. */
export type SessionEnd = 'signed-out' | 'idle' | 'expired' | 'unknown' | 'disabled' | 'password-changed';

export interface SessionInfo {
  staff: StaffMember;
  /** Sent back in the CSRF_HEADER of every change. */
  csrfToken: string;
  /** Signed in with a temporary password: nothing but choosing a new one (POST /session/password) is open until then. */
  mustChangePassword: boolean;
  /** What the hub asks of a new password. */
  minPasswordLength: number;
}

/** The site's join page on its public address; `reachable` false when phones would be given a loopback address (hub/wait/public-address.ts). */
export interface PhonesJoinAt {
  url: string;
  reachable: boolean;
}

export interface DeskSite {
  siteId: string;
  /** Where phones join: the address behind the entrance poster's QR code. */
  phonesJoinAt: PhonesJoinAt;
  name: string;
  languages: string[];
  /** The site's time zone (IANA): the desk shows every time in it, whatever zone the desk's computer is set to. */
  timeZone: string;
  services: { serviceId: string; name: Record<string, string>; prefix: string }[];
  counters: { counterId: string; name: string; names?: Record<string, string>; serviceIds: string[] }[];
  /** Where a ticket can be printed again. */
  /** `scannerSetup`: the site file names the kiosk's scanner and its maker's setup bar codes are known, so the desk can print them. */
  kiosks: { deviceId: string; name: string; scannerSetup: boolean }[];
  /** How long after a no-show, done or cancel staff can still undo it. */
  undoMinutes: number;
}

/** An entry on the desk: the private view, plus what the desk counts waiting time from. */
/** Signed-in staff only: the reason for the visit and the notes travel with each entry (VisitContext). */
export interface DeskEntry extends EntryView, VisitContext {
  /** When this person started waiting: their ticket, or for an appointment their slot (or late check-in). */
  waitingSince: string;
  /** The booked slot's start, for appointments. */
  appointmentAt: string | null;
  /** For a called remote waiter: until when they are given to arrive before a no-show is fair. */
  graceEndsAt: string | null;
}

/** GET /desk/api/lookup?q=: a person's visits of the day, still going first, then the ended ones (latest first). */
export interface DeskLookup {
  visits: DeskEntry[];
}

export interface DeskServiceLine {
  serviceId: string;
  /** Waiting entries in line order (1 = front). */
  waiting: DeskEntry[];
  openCounters: number;
  /** What someone joining now would wait. */
  estimate: WaitEstimate | null;
  noCounterOpen: NoCounterOpen | null;
}

export interface DeskCounter {
  counterId: string;
  name: string;
  /** The name in other languages, when the site gives them ("Ventanilla 1"). */
  names?: Record<string, string>;
  status: CounterStatus;
  serviceIds: string[];
  /** Whoever is called to, or being served at, this counter. */
  current: DeskEntry | null;
}

/** The whole floor: pushed on every change, at most a few times a second. */
export interface DeskBoard {
  seq: number;
  /** The hub's clock when this was made: waiting times are counted from it. */
  at: string;
  services: DeskServiceLine[];
  counters: DeskCounter[];
}

export interface DeviceRef {
  deviceId: string;
  name: string | null;
  role: string;
}

/** Something staff should do something about, and since when. */
export type DeskProblem =
  | { kind: 'device-offline'; device: DeviceRef; since: string }
  | { kind: 'printer'; device: DeviceRef; state: PrinterState; message: string | null; since: string }
  | { kind: 'sound'; device: DeviceRef; state: 'blocked' | 'unavailable'; since: string }
  | { kind: 'mirror-offline'; since: string; backlog: number; lastError: string | null }
  /** A webhook receiver has been refusing or missing one event for a while; `backlog` events wait behind it. */
  | { kind: 'webhook-failing'; since: string; webhookId: string; backlog: number; attempts: number; lastError: string | null; nextRetryAt: string | null }
  | { kind: 'sms-offline'; since: string; detail: string | null }
  | { kind: 'sms-failing'; since: string; failedLastHour: number; detail: string | null };

export interface DeskDevice extends DeviceRef {
  /** null: not heard from since the hub started. */
  online: boolean | null;
  /** When its latest status was sent (or when it went away). */
  at: string | null;
  printer: PrinterState | null;
  sound: string | null;
  /** A desk in use in the browser: how many staff have it open now (then `online` is true); null otherwise. */
  inBrowser: number | null;
}

/** The SMS notifier's gateway and outbox; null when the site sends no texts. */
export interface SmsGatewayHealth {
  connected: boolean;
  since: string;
  detail: string | null;
  /** Texts that failed for good in the last hour. */
  failedLastHour: number;
}

export interface DeskAlerts {
  at: string;
  problems: DeskProblem[];
  devices: DeskDevice[];
  /** null when the site has no contact-center mirror. */
  mirror: { connected: boolean; since: string; backlog: number; lastError: string | null } | null;
  sms: SmsGatewayHealth | null;
}

/** One line of the audit trail as the desk shows it. Phone numbers are left out. */
export interface ActivityItem {
  /** The line event's seq; for an account change, that of the line's last event before it. */
  seq: number;
  at: string;
  type: QueueEventType | `staff.${AccountChangeKind}`;
  actor: { kind: string; id: string; name: string | null; device: string | null };
  ticket: string | null;
  serviceId: string | null;
  counterId: string | null;
  toServiceId?: string;
  keepPlace?: boolean;
  /** For moves and requeues: the new place (1 = front). */
  position?: number;
  counterStatus?: CounterStatus;
  channel?: string;
  reason?: string;
  /** For account changes: whose account. */
  account?: { staffId: string; name: string | null };
  /** The entry the event is about, for an undo from the trail. */
  entryId?: string;
  /** For a no-show, done or cancel that can still be undone: until when (it is still the entry's latest ending). */
  undoableUntil?: string;
  /** For an undo: what was undone ('done', 'no_show', 'cancelled'); `position` or `counterId` say where the person went back. */
  undid?: string;
  /** For a callback result: which attempt, and what came of it ('timed-out': nobody reported in time, the hub applied the no-answer rule). */
  callback?: { attempt: number; outcome: CallbackOutcome };
}

export interface ActivityPage {
  items: ActivityItem[];
  /** Pass as `before` for older items; null when there are none. */
  before: number | null;
}

export interface StaffAccountList {
  accounts: StaffAccountView[];
  /** What the hub asks of a new account's password. */
  minPasswordLength: number;
}

export interface DeskErrorBody {
  error: LobbylineError;
}
