import { entryOf, placeInLine, releaseCounter, type EventApplier } from './common.ts';

/** A called person goes back into their line, and the counter is free again. */
export const entryRequeued: EventApplier<'entry.requeued'> = (state, data) => {
  const entry = entryOf(state, data.entryId);
  releaseCounter(state, entry);
  Object.assign(entry, { status: 'waiting', calledAt: null, counterId: null, calledBy: null });
  placeInLine(state, entry.serviceId, data.index, entry.id);
};
