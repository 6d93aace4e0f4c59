/** Where people stand in their lines, found once per state rather than searched for each person. */
import type { QueueState } from './model.ts';

const places = new WeakMap<QueueState, { seq: number; searched: Set<string>; lines: Map<string, Map<string, number>> }>();

/**
 * 0-based index of an entry in a service's line, or -1. The first question
 * about a line in a state is a plain search; from the second on, one pass over
 * the line gives everyone their index, kept until the state changes, so the
 * places of a whole line cost one pass, not one search each.
 */
export function indexInLine(state: QueueState, serviceId: string, entryId: string): number {
  const ids = state.lines[serviceId] ?? [];
  let cached = places.get(state);
  if (!cached || cached.seq !== state.seq) {
    cached = { seq: state.seq, searched: new Set(), lines: new Map() };
    places.set(state, cached);
  }
  let line = cached.lines.get(serviceId);
  if (!line) {
    if (!cached.searched.has(serviceId)) {
      cached.searched.add(serviceId);
      return ids.indexOf(entryId);
    }
    line = indexLine(ids);
    cached.lines.set(serviceId, line);
  }
  const index = line.get(entryId);
  // Checked against the line itself: a state changed without a new seq (a copy being played forward) is searched afresh.
  if (index !== undefined && ids[index] === entryId) return index;
  if (index === undefined && line.size === ids.length) return ids.indexOf(entryId);
  line = indexLine(ids);
  cached.lines.set(serviceId, line);
  return line.get(entryId) ?? -1;
}

function indexLine(ids: readonly string[]): Map<string, number> {
  const line = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) line.set(ids[i]!, i);
  return line;
}
