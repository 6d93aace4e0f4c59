import type { CommandPayload } from '../../contract/index.ts';
import { accept, findEntry, lineOf, requireStatus, type Decision, type DecideContext } from './common.ts';

/** Places from the front a requeued person goes back to, unless the command says otherwise. */
export const DEFAULT_REQUEUE_POSITION = 3;

/**
 * A called person who did not come to the counter (or did not answer the
 * callback) goes back into the line near the front instead of losing their turn.
 */
export function requeue(ctx: DecideContext, command: CommandPayload<'requeue'>): Decision {
  const entry = findEntry(ctx, command.entryId);
  if (!entry.ok) return entry;
  const wrongStatus = requireStatus(ctx, entry.value, ['called'], 'requeue');
  if (wrongStatus) return { ok: false, error: wrongStatus };
  const length = lineOf(ctx.state, entry.value.serviceId).length;
  const index = Math.min(length, (command.toPosition ?? DEFAULT_REQUEUE_POSITION) - 1);
  return accept([{ type: 'entry.requeued', entryId: entry.value.id, index }], { entryId: entry.value.id });
}
