import { because, type CommandPayload } from '../../contract/index.ts';
import { accept, findService, reject, type Decision, type DecideContext } from './common.ts';

/** An external scheduling system books a time window; the person checks in later with the reference. */
export function book(ctx: DecideContext, command: CommandPayload<'book'>): Decision {
  const service = findService(ctx, command.serviceId);
  if (!service.ok) return service;
  if (ctx.state.bookings[command.reference]) {
    return reject('conflict', `An appointment with reference ${command.reference} is already booked`, because('appointment.already_booked', { reference: command.reference }));
  }
  const entryId = ctx.newId();
  return accept(
    [
      {
        type: 'entry.booked',
        entryId,
        serviceId: service.value.id,
        reference: command.reference,
        start: Date.parse(command.windowStart),
        end: Date.parse(command.windowEnd),
        priority: command.priority ?? 0,
        language: command.language ?? 'en',
        phone: command.phone ?? null,
      },
    ],
    { entryId },
  );
}
