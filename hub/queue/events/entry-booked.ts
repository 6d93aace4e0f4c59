import { newEntry } from '../state.ts';
import type { EventApplier } from './common.ts';

/** An appointment was booked: the entry waits, without a ticket, until its person checks in. */
export const entryBooked: EventApplier<'entry.booked'> = (state, data, event) => {
  state.entries[data.entryId] = newEntry(event, {
    id: data.entryId,
    ticket: null,
    day: null,
    serviceId: data.serviceId,
    channel: 'desk',
    channelHistory: [],
    status: 'booked',
    priority: data.priority,
    language: data.language,
    phone: data.phone,
    requestId: null,
    reference: data.reference,
    appointment: { start: data.start, end: data.end },
    queuedAt: data.start,
  });
  state.bookings[data.reference] = data.entryId;
};
