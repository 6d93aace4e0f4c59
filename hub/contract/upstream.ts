/**
 * The contract with the contact center, on the upstream broker the mirror
 * connects to. Every hub publishes under its own site id, so one clustered
 * broker can carry hundreds of sites: subscribe `lobbyline/v1/+/cc/events`.
 *
 * lobbyline/v1/{site}/cc/events           every committed event, QoS 1, in sequence order
 * lobbyline/v1/{site}/cc/callbacks        a phone caller's turn came: call them back (QoS 1)
 * lobbyline/v1/{site}/cc/state            retained summary of the lines
 * lobbyline/v1/{site}/cc/status           retained mirror status; its Last Will says offline
 * lobbyline/v1/{site}/cc/commands/{type}  requests from the contact center
 * lobbyline/v1/{site}/cc/replies          answers to them, matched by requestId
 * lobbyline/v1/{site}/cc/replay           ask for events again from a sequence number
 * lobbyline/v1/{site}/cc/replayed         the events asked for, flagged as a replay
 */
import { z } from 'zod';
import { idField, languageField, phoneField } from './fields.ts';
import { commandSchemas } from './commands.ts';
import { TOPIC_ROOT } from './topics.ts';
import type { LobbylineError } from './errors.ts';
import type { EntryView, PublicCounterState, PublicServiceState, VisitContext, VisitNote } from './views.ts';

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

/** One committed event as the contact center sees it. Phone numbers are left out of the stream. */
export interface UpstreamEvent {
  site: string;
  seq: number;
  at: string;
  type: string;
  actor: { kind: string; id: string; device?: string };
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
  calledAt: string;
  /** The contact-center system's own id for this call, as given at enrolment. */
  reference: string | null;
  /** Why they called, and the notes staff and agents wrote: so nobody asks twice. */
  reason: string | null;
  notes: VisitNote[];
}

export interface UpstreamState {
  site: string;
  seq: number;
  services: PublicServiceState[];
  counters: PublicCounterState[];
  updatedAt: string;
}

export interface MirrorStatus {
  site: string;
  online: boolean;
  at: string;
}

const id = idField;
const phone = phoneField;
const language = languageField;

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
    /** Why they called ("lab results"): staff and agents see it, nobody else. */
    reason: commandSchemas.enroll.shape.reason,
    /** The agent's first note ("hard of hearing, speak slowly"). */
    note: commandSchemas.enroll.shape.note,
  }),
  cancel: z.strictObject({ requestId: id, entryId: id }),
  'callback-outcome': z.strictObject({ requestId: id, entryId: id, outcome: z.enum(['reached', 'completed', 'no-answer']) }),
  lookup: z.strictObject({ requestId: id, phone }),
  /** The caller now waits by phone (the default) or remotely, with a status link texted to `phone` and in the reply. */
  'change-channel': z.strictObject({ requestId: id, entryId: id, phone, channel: z.enum(['phone', 'remote']).optional() }),
} as const;

export type UpstreamCommandType = keyof typeof upstreamCommandSchemas;

export const replayRequestSchema = z.strictObject({ fromSeq: z.int().min(1), toSeq: z.int().min(1).optional() });

/** A caller's entry as the contact center sees it: the private view, why they came and the notes, plus the number to call back. */
export interface CallerEntry extends EntryView, VisitContext {
  callbackNumber: string | null;
  /** After a change to remote waiting: the person's status link (also texted to them). */
  statusUrl?: string;
}

export type UpstreamReply =
  | { requestId: string; ok: true; result: CallerEntry | CallerEntry[] }
  | { requestId: string; ok: false; error: LobbylineError };
