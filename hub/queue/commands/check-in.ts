import { because, type CommandPayload } from '../../contract/index.ts';
import { formatTicket, localDay, nextTicketNumber } from '../tickets.ts';
import { accept, findService, indexByArrival, reject, type Decision, type DecideContext } from './common.ts';

/**
 * A booked person arrives. On time (up to the tolerance after the window
 * starts) they take their place as if they had arrived at the booked time;
 * later than that they join as a walk-in would, at the end.
 */
export function checkIn(ctx: DecideContext, command: CommandPayload<'check-in'>): Decision {
  const entryId = ctx.state.bookings[command.reference];
  const entry = entryId ? ctx.state.entries[entryId] : undefined;
  if (!entry) return reject('not_found', `No appointment with reference ${command.reference}`, because('appointment.not_found', { reference: command.reference }));
  // Scanning the letter twice shows the place already taken.
  if (entry.status === 'waiting') return accept([], { entryId: entry.id });
  if (entry.status !== 'booked') {
    return reject('invalid_state', `The appointment ${command.reference} is already ${entry.status.replace('_', '-')}`, because('appointment.wrong_status', { reference: command.reference, status: entry.status }));
  }
  const appointment = entry.appointment!;
  const day = localDay(ctx.now, ctx.config.timezone);
  const bookedDay = localDay(appointment.start, ctx.config.timezone);
  if (bookedDay !== day) {
    return reject('invalid_state', `The appointment ${command.reference} is for ${bookedDay}, not today`, because('appointment.not_today', { reference: command.reference, day: bookedDay }));
  }
  const service = findService(ctx, entry.serviceId);
  if (!service.ok) return service;
  const toleranceMs = ctx.config.appointments.toleranceMinutes * 60_000;
  const queuedAt = ctx.now <= appointment.start + toleranceMs ? appointment.start : ctx.now;
  const ticketNumber = nextTicketNumber(ctx.state, entry.serviceId, day);
  return accept(
    [
      {
        type: 'entry.checked-in',
        entryId: entry.id,
        channel: command.channel,
        day,
        ticketNumber,
        ticket: formatTicket(service.value.prefix, ticketNumber),
        queuedAt,
        // Its event will be the newest, so it goes after anyone who arrived at the same instant.
        index: indexByArrival(ctx.state, entry.serviceId, { queuedAt, arrivalSeq: Number.POSITIVE_INFINITY }),
      },
    ],
    { entryId: entry.id },
  );
}
