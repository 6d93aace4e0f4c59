import { because, type CommandPayload } from '../../contract/index.ts';
import { accept, findEntry, findService, indexByArrival, lineOf, reject, requireStatus, serviceNamed, type Decision, type DecideContext } from './common.ts';

/**
 * Sends a person to another service's line, keeping their ticket. keepPlace
 * puts them where their original arrival time belongs; otherwise they join at the end.
 */
export function transfer(ctx: DecideContext, command: CommandPayload<'transfer'>): Decision {
  const entry = findEntry(ctx, command.entryId);
  if (!entry.ok) return entry;
  const wrongStatus = requireStatus(ctx, entry.value, ['waiting', 'called', 'serving'], 'transfer');
  if (wrongStatus) return { ok: false, error: wrongStatus };
  const target = findService(ctx, command.toServiceId);
  if (!target.ok) return target;
  if (target.value.id === entry.value.serviceId) {
    return reject('invalid_request', `${entry.value.ticket} is already in the line for ${target.value.id}`, because('entry.already_in_line', { ticket: entry.value.ticket ?? '', service: serviceNamed(target.value) }));
  }
  const queuedAt = command.keepPlace ? entry.value.queuedAt : ctx.now;
  const index = command.keepPlace ? indexByArrival(ctx.state, target.value.id, entry.value) : lineOf(ctx.state, target.value.id).length;
  return accept(
    [{ type: 'entry.transferred', entryId: entry.value.id, toServiceId: target.value.id, keepPlace: command.keepPlace, queuedAt, index }],
    { entryId: entry.value.id },
  );
}
