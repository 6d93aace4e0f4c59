import type { EventApplier } from './common.ts';

export const counterStatusChanged: EventApplier<'counter.status-changed'> = (state, data) => {
  state.counters[data.counterId]!.status = data.status;
};
