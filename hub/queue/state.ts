import type { QueueConfig, QueueState } from './model.ts';

/** An empty site: every configured line empty, every counter closed until staff open it. */
export function createState(config: QueueConfig): QueueState {
  const state: QueueState = {
    seq: 0,
    day: null,
    ticketCounters: {},
    entries: {},
    lines: {},
    counters: {},
    requestIds: {},
    bookings: {},
    serviceStats: {},
    walkStats: null,
    drain: {},
    recentCalls: [],
  };
  return reconcileWithConfig(state, config);
}

/**
 * Makes a state (perhaps from a snapshot taken under an older site file) fit the
 * current configuration: new services get empty lines, new counters start closed.
 * Entries of services that were removed stay, so nothing acknowledged is lost.
 */
export function reconcileWithConfig(state: QueueState, config: QueueConfig): QueueState {
  state.walkStats ??= null;
  state.drain ??= {};
  for (const service of config.services) state.lines[service.id] ??= [];
  for (const counter of config.counters) {
    state.counters[counter.id] ??= { status: 'closed', currentEntryId: null, credit: {} };
  }
  return state;
}

export function cloneState(state: QueueState): QueueState {
  return structuredClone(state);
}
