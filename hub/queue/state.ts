import { idTable, withIdTables } from './id-tables.ts';
import type { Entry, QueueConfig, QueueEvent, QueueState } from './model.ts';

/** An empty site: every configured line empty, every counter closed until staff open it. */
export function createState(config: QueueConfig): QueueState {
  const state: QueueState = {
    seq: 0,
    day: null,
    ticketCounters: idTable(),
    entries: idTable(),
    lines: idTable(),
    counters: idTable(),
    requestIds: idTable(),
    bookings: idTable(),
    serviceStats: idTable(),
    walkStats: null,
    drain: idTable(),
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
  for (const service of config.services) state.lines[service.id] ??= [];
  for (const counter of config.counters) {
    state.counters[counter.id] ??= { status: 'closed', currentEntryId: null, credit: {} };
  }
  return state;
}

export type NewEntryFields = Pick<
  Entry,
  'id' | 'ticket' | 'day' | 'serviceId' | 'channel' | 'channelHistory' | 'status' | 'priority' | 'language' | 'phone' | 'requestId' | 'reference' | 'queuedAt'
> &
  Partial<Pick<Entry, 'appointment'>>;

/** A new visit: nothing has happened to it yet but what created it. */
export function newEntry(created: Pick<QueueEvent, 'at' | 'seq'>, fields: NewEntryFields): Entry {
  return {
    appointment: null,
    enrolledAt: created.at,
    arrivalSeq: created.seq,
    calledAt: null,
    servingAt: null,
    finishedAt: null,
    counterId: null,
    recalls: 0,
    passedOver: 0,
    firstPassedOverAt: null,
    cancelReason: null,
    onMyWayAt: null,
    moreTimeCount: 0,
    ...fields,
  };
}

export function cloneState(state: QueueState): QueueState {
  return withIdTables(structuredClone(state));
}
