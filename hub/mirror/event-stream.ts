/**
 * What the contact center receives for one committed event: the event itself
 * (without phone numbers) and, when a phone caller is called or called again,
 * a callback request for that attempt; and the retained summary of the lines,
 * with the voicemails still to return.
 */
import { upstreamTopics, type CallbackRequest, type OpenVoicemail, type UpstreamEvent, type UpstreamState } from '../contract/index.ts';
import {
  answerBy,
  callbackPolicy,
  callbackWindowOf,
  expectedCallbacks,
  isOpenVoicemail,
  publicCounterState,
  publicServiceState,
  voicemailDue,
  type Entry,
  type QueueConfig,
  type QueueEvent,
  type QueueState,
} from '../queue/index.ts';
import { visitContext } from '../queue/views.ts';

export interface UpstreamMessage {
  topic: string;
  payload: UpstreamEvent | CallbackRequest;
}

export function toUpstreamEvent(siteId: string, event: QueueEvent): UpstreamEvent {
  const { phone, ...data } = event.data as QueueEvent['data'] & { phone?: string | null };
  return {
    site: siteId,
    seq: event.seq,
    at: new Date(event.at).toISOString(),
    type: event.data.type,
    actor: event.actor,
    data: phone === undefined ? data : { ...data, hasPhone: phone !== null },
  };
}

export function upstreamMessages(
  siteId: string,
  config: QueueConfig,
  event: QueueEvent,
  entryOf: (entryId: string) => Entry | undefined,
): UpstreamMessage[] {
  const topics = upstreamTopics(siteId);
  const messages: UpstreamMessage[] = [{ topic: topics.events, payload: toUpstreamEvent(siteId, event) }];
  const request = callbackRequest(siteId, config, event, entryOf);
  if (request) messages.push({ topic: topics.callbacks, payload: request });
  return messages;
}

/** A call or recall of a phone caller asks the contact center to call them: one request per attempt. */
function callbackRequest(siteId: string, config: QueueConfig, event: QueueEvent, entryOf: (entryId: string) => Entry | undefined): CallbackRequest | null {
  const { data } = event;
  if (data.type !== 'entry.called' && data.type !== 'entry.recalled') return null;
  const entry = entryOf(data.entryId);
  if (entry?.channel !== 'phone' || !entry.phone || !entry.ticket) return null;
  // The attempt this event opened (its applier stamped it with the event's time): the entry may have moved on since.
  const attempt = entry.callback?.attempts.find((a) => a.requestedAt === event.at) ?? null;
  const counterId = data.type === 'entry.called' ? data.counterId : entry.counterId;
  if (!counterId || (!attempt && data.type === 'entry.recalled')) return null;
  const voicemail = voicemailDue(config, entry);
  return {
    site: siteId,
    seq: event.seq,
    entryId: entry.id,
    ticket: entry.ticket,
    serviceId: entry.serviceId,
    counterId,
    callbackNumber: entry.phone,
    language: entry.language,
    calledAt: iso(event.at),
    attempt: attempt?.attempt ?? 1,
    answerBy: iso(answerBy(attempt ?? { requestedAt: event.at }, callbackPolicy(config))),
    window: callbackWindowOf(entry),
    reference: entry.reference,
    ...visitContext(entry),
    ...(voicemail && { voicemail: { leftAt: iso(voicemail.leftAt), returnBy: iso(voicemail.returnBy) } }),
  };
}

/** Who the site is, as its state summary names it: its id, its name and the languages it speaks to people. */
export interface SiteIdentity {
  siteId: string;
  name: string;
  languages: string[];
}

/** The retained summary of a site's lines at `now`: what the mirror publishes on cc/state. */
export function upstreamState(site: SiteIdentity, state: QueueState, config: QueueConfig, now: number): UpstreamState {
  return {
    site: site.siteId,
    name: site.name,
    timeZone: config.timezone,
    languages: site.languages,
    seq: state.seq,
    services: config.services.map((s) => publicServiceState(state, config, s.id, now)),
    counters: config.counters.map((c) => publicCounterState(state, config, c.id, now)),
    callbacks: expectedCallbacks(state, config, now),
    voicemails: openVoicemails(state, config),
    updatedAt: new Date(now).toISOString(),
  };
}

/** Voicemails nobody has reached yet, oldest first: they stay in the contact center's view until then. */
export function openVoicemails(state: QueueState, config: QueueConfig): OpenVoicemail[] {
  return Object.values(state.entries)
    .filter(isOpenVoicemail)
    .sort((a, b) => a.voicemailLeftAt! - b.voicemailLeftAt!)
    .map((entry) => {
      const due = voicemailDue(config, entry)!;
      return {
        entryId: entry.id,
        ticket: entry.ticket!,
        serviceId: entry.serviceId,
        status: entry.status as OpenVoicemail['status'],
        leftAt: iso(due.leftAt),
        returnBy: iso(due.returnBy),
      };
    });
}

const iso = (at: number) => new Date(at).toISOString();
