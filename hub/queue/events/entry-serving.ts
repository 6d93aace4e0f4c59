import { entryOf, updateStats, type EventApplier } from './common.ts';

/** The called person reached the counter: how long that took teaches the walk-up time. */
export const entryServing: EventApplier<'entry.serving'> = (state, data, { at }) => {
  const entry = entryOf(state, data.entryId);
  if (entry.calledAt !== null) state.walkStats = updateStats(state.walkStats, at - entry.calledAt);
  Object.assign(entry, { status: 'serving', servingAt: at });
};
