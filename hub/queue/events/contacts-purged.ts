import { ownEntry, type EventApplier } from './common.ts';

/** Entries the line has already dropped have no number left to delete. */
export const contactsPurged: EventApplier<'contacts.purged'> = (state, data) => {
  for (const id of data.entryIds) {
    const kept = state.entries[id];
    if (!kept) continue;
    const entry = ownEntry(state, kept);
    // What was said about the person goes with their number.
    entry.phone = null;
    if (entry.reason) entry.reason = null;
    if (entry.notes?.length) entry.notes = [];
  }
};
