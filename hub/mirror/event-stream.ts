/**
 * What the contact center receives for one committed event: the event itself
 * (without phone numbers) and, when a phone caller is called, a callback request;
 * and the voicemails still to return, for the retained state.
 */
import { upstreamTopics, type CallbackRequest, type OpenVoicemail, type UpstreamEvent } from '../contract/index.ts';
import { isOpenVoicemail, voicemailDue, type Entry, type QueueConfig, type QueueEvent, type QueueState } from '../queue/index.ts';

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

export function upstreamMessages(siteId: string, config: QueueConfig, event: QueueEvent, entryOf: (entryId: string) => Entry | undefined): UpstreamMessage[] {
  const topics = upstreamTopics(siteId);
  const messages: UpstreamMessage[] = [{ topic: topics.events, payload: toUpstreamEvent(siteId, event) }];
  if (event.data.type !== 'entry.called') return messages;
  const entry = entryOf(event.data.entryId);
  if (entry?.channel === 'phone' && entry.phone && entry.ticket) {
    const voicemail = voicemailDue(config, entry);
    messages.push({
      topic: topics.callbacks,
      payload: {
        site: siteId,
        seq: event.seq,
        entryId: entry.id,
        ticket: entry.ticket,
        serviceId: entry.serviceId,
        counterId: event.data.counterId,
        callbackNumber: entry.phone,
        language: entry.language,
        calledAt: new Date(event.at).toISOString(),
        ...(voicemail && { voicemail: { leftAt: new Date(voicemail.leftAt).toISOString(), returnBy: new Date(voicemail.returnBy).toISOString() } }),
      },
    });
  }
  return messages;
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
        leftAt: new Date(due.leftAt).toISOString(),
        returnBy: new Date(due.returnBy).toISOString(),
      };
    });
}
