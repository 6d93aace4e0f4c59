/**
 * The state's tables keyed by id: entries, lines, counters, request ids,
 * bookings and the per-service figures. Ids arrive from outside (a REST path,
 * an MQTT payload, a contact center's reference), and one named after a
 * built-in member of every object ("constructor", "toString") must find
 * nothing. So the tables have no prototype, and every one is made here:
 * new, copied, or read back from a snapshot.
 */
import type { QueueState } from './model.ts';

export function idTable<T>(from: Readonly<Record<string, T>> = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, from);
}

/** The state with every id table made again without a prototype (after structuredClone or JSON, which give them one). */
export function withIdTables(state: QueueState): QueueState {
  return {
    ...state,
    ticketCounters: idTable(state.ticketCounters),
    entries: idTable(state.entries),
    lines: idTable(state.lines),
    counters: idTable(state.counters),
    requestIds: idTable(state.requestIds),
    bookings: idTable(state.bookings),
    serviceStats: idTable(state.serviceStats),
    drain: idTable(state.drain),
  };
}
