import { entryOf, requestCallback, showCall, type EventApplier } from './common.ts';

export const entryRecalled: EventApplier<'entry.recalled'> = (state, data, { at }) => {
  const entry = entryOf(state, data.entryId);
  entry.recalls += 1;
  requestCallback(entry, at);
  // A recall is the newest call on the screen again, even one that had scrolled off the last ten.
  const shown = state.recentCalls.find((c) => c.entryId === entry.id);
  const call = shown ?? (entry.counterId && entry.ticket ? { entryId: entry.id, ticket: entry.ticket, serviceId: entry.serviceId, counterId: entry.counterId, calledAt: at, recalls: 0 } : null);
  if (!call) return;
  call.recalls = entry.recalls;
  call.calledAt = at;
  if (shown) state.recentCalls.splice(state.recentCalls.indexOf(shown), 1);
  showCall(state, call);
};
