/** "I'm here": a remote waiter or caller is in the building, from when their time in the lobby counts. */
import type { CommandPayload } from '../../contract/index.ts';
import { accept, findEntry, requireStatus, type Decision, type DecideContext } from './common.ts';

export function arrived(ctx: DecideContext, command: CommandPayload<'arrived'>): Decision {
  const entry = findEntry(ctx, command.entryId);
  if (!entry.ok) return entry;
  const wrongStatus = requireStatus(ctx, entry.value, ['waiting', 'called'], 'arrived');
  if (wrongStatus) return { ok: false, error: wrongStatus };
  const { id, channel, arrivedAt } = entry.value;
  // Said twice (a second tap, a scan after the text), or by someone who joined in the lobby: nothing new to record.
  if ((arrivedAt ?? null) !== null || channel === 'kiosk' || channel === 'desk') return accept([], { entryId: id });
  return accept([{ type: 'entry.arrived', entryId: id, via: command.via }], { entryId: id });
}
