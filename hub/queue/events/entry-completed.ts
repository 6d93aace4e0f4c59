import { entryOf, finish, updateStats, type EventApplier } from './common.ts';

/** The visit is over: how long it took teaches the service's time. */
export const entryCompleted: EventApplier<'entry.completed'> = (state, data, { at }) => {
  const entry = entryOf(state, data.entryId);
  finish(state, entry, 'done', at);
  if (entry.servingAt !== null) {
    state.serviceStats[entry.serviceId] = updateStats(state.serviceStats[entry.serviceId], at - entry.servingAt);
  }
};
