import type { QueueState } from '../model.ts';
import { entryOf, lineLength, removeFromLine, requestCallback, showCall, updateStats, type EventApplier } from './common.ts';

/** A counter called someone; everyone it chose them over was passed over once more. */
export const entryCalled: EventApplier<'entry.called'> = (state, data, { at, actor }) => {
  const entry = entryOf(state, data.entryId);
  removeFromLine(state, entry);
  for (const passedId of data.passedOverIds) {
    const passed = entryOf(state, passedId);
    passed.passedOver += 1;
    passed.firstPassedOverAt ??= at;
  }
  const counter = state.counters[data.counterId]!;
  counter.currentEntryId = entry.id;
  if (data.credit) counter.credit = data.credit;
  Object.assign(entry, { status: 'called', calledAt: at, counterId: data.counterId, calledBy: actor.kind === 'staff' ? actor.id : null });
  requestCallback(entry, at);
  recordCall(state, entry.serviceId, at);
  showCall(state, { entryId: entry.id, ticket: entry.ticket!, serviceId: entry.serviceId, counterId: data.counterId, calledAt: at, recalls: 0 });
};

/** Learns the line's pace: the gap since the previous call counts only if people were waiting all along. */
function recordCall(state: QueueState, serviceId: string, at: number): void {
  const previous = state.drain[serviceId];
  const interval = previous?.backlog ? updateStats(previous.interval, at - previous.lastCallAt) : (previous?.interval ?? null);
  state.drain[serviceId] = { lastCallAt: at, backlog: lineLength(state, serviceId) > 0, interval };
}
