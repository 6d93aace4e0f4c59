/** Where people stand in their lines, found once per state rather than searched for each person. */
import type { QueueState } from './model.ts';

const places = new WeakMap<QueueState, { seq: number; lines: Map<string, Map<string, number>> }>();

/**
 * 0-based index of an entry in a service's line, or -1. One pass over a line
 * gives everyone in it their index, kept until the state changes, so asking
 * for the places of a whole line costs one pass, not one search each.
 */
export function indexInLine(state: QueueState, serviceId: string, entryId: string): number {
  const ids = state.lines[serviceId] ?? [];
  let cached = places.get(state);
  if (!cached || cached.seq !== state.seq) {
    cached = { seq: state.seq, lines: new Map() };
    places.set(state, cached);
  }
  let line = cached.lines.get(serviceId);
  let index = line?.get(entryId);
  // Checked against the line itself: a state changed without a new seq (a copy being played forward) is searched afresh.
  if (index !== undefined && ids[index] === entryId) return index;
  if (line && index === undefined && line.size === ids.length) return ids.indexOf(entryId);
  line = new Map();
  for (let i = 0; i < ids.length; i++) line.set(ids[i]!, i);
  cached.lines.set(serviceId, line);
  index = line.get(entryId);
  return index ?? -1;
}
