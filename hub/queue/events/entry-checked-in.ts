import { entryOf, placeInLine, startDay, useChannel, type EventApplier } from './common.ts';

/** A booked person arrived: they get a ticket and their place in line. */
export const entryCheckedIn: EventApplier<'entry.checked-in'> = (state, data, event) => {
  startDay(state, data.day);
  const entry = entryOf(state, data.entryId);
  state.ticketCounters[entry.serviceId] = data.ticketNumber;
  Object.assign(entry, { status: 'waiting', ticket: data.ticket, day: data.day, queuedAt: data.queuedAt, arrivalSeq: event.seq });
  useChannel(entry, data.channel);
  placeInLine(state, entry.serviceId, data.index, entry.id);
};
