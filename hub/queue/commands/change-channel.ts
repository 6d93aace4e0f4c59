import { because, type CommandPayload } from '../../contract/index.ts';
import { accept, findEntry, labelOf, reject, requireStatus, type Decision, type DecideContext } from './common.ts';

/** The same visit continues through another channel, keeping its ticket and place. */
export function changeChannel(ctx: DecideContext, command: CommandPayload<'change-channel'>): Decision {
  const entry = findEntry(ctx, command.entryId);
  if (!entry.ok) return entry;
  const wrongStatus = requireStatus(ctx, entry.value, ['booked', 'waiting', 'called'], 'change-channel');
  if (wrongStatus) return { ok: false, error: wrongStatus };
  if (command.channel === 'phone' && !command.phone && !entry.value.phone) {
    return reject('invalid_request', `A phone number is needed to call ${entry.value.ticket ?? 'this person'} back`, because('entry.needs_phone', { entry: labelOf(entry.value) }));
  }
  return accept(
    [{ type: 'entry.channel-changed', entryId: entry.value.id, channel: command.channel, phone: command.phone ?? null }],
    { entryId: entry.value.id },
  );
}
