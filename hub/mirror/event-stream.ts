/**
 * What the contact center receives for one committed event: the event itself
 * (without phone numbers) and, when a phone caller is called, a callback request.
 */
import { upstreamTopics, type CallbackRequest, type UpstreamEvent } from '../contract/index.ts';
import type { Entry, QueueEvent } from '../queue/index.ts';
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

export function upstreamMessages(siteId: string, event: QueueEvent, entryOf: (entryId: string) => Entry | undefined): UpstreamMessage[] {
  const topics = upstreamTopics(siteId);
  const messages: UpstreamMessage[] = [{ topic: topics.events, payload: toUpstreamEvent(siteId, event) }];
  if (event.data.type !== 'entry.called') return messages;
  const entry = entryOf(event.data.entryId);
  if (entry?.channel === 'phone' && entry.phone && entry.ticket) {
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
        reference: entry.reference,
        ...visitContext(entry),
      },
    });
  }
  return messages;
}
