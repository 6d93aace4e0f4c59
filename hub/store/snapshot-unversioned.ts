/**
 * Reads the snapshots written before snapshots carried a version: the bare
 * state as JSON. The oldest of them predate the learned walk-up time, the
 * line's pace and remote waiting, so those fields may be missing; they are
 * given what a state without that history has.
 */
import * as z from 'zod';
import type { Entry, QueueState } from '../queue/model.ts';
import { entrySchema, stateSchema } from './snapshot-schema.ts';

const unversionedEntry = entrySchema.extend({
  onMyWayAt: entrySchema.shape.onMyWayAt.optional(),
  moreTimeCount: entrySchema.shape.moreTimeCount.optional(),
});

const unversionedState = stateSchema.extend({
  entries: z.record(z.string(), unversionedEntry),
  walkStats: stateSchema.shape.walkStats.optional(),
  drain: stateSchema.shape.drain.optional(),
});

/** Reads the bare state, then gives it the fields it may lack. */
export const unversionedSnapshot = unversionedState.transform(fromUnversioned);

function fromUnversioned(old: z.infer<typeof unversionedState>): QueueState {
  const entries: Record<string, Entry> = {};
  for (const [id, entry] of Object.entries(old.entries)) {
    entries[id] = { ...entry, onMyWayAt: entry.onMyWayAt ?? null, moreTimeCount: entry.moreTimeCount ?? 0 };
  }
  return { ...old, entries, walkStats: old.walkStats ?? null, drain: old.drain ?? {} };
}
