/** A person's visits of the day, as the desk's and the contact center's look-ups show them. */
import type { Entry, QueueState } from './model.ts';

const STILL_GOING = new Set(['booked', 'waiting', 'called', 'serving']);

/**
 * The visits that `belongs` picks: the ones still going first (oldest first),
 * then the ones that ended on `today` (finished, no-show, cancelled; latest
 * first), so whoever looks sees what already happened and never asks twice.
 */
export function visitsOf(state: QueueState, today: string, belongs: (entry: Entry) => boolean): Entry[] {
  const mine = Object.values(state.entries).filter(belongs);
  const going = mine.filter((e) => STILL_GOING.has(e.status)).sort((a, b) => a.enrolledAt - b.enrolledAt);
  const ended = mine
    .filter((e) => !STILL_GOING.has(e.status) && e.day === today)
    .sort((a, b) => (b.finishedAt ?? b.enrolledAt) - (a.finishedAt ?? a.enrolledAt));
  return [...going, ...ended];
}
