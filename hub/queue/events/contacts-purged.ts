import type { EventApplier } from './common.ts';

/** Entries the line has already dropped have no number left to delete. */
export const contactsPurged: EventApplier<'contacts.purged'> = (state, data) => {
  for (const id of data.entryIds) {
    const entry = state.entries[id];
    if (entry) entry.phone = null;
  }
};
