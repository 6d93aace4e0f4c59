/**
 * The engine keeps two states: the committed one every reader sees, and the pending one commands are decided
 * against. Each held its own copy of every visit of the day, though a finished visit seldom changes again
 * (an undo, a late note, its number purged). So the two share one frozen copy of each finished visit that is
 * the same in both; an event that changes a shared visit gives its state its own copy first
 * (`ownEntry` in queue/events/common.ts), and the other state keeps the one it had.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Entry, QueueEvent, QueueState } from '../queue/index.ts';

const FINISHED: ReadonlySet<Entry['status']> = new Set(['done', 'no_show', 'cancelled']);

/** Lets `pending` use committed's copy of each of those visits that has finished the same way in both. */
export function shareFinished(committed: QueueState, pending: QueueState, entryIds: Iterable<string>): void {
  for (const id of entryIds) {
    const entry = committed.entries[id];
    const other = pending.entries[id];
    if (!entry || !other || entry === other || !FINISHED.has(entry.status) || !isDeepStrictEqual(entry, other)) continue;
    pending.entries[id] = deepFreeze(entry);
  }
}

/** `pending`, a fresh copy of `committed`, uses committed's copy of every finished visit: the two are the same, so not compared (at a restart, comparing every visit of a long day took a share of the start). */
export function shareEveryFinished(committed: QueueState, pending: QueueState): void {
  for (const [id, entry] of Object.entries(committed.entries)) {
    if (FINISHED.has(entry.status)) pending.entries[id] = deepFreeze(entry);
  }
}

/** The visits a committed event was about: the ones it may have finished. */
export function entryIdsOf(events: readonly QueueEvent[]): string[] {
  return events.flatMap(({ data }) => ('entryId' in data ? [data.entryId] : 'entryIds' in data ? data.entryIds : []));
}

/** Frozen through and through: a change that skipped `ownEntry` throws instead of changing both states. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
