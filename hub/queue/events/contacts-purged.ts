import type { EventApplier } from './common.ts';

/** Entries the line has already dropped have no number left to delete. */
export const contactsPurged: EventApplier<'contacts.purged'> = (state, data) => {
  for (const id of data.entryIds) {
    const entry = state.entries[id];
    if (!entry) continue;
    // What was said about the person goes with their number.
    entry.phone = null;
    if (entry.reason) entry.reason = null;
    if (entry.notes?.length) entry.notes = [];
  }
};
