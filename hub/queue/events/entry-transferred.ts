import { entryOf, placeInLine, releaseCounter, removeFromLine, type EventApplier } from './common.ts';

/** Sent on to another service's line, at the back or keeping their place by arrival. */
export const entryTransferred: EventApplier<'entry.transferred'> = (state, data, event) => {
  const entry = entryOf(state, data.entryId);
  removeFromLine(state, entry);
  releaseCounter(state, entry);
  Object.assign(entry, {
    serviceId: data.toServiceId,
    status: 'waiting',
    queuedAt: data.queuedAt,
    arrivalSeq: data.keepPlace ? entry.arrivalSeq : event.seq,
    calledAt: null,
    servingAt: null,
    counterId: null,
    calledBy: null,
  });
  placeInLine(state, data.toServiceId, data.index, entry.id);
};
