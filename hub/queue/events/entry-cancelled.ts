import { entryOf, finish, removeFromLine, type EventApplier } from './common.ts';

export const entryCancelled: EventApplier<'entry.cancelled'> = (state, data, { at }) => {
  const entry = entryOf(state, data.entryId);
  removeFromLine(state, entry);
  finish(state, entry, 'cancelled', at);
  entry.cancelReason = data.reason;
};
