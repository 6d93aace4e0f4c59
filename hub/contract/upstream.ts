/**
 * The contract with the contact center, on the upstream broker the mirror
 * connects to. Every hub publishes under its own site id, so one clustered
 * broker can carry hundreds of sites: subscribe `lobbyline/v1/+/cc/events`.
 *
 * lobbyline/v1/{site}/cc/events           every committed event, QoS 1, in sequence order
 * lobbyline/v1/{site}/cc/callbacks        a phone caller's turn came, or staff called again: call them back (QoS 1)
 * lobbyline/v1/{site}/cc/state            retained summary of the lines
 * lobbyline/v1/{site}/cc/status           retained mirror status; its Last Will says offline
 * lobbyline/v1/{site}/cc/commands/{type}  requests from the contact center
 * lobbyline/v1/{site}/cc/replies          answers to them, matched by requestId
 * lobbyline/v1/{site}/cc/replay           ask for events again from a sequence number
 * lobbyline/v1/{site}/cc/replayed         the events asked for, flagged as a replay
 */
import * as z from 'zod';
import { commandSchemas } from './commands.ts';
import { idField, languageField, phoneField } from './fields.ts';
import { TOPIC_ROOT } from './topics.ts';
import type { LobbylineError } from './errors.ts';
import type { EntryView, PublicCounterState, PublicServiceState, VisitContext, VisitNote, VoicemailView, WaitEstimate } from './views.ts';

export function upstreamTopics(siteId: string) {
  const base = `${TOPIC_ROOT}/${siteId}/cc`;
  return {
    events: `${base}/events`,
    callbacks: `${base}/callbacks`,
    state: `${base}/state`,
    status: `${base}/status`,
    command: (type: string) => `${base}/commands/${type}`,
    commandAll: `${base}/commands/+`,
    commandPrefix: `${base}/commands/`,
    replies: `${base}/replies`,
    replay: `${base}/replay`,
    replayed: `${base}/replayed`,
  };
}

const DEFAULT_PORTS = { mqtt: 1883, mqtts: 8883, ws: 80, wss: 443 } as const;

/**
 * The nodes of an upstream broker cluster as mqtt.js's `servers` option, which
 * it tries in turn, one per reconnect: the hub's mirror and the console both fail over this way.
 */
export function brokerServers(urls: string[]): { host: string; port: number; protocol: keyof typeof DEFAULT_PORTS }[] {
  return urls.map((url) => {
    const parsed = new URL(url);
    const protocol = parsed.protocol.slice(0, -1) as keyof typeof DEFAULT_PORTS;
    return { host: parsed.hostname, port: parsed.port ? Number(parsed.port) : DEFAULT_PORTS[protocol], protocol };
  });
}

export interface UpstreamSession {
  clientId: string;
  /** The broker's URL first, then the other nodes of its cluster. */
  urls: string[];
  username?: string;
  password?: string;
  reconnectPeriodMs?: number;
}

/**
 * mqtt.js options for a persistent MQTT 3.1.1 session on the upstream broker:
 * the broker keeps subscriptions and in-flight QoS 1 messages across outages,
 * and a lost connection moves on to the next node. The hub's mirror and the
 * console connect alike.
 */
export function upstreamSessionOptions(session: UpstreamSession) {
  return {
    clientId: session.clientId,
    clean: false,
    protocolVersion: 4 as const,
    reconnectPeriod: session.reconnectPeriodMs ?? 1_000,
    connectTimeout: 10_000,
    ...(session.username && { username: session.username }),
    ...(session.password && { password: session.password }),
    ...(session.urls.length > 1 && { servers: brokerServers(session.urls) }),
  };
}

/** One committed event as the contact center sees it. Phone numbers are left out of the stream. */
export interface UpstreamEvent {
  site: string;
  seq: number;
  at: string;
  type: string;
  actor: { kind: string; id: string; device?: string; name?: string };
  data: Record<string, unknown>;
  replay?: true;
}

export interface CallbackRequest {
  site: string;
  /** The sequence number of the call event that caused it: unique per site. */
  seq: number;
  entryId: string;
  ticket: string;
  serviceId: string;
  counterId: string;
  callbackNumber: string;
  language: string;
  /** When this attempt was asked for: their turn came, or staff called again. */
  calledAt: string;
  /** 1 for the first call of their turn; 2, 3 … after a recall or a no-answer put them back. */
  attempt: number;
  /** Report an outcome (callback-outcome) by then, or the hub records 'timed-out' and applies the site's no-answer policy. */
  answerBy: string;
  /** The time the caller asked to be called in, when they chose one; null: as soon as their turn comes. */
  window: CallbackWindow | null;
  /** For a voicemail: when it was left and when it is due to be returned. */
  voicemail?: VoicemailView;
  /** The contact-center system's own id for this call, as given at enrolment. */
  reference: string | null;
  /** Why they called, and the notes staff and agents wrote: so nobody asks twice. */
  reason: string | null;
  notes: VisitNote[];
}

export interface CallbackWindow {
  notBefore: string | null;
  notAfter: string | null;
}

export interface UpstreamState {
  site: string;
  /** The site's name, as its site file gives it. */
  name: string;
  /** The site file's `timezone` (IANA): times about the site are read on its wall clock, wherever the reader is. */
  timeZone: string;
  /** The languages the site speaks to people (the site file's `languages`), its default first. */
  languages: string[];
  seq: number;
  services: PublicServiceState[];
  counters: PublicCounterState[];
  /** Every waiting phone caller's expected callback time (no numbers: look a caller up for that). */
  callbacks: ExpectedCallback[];
  /** Voicemails nobody has reached yet, oldest first (no phone numbers here: look them up by entry). */
  voicemails: OpenVoicemail[];
  updatedAt: string;
}

export interface OpenVoicemail extends VoicemailView {
  entryId: string;
  ticket: string;
  serviceId: string;
  status: 'waiting' | 'called';
}

export interface ExpectedCallback {
  entryId: string;
  ticket: string;
  serviceId: string;
  position: number;
  /** When the call is expected: the estimate for their place, never before their window opens; null while no open counter serves the line. */
  expectedAt: string | null;
  estimate: WaitEstimate | null;
  window: CallbackWindow | null;
}

export interface MirrorStatus {
  site: string;
  online: boolean;
  at: string;
}

const id = idField;
const phone = phoneField;
const language = languageField;
/** The contact-center agent acting, by display name: recorded as the events' actor name and a note's author. */
const agent = z.string().trim().min(1).max(80).optional();

/** Requests from the contact center. Each carries a requestId: repeating one returns the first answer. */
export const upstreamCommandSchemas = {
  enroll: z.strictObject({
    requestId: id,
    serviceId: id,
    phone,
    language: language.optional(),
    priority: z.int().min(0).max(9).optional(),
    /** The contact-center system's own id for this call. */
    reference: id.optional(),
    /** "Call me back after 14:30" or within a window (ISO times); omitted: as soon as their turn comes. */
    callback: commandSchemas.enroll.shape.callback,
    /** Why they called ("lab results"): staff and agents see it, nobody else. */
    reason: commandSchemas.enroll.shape.reason,
    /** The agent's first note ("hard of hearing, speak slowly"). */
    note: commandSchemas.enroll.shape.note,
    agent,
  }),
  cancel: z.strictObject({ requestId: id, entryId: id, agent }),
  'callback-outcome': z.strictObject({ requestId: id, entryId: id, outcome: z.enum(['reached', 'completed', 'no-answer']), agent }),
  lookup: z.strictObject({ requestId: id, phone }),
  /** The caller now waits by phone (the default) or remotely, with a status link texted to `phone` and in the reply. */
  'change-channel': z.strictObject({ requestId: id, entryId: id, phone, channel: z.enum(['phone', 'remote']).optional(), agent }),
  /** The IVR took a voicemail: the caller waits for a callback in the service's line from when it was left. */
  voicemail: z.strictObject({
    requestId: id,
    phone,
    serviceId: id,
    language: language.optional(),
    leftAt: z.iso.datetime({ offset: true }),
    reason: commandSchemas.enroll.shape.reason,
  }),
} as const;

export type UpstreamCommandType = keyof typeof upstreamCommandSchemas;

export const replayRequestSchema = z.strictObject({ fromSeq: z.int().min(1), toSeq: z.int().min(1).optional() });

/** A caller's entry as the contact center sees it: the private view, why they came and the notes, plus the number to call back. */
export interface CallerEntry extends EntryView, VisitContext {
  callbackNumber: string | null;
  /** After a change to remote waiting: the person's status link (also texted to them). */
  statusUrl?: string;
}

/** The same on cc/replies and from POST /api/v1/contact-center/{type}. */
export type UpstreamReply =
  | { requestId: string; ok: true; result: CallerEntry | CallerEntry[] }
  | { requestId: string | null; ok: false; error: LobbylineError };

/** The requestId a reply echoes: the request's own when it had a string one, else null (nothing readable to match it by). */
export function requestIdOf(request: unknown): string | null {
  const requestId = typeof request === 'object' && request !== null ? (request as { requestId?: unknown }).requestId : undefined;
  return typeof requestId === 'string' ? requestId : null;
}
