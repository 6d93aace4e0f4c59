/**
 * Takes back a no-show, done or cancel pressed by mistake (one key at the desk
 * does it), for a few minutes after it. The person is put back where they
 * were, never at the end of the line:
 * - no-show, or cancel of someone waiting or called: back in line at their
 *   place by arrival (before everyone who arrived after them), so a person who
 *   was just called is called again next, and staff can call them at once;
 * - cancel of a booked appointment not yet checked in: booked again;
 * - done: back to being served at the counter that served them, when that
 *   counter is still free and not closed. "Done" pressed too early is undone
 *   with the person still standing there: the visit goes on and its service
 *   time counts from when it really started. When the counter has meanwhile
 *   called someone else (or closed), they go back in line at their place by
 *   arrival instead, and the next counter to call takes them.
 */
import type { CommandPayload } from '../../contract/index.ts';
import type { Entry, QueueConfig, QueueEventData } from '../model.ts';
import { because } from '../../contract/index.ts';
import { accept, findEntry, indexByArrival, label, labelOf, reject, requireStatus, type Decision, type DecideContext } from './common.ts';

export const DEFAULT_UNDO_MINUTES = 5;

/** How long after a no-show, done or cancel it can still be undone, as the site says. */
export function undoWindowMs(config: QueueConfig): number {
  return (config.undoMinutes ?? DEFAULT_UNDO_MINUTES) * 60_000;
}

const UNDONE = ['done', 'no_show', 'cancelled'] as const;
type Undone = (typeof UNDONE)[number];

const WHAT: Record<Undone, string> = { done: 'finish', no_show: 'no-show', cancelled: 'cancel' };

export function undo(ctx: DecideContext, command: CommandPayload<'undo'>): Decision {
  const found = findEntry(ctx, command.entryId);
  if (!found.ok) return found;
  const entry = found.value;
  const wrongStatus = requireStatus(ctx, entry, UNDONE, 'undo');
  if (wrongStatus) return { ok: false, error: wrongStatus };
  const undid = entry.status as Undone;
  const windowMs = undoWindowMs(ctx.config);
  const ago = ctx.now - (entry.finishedAt ?? ctx.now);
  if (ago > windowMs) {
    return reject(
      'invalid_state',
      `Too late to undo the ${WHAT[undid]} of ${label(entry)}: it was ${Math.floor(ago / 60_000)} minutes ago, and it can be undone for ${windowMs / 60_000} minutes. Add them to the line again instead.`,
      because('entry.undo_too_late', { entry: labelOf(entry), undid, minutesAgo: Math.floor(ago / 60_000), windowMinutes: windowMs / 60_000 }),
    );
  }
  return accept([{ type: 'entry.reopened', entryId: entry.id, undid, ...whereBack(ctx, entry, undid) }], { entryId: entry.id });
}

function whereBack(ctx: DecideContext, entry: Entry, undid: Undone): Pick<Extract<QueueEventData, { type: 'entry.reopened' }>, 'status' | 'index' | 'counterId'> {
  if (entry.ticket === null) return { status: 'booked', index: null, counterId: null };
  if (undid === 'done' && entry.counterId !== null) {
    const counter = ctx.state.counters[entry.counterId];
    if (counter && counter.currentEntryId === null && counter.status !== 'closed') {
      return { status: 'serving', index: null, counterId: entry.counterId };
    }
  }
  return { status: 'waiting', index: indexByArrival(ctx.state, entry.serviceId, entry), counterId: null };
}
