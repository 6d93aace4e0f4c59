import { entryOf, type EventApplier } from './common.ts';

export const entryOnMyWay: EventApplier<'entry.on-my-way'> = (state, data, { at }) => {
  entryOf(state, data.entryId).onMyWayAt = at;
};
