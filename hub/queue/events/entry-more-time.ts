import { entryOf, placeInLine, removeFromLine, type EventApplier } from './common.ts';

/** A remote waiter asked for more time and moved back in line. */
export const entryMoreTime: EventApplier<'entry.more-time'> = (state, data) => {
  const entry = entryOf(state, data.entryId);
  removeFromLine(state, entry);
  placeInLine(state, entry.serviceId, data.index, entry.id);
  entry.moreTimeCount += 1;
};
