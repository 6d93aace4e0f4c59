import { newEntry } from '../state.ts';
import { placeInLine, startDay, type EventApplier } from './common.ts';

/** Someone joined a line and was given a ticket. */
export const entryEnrolled: EventApplier<'entry.enrolled'> = (state, data, event) => {
  startDay(state, data.day);
  state.ticketCounters[data.serviceId] = data.ticketNumber;
  const entry = newEntry(event, {
    id: data.entryId,
    ticket: data.ticket,
    day: data.day,
    serviceId: data.serviceId,
    channel: data.channel,
    channelHistory: [data.channel],
    status: 'waiting',
    priority: data.priority,
    language: data.language,
    phone: data.phone,
    requestId: data.requestId,
    reference: data.reference ?? null,
    queuedAt: event.at,
  });
  if (data.reason) entry.reason = data.reason;
  if (data.note) entry.notes = [{ at: event.at, by: event.actor.name ?? event.actor.id, text: data.note }];
  if (data.via) entry.via = data.via;
  // A returned voicemail waits in line from when it was left.
  if (data.voicemailLeftAt != null) entry.voicemailLeftAt = entry.queuedAt = data.voicemailLeftAt;
  if (data.callbackWindow) entry.callback = { ...data.callbackWindow, attempts: [] };
  state.entries[entry.id] = entry;
  if (data.requestId) state.requestIds[data.requestId] = entry.id;
  placeInLine(state, data.serviceId, data.index, entry.id);
};
