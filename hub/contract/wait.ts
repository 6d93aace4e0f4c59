/**
 * The remote-wait page and the hub: what a person waiting away from the lobby
 * sees of their own visit, and the messages on its live channel. A waiter view
 * carries nothing but that one person's ticket, place and counter.
 */
import type { EntryStatus } from './commands.ts';
import type { LobbylineError } from './errors.ts';
import { nameIn } from './names.ts';
import type { NoCounterOpen, WaitEstimate } from './views.ts';

export interface WaitSiteService {
  serviceId: string;
  name: Record<string, string>;
  waiting: number;
  /** What someone joining now would wait; null while no open counter serves the service. */
  estimate: WaitEstimate | null;
  noCounterOpen: NoCounterOpen | null;
  /** False when the service takes no more remote joins right now. */
  joinable: boolean;
}

export interface WaitSite {
  siteName: string;
  languages: string[];
  /** Whether the site sends texts at all: without, the join page offers none. */
  sendsTexts: boolean;
  services: WaitSiteService[];
}

export interface JoinRequest {
  serviceId: string;
  language: string;
  /** As the person typed it; the hub turns it into E.164 or says what is wrong with it. */
  phone?: string;
  /** Chosen by the page so that a double tap or a retry joins once. */
  requestId: string;
  /** The person chose to be texted; required with a phone (a number without it is refused, never dropped). */
  textConsent?: boolean;
}

/**
 * A new place in line, with its status link's token; or, for a number already in line, only that:
 * that visit now waits remotely and its status link went to that number by text, never to this page.
 */
export type JoinReply =
  | {
      ticket: string;
      /** The capability token of the status link: /wait/#<token>. */
      token: string;
    }
  | { alreadyInLine: true };

/**
 * 'arrived': "I'm here" from the status page; 'arrived-at-kiosk': the kiosk that scanned the link says it for them.
 * 'call-me-back': the person leaves the lobby or the page and asks to be phoned when it is their turn, at the number they give.
 */
export type WaitAction = 'on-my-way' | 'more-time' | 'leave' | 'arrived' | 'arrived-at-kiosk' | 'call-me-back';

export interface WaiterView {
  siteName: string;
  ticket: string | null;
  serviceName: Record<string, string>;
  status: EntryStatus;
  language: string;
  /** 1-based place while waiting. */
  position: number | null;
  estimate: WaitEstimate | null;
  /** Set while waiting for a service no open counter serves (estimate is then null). */
  noCounterOpen: NoCounterOpen | null;
  /** Where to go, once called: the counter's name, and its name in other languages. */
  counterName: string | null;
  counterNames?: Record<string, string>;
  /** When they joined the line, and when they were called; shown in `timeZone`, the site's, never the phone's. */
  joinedAt: string;
  calledAt: string | null;
  timeZone: string;
  onMyWay: boolean;
  /**
   * "I'm here": 'ask' while a remote waiter or caller may say it, 'said' once they did,
   * null for someone who joined in the building (or whose visit is over).
   */
  here: 'ask' | 'said' | null;
  /**
   * How many places "I need more time" would move back now (0: nobody is behind,
   * so it cannot), and how many more times it may be asked.
   */
  moreTime: { places: number; left: number };
  /** The number texts go to, masked ("+1•••••0123"); null: no texts are coming (no number kept, or the site sends none). */
  textsTo: string | null;
  /** After being called, how long staff wait before they may mark a no-show. */
  graceMinutes: number;
  /** They asked to be called back: staff phone them when it is their turn (the number is in textsTo's masked form, if at all). */
  callingBack: boolean;
}

/** Page → hub. The token goes in the first message, never in the URL, so it stays out of logs. */
export type WaitClientMessage = { type: 'hello'; token: string } | { type: 'action'; id: string; action: WaitAction; phone?: string };

/** Hub → page. */
export type WaitServerMessage =
  | { type: 'entry'; entry: WaiterView }
  | { type: 'reply'; id: string; ok: boolean; message?: string; error?: LobbylineError }
  /** The link is unknown or has expired; the connection closes after it. */
  | { type: 'unknown-link'; message: string };

/** The counter the person is called to, in their language when the site names it there; '' before a call. */
export function counterNameIn(entry: Pick<WaiterView, 'counterName' | 'counterNames'>, language: string): string {
  return entry.counterName === null ? '' : nameIn({ name: entry.counterName, ...(entry.counterNames && { names: entry.counterNames }) }, language);
}

/** The join page's HTTP API and the status page's WebSocket, on the hub's HTTP port. */
export const WAIT_API_PATH = '/wait/api';
export const WAIT_LIVE_PATH = `${WAIT_API_PATH}/live`;

/** Where a status page lives for a token: the token is in the fragment, which browsers never send to a server. */
export function statusPath(token: string): string {
  return `/wait/#${token}`;
}
