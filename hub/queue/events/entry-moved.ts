import { entryOf, placeInLine, removeFromLine, type EventApplier } from './common.ts';

/** Staff moved someone to another place in their line. */
export const entryMoved: EventApplier<'entry.moved'> = (state, data) => {
  const entry = entryOf(state, data.entryId);
  removeFromLine(state, entry);
  placeInLine(state, entry.serviceId, data.index, entry.id);
};
