/**
 * The simple steps of a visit once someone is called: recall, start serving,
 * complete, no-show, cancel. Each only checks the entry's current status.
 */
import type { CommandPayload, RefusedAction, EntryStatus } from '../../contract/index.ts';
import type { QueueEventData } from '../model.ts';
import { accept, findEntry, requireStatus, type Decision, type DecideContext } from './common.ts';

function transition(
  ctx: DecideContext,
  entryId: string,
  allowed: readonly EntryStatus[],
  action: RefusedAction,
  event: QueueEventData,
): Decision {
  const entry = findEntry(ctx, entryId);
  if (!entry.ok) return entry;
  const wrongStatus = requireStatus(ctx, entry.value, allowed, action);
  if (wrongStatus) return { ok: false, error: wrongStatus };
  return accept([event], { entryId });
}

export const recall = (ctx: DecideContext, c: CommandPayload<'recall'>) =>
  transition(ctx, c.entryId, ['called'], 'recall', { type: 'entry.recalled', entryId: c.entryId });

export const startServing = (ctx: DecideContext, c: CommandPayload<'start-serving'>) =>
  transition(ctx, c.entryId, ['called'], 'start-serving', { type: 'entry.serving', entryId: c.entryId });

export const complete = (ctx: DecideContext, c: CommandPayload<'complete'>) =>
  transition(ctx, c.entryId, ['serving'], 'complete', { type: 'entry.completed', entryId: c.entryId });

export const noShow = (ctx: DecideContext, c: CommandPayload<'no-show'>) =>
  transition(ctx, c.entryId, ['called'], 'no-show', { type: 'entry.no-show', entryId: c.entryId });

export const cancel = (ctx: DecideContext, c: CommandPayload<'cancel'>) =>
  transition(ctx, c.entryId, ['booked', 'waiting', 'called'], 'cancel', {
    type: 'entry.cancelled',
    entryId: c.entryId,
    reason: c.reason ?? 'staff',
  });
