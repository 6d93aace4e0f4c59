/**
 * The console's HTTP API as its web app and its tests see it: the routes and
 * what they answer. Shared by the service (contact-center/*.ts) and the agents'
 * web app (contact-center/web), so both change together.
 *
 * Every route but /healthz needs either a signed-in agent (the session cookie,
 * plus the CSRF header on changes, as at the desk) or the console's API key
 * (Authorization: Bearer …, for integrations and the load bench).
 * Errors: a 4xx/5xx status with `{ error: { code, message } }`.
 */
import type { CallbackRequest, CallerEntry, PublicCounterState, PublicServiceState, UpstreamReply, UpstreamState } from '../hub/contract/index.ts';
import type { StaffRole } from '../hub/contract/roles.ts';

export const CONSOLE_ROUTES = {
  /** POST {id, password} signs in; GET says who is signed in (401 when nobody); DELETE signs out. */
  session: '/api/session',
  /** GET: every site with its lines and link status (SiteLine[]). */
  sites: '/api/sites',
  /** GET: callbacks due across all sites, oldest first (DueCallback[]). */
  callbacks: '/api/callbacks',
  /** POST: the signed-in agent claims it (again: renews it), answered with the DueCallback and its claim; 409 `callback.claimed` when another agent has it, 404 `callback.not_due`. */
  claim: (site: string, seq: number) => `/api/callbacks/${encodeURIComponent(site)}/${seq}/claim`,
  /** POST: gives a claimed callback back to the pool: its holder, or a manager for anyone's. */
  release: (site: string, seq: number) => `/api/callbacks/${encodeURIComponent(site)}/${seq}/release`,
  /** POST {outcome}: records it at the hub (`callback-outcome`); only the agent holding the claim may (else 409 `callback.claimed` / `callback.not_claimed`). */
  outcome: (site: string, seq: number) => `/api/callbacks/${encodeURIComponent(site)}/${seq}/outcome`,
  /** GET ?phone=+1555… (&site=… for one site only): every site's visits of that number today (LookupResult[]). */
  lookup: '/api/lookup',
  /** POST EnrolRequest: a caller into a site's service, now or for a callback window. */
  enrol: (site: string) => `/api/sites/${encodeURIComponent(site)}/enrol`,
  /** POST: cancels a caller's visit. */
  cancel: (site: string, entryId: string) => `/api/sites/${encodeURIComponent(site)}/entries/${encodeURIComponent(entryId)}/cancel`,
  /** POST {phone}: the caller waits remotely; the status link is texted to them and in the answer. */
  remote: (site: string, entryId: string) => `/api/sites/${encodeURIComponent(site)}/entries/${encodeURIComponent(entryId)}/remote`,
  /** GET: Server-Sent Events, one `change` event ({kind, site}) whenever a screen should refresh. */
  live: '/api/live',
} as const;

/** The header the web app sends its CSRF token in on every change (POST, DELETE). */
export const CONSOLE_CSRF_HEADER = 'x-lobbyline-csrf';

export interface ConsoleSession {
  agent: { id: string; name: string; role: StaffRole };
  /** Send it back in CONSOLE_CSRF_HEADER on changes. */
  csrfToken: string;
}

export interface SiteLine {
  site: string;
  /** The last event applied from this site, and how many were: equal when each was applied once, none missing. */
  seq: number;
  applied: number;
  /** The site's name as its hub gives it, when known. */
  name: string | null;
  /** The site's time zone (IANA): times about the site are shown on its clock. Null until its hub has said (or from an older hub). */
  timeZone: string | null;
  /** The languages the site speaks to people, its default first; empty until its hub has said (or from an older hub). */
  languages: string[];
  /** Whether the site's hub is linked: its mirror said it is online, and its events arrive. */
  link: 'online' | 'silent' | 'unknown';
  /** When a silent hub went silent (its mirror's Last Will, or its last event). */
  silentSince: string | null;
  lastEventAt: string | null;
  services: PublicServiceState[];
  counters: PublicCounterState[];
  callbacks: UpstreamState['callbacks'];
  voicemails: UpstreamState['voicemails'];
  stateAt: string | null;
}

export interface Claim {
  agentId: string;
  agentName: string;
  at: string;
  /** When it lapses unless claimed again or released first: a closed browser does not hold a caller for long. */
  until: string;
}

export interface DueCallback extends CallbackRequest {
  /** Who is calling them now, if anyone: two agents never dial the same person. */
  claim: Claim | null;
}

export type CallbackOutcome = 'reached' | 'completed' | 'no-answer';

export interface EnrolRequest {
  serviceId: string;
  phone: string;
  language?: string;
  reason?: string;
  note?: string;
  /** "Call me back after 14:30" or within a window (ISO times); left out: as soon as their turn comes. */
  callback?: { notBefore?: string; notAfter?: string };
}

/** One site's answer to a look-up: its visits of that number today, or why it could not answer. */
export type LookupResult = { site: string; entries: CallerEntry[] } | { site: string; error: { code: string; message: string } };

/** What a change answers: the hub's own reply, unchanged. */
export type HubReply = UpstreamReply;

/** One Server-Sent Event of /api/live. */
export interface LiveChange {
  kind: 'sites' | 'callbacks';
  site: string;
}
