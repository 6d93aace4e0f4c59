import type { CommandPayload } from '../../contract/index.ts';
import { accept, findEntry, reject, requireStatus, type Decision, type DecideContext } from './common.ts';

/** The same visit continues through another channel, keeping its ticket and place. */
export function changeChannel(ctx: DecideContext, command: CommandPayload<'change-channel'>): Decision {
  const entry = findEntry(ctx, command.entryId);
  if (!entry.ok) return entry;
  const wrongStatus = requireStatus(entry.value, ['booked', 'waiting', 'called'], 'change the channel of');
  if (wrongStatus) return { ok: false, error: wrongStatus };
  if (command.channel === 'phone' && !command.phone && !entry.value.phone) {
    return reject('invalid_request', `A phone number is needed to call ${entry.value.ticket ?? 'this person'} back`);
  }
  return accept(
    [{ type: 'entry.channel-changed', entryId: entry.value.id, channel: command.channel, phone: command.phone ?? null }],
    { entryId: entry.value.id },
  );
}
