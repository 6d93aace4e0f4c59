import { entryOf, finish, type EventApplier } from './common.ts';

export const entryNoShow: EventApplier<'entry.no-show'> = (state, data, { at }) => {
  finish(state, entryOf(state, data.entryId), 'no_show', at);
};
