import { because, type CommandPayload } from '../../contract/index.ts';
import { accept, findEntry, lineOf, reject, requireStatus, type Decision, type DecideContext } from './common.ts';

/** Staff move a waiting person to any place in their line (1 = next). */
export function move(ctx: DecideContext, command: CommandPayload<'move'>): Decision {
  const entry = findEntry(ctx, command.entryId);
  if (!entry.ok) return entry;
  const wrongStatus = requireStatus(ctx, entry.value, ['waiting'], 'move');
  if (wrongStatus) return { ok: false, error: wrongStatus };
  const length = lineOf(ctx.state, entry.value.serviceId).length;
  if (command.toPosition > length) {
    return reject('invalid_request', `Cannot move ${entry.value.ticket} to place ${command.toPosition}: the line has ${length} people`, because('entry.place_out_of_range', { ticket: entry.value.ticket ?? '', place: command.toPosition, length }));
  }
  return accept([{ type: 'entry.moved', entryId: entry.value.id, index: command.toPosition - 1 }], { entryId: entry.value.id });
}
