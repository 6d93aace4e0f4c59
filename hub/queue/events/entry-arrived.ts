import { entryOf, type EventApplier } from './common.ts';

/** The first "I'm here" counts: time in the lobby is measured from it. */
export const entryArrived: EventApplier<'entry.arrived'> = (state, data, { at }) => {
  entryOf(state, data.entryId).arrivedAt ??= at;
};
