import { entryOf, type EventApplier } from './common.ts';

/** Records what came of a callback attempt; the step that follows (serving, back in line, no-show) is its own event. */
export const entryCallbackResult: EventApplier<'entry.callback-result'> = (state, data, { at }) => {
  const attempt = entryOf(state, data.entryId).callback?.attempts.find((a) => a.attempt === data.attempt);
  if (!attempt) return;
  attempt.outcome = data.outcome;
  attempt.outcomeAt = at;
};
