/** What every event applier shares: its shape, and the changes to entries, lines and counters that several events make. */
import { idTable } from '../id-tables.ts';
import type { Entry, QueueEvent, QueueEventData, QueueEventType, QueueState, RecentCall, ServiceTimeStats } from '../model.ts';

export type EventData<T extends QueueEventType> = Extract<QueueEventData, { type: T }>;

/**
 * Changes the state as one committed event of type T says. Pure but for
 * mutating `state`: everything it needs is in the event.
 */
export type EventApplier<T extends QueueEventType> = (state: QueueState, data: EventData<T>, event: Pick<QueueEvent, 'seq' | 'at' | 'actor'>) => void;

const RECENT_CALLS_KEPT = 10;
/** Weight of the newest observed service time in the moving average. */
const SERVICE_TIME_ALPHA = 0.05;

/** The entry an event changes, as this state's own (see ownEntry). */
export function entryOf(state: QueueState, entryId: string): Entry {
  const entry = state.entries[entryId];
  if (!entry) throw new Error(`Event refers to unknown entry ${entryId}: the event log does not match the state`);
  return ownEntry(state, entry);
}

/**
 * A finished entry may be frozen and shared with another state (the engine's committed and pending states
 * share their finished visits, hub/engine/shared-entries.ts): before changing it, this state takes its own copy.
 */
export function ownEntry(state: QueueState, entry: Entry): Entry {
  if (!Object.isFrozen(entry)) return entry;
  return (state.entries[entry.id] = structuredClone(entry));
}

/** A line of a service the site no longer configures is made again, so its entries are not lost. */
function lineOf(state: QueueState, serviceId: string): string[] {
  return (state.lines[serviceId] ??= []);
}

export function lineLength(state: QueueState, serviceId: string): number {
  return lineOf(state, serviceId).length;
}

/** Puts an entry at the place in its service's line that the command decided. */
export function placeInLine(state: QueueState, serviceId: string, index: number, entryId: string): void {
  lineOf(state, serviceId).splice(index, 0, entryId);
}

export function removeFromLine(state: QueueState, entry: Entry): void {
  const line = lineOf(state, entry.serviceId);
  const index = line.indexOf(entry.id);
  if (index >= 0) line.splice(index, 1);
}

export function useChannel(entry: Entry, channel: Entry['channel']): void {
  entry.channel = channel;
  if (entry.channelHistory.at(-1) !== channel) entry.channelHistory.push(channel);
}

/** A phone caller's turn came, or staff called them again: one more callback attempt for the contact center to make. */
export function requestCallback(entry: Entry, at: number): void {
  if (entry.channel !== 'phone') return;
  const callback = (entry.callback ??= { notBefore: null, notAfter: null, attempts: [] });
  callback.attempts.push({ attempt: callback.attempts.length + 1, requestedAt: at, outcome: null, outcomeAt: null });
}

export function releaseCounter(state: QueueState, entry: Entry): void {
  if (entry.counterId === null) return;
  const counter = state.counters[entry.counterId];
  if (counter && counter.currentEntryId === entry.id) counter.currentEntryId = null;
}

export function finish(state: QueueState, entry: Entry, status: 'done' | 'no_show' | 'cancelled', at: number): void {
  releaseCounter(state, entry);
  entry.status = status;
  entry.finishedAt = at;
}

/** The newest call goes first on the lobby screens, which show the last ten. */
export function showCall(state: QueueState, call: RecentCall): void {
  state.recentCalls.unshift(call);
  state.recentCalls.length = Math.min(state.recentCalls.length, RECENT_CALLS_KEPT);
}

/** Folds one observed duration into an exponentially weighted mean and variance. */
export function updateStats(stats: ServiceTimeStats | null | undefined, sampleMs: number): ServiceTimeStats {
  if (!stats) return { meanMs: sampleMs, varianceMs2: 0, samples: 1 };
  const diff = sampleMs - stats.meanMs;
  const increment = SERVICE_TIME_ALPHA * diff;
  return {
    meanMs: stats.meanMs + increment,
    varianceMs2: (1 - SERVICE_TIME_ALPHA) * (stats.varianceMs2 + diff * increment),
    samples: stats.samples + 1,
  };
}

/**
 * A new local day restarts ticket numbering. Finished entries of earlier days
 * leave the live state (they stay in the event log), so it does not grow forever.
 */
export function startDay(state: QueueState, day: string): void {
  if (state.day === day) return;
  state.day = day;
  state.ticketCounters = idTable();
  state.recentCalls = [];
  // Overnight is not a gap between calls.
  for (const drain of Object.values(state.drain)) drain.backlog = false;
  for (const entry of Object.values(state.entries)) {
    const finished = entry.status === 'done' || entry.status === 'no_show' || entry.status === 'cancelled';
    if (finished && entry.day !== day) {
      delete state.entries[entry.id];
      if (entry.requestId) delete state.requestIds[entry.requestId];
      if (entry.reference) delete state.bookings[entry.reference];
    }
  }
}
