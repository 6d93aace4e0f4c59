import { entryOf, placeInLine, type EventApplier } from './common.ts';

/** A no-show, done or cancel taken back: the visit goes on where the command decided. */
export const entryReopened: EventApplier<'entry.reopened'> = (state, data) => {
  const entry = entryOf(state, data.entryId);
  Object.assign(entry, { status: data.status, finishedAt: null, cancelReason: null });
  if (data.status === 'serving') {
    state.counters[data.counterId!]!.currentEntryId = entry.id;
    return;
  }
  if (data.status === 'waiting') {
    Object.assign(entry, { calledAt: null, servingAt: null, counterId: null });
    placeInLine(state, entry.serviceId, data.index!, entry.id);
  }
};
