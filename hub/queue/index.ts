/**
 * The queue domain: pure functions over plain data. No I/O, no clock, no
 * broker: read this folder to learn how a line behaves.
 */
import type { Command } from '../contract/index.ts';
import { applyEvent } from './apply.ts';
import { decide, type Decision, type DecideContext } from './decide.ts';
import type { Actor, QueueEvent } from './model.ts';

export * from './model.ts';
export { applyEvent } from './apply.ts';
export { decide, type Decision, type DecideContext, type Subject } from './decide.ts';
export { createState, cloneState, reconcileWithConfig } from './state.ts';
export { lineOrder, selectNext, isDue } from './selection.ts';
export { estimateForEntry, estimateForJoiner, expectedCallback, noCounterOpen } from './estimate.ts';
export { answerBy, callableFrom, callbackPolicy, isReached, isUnanswered, openAttempt } from './callbacks.ts';
export { localDay, formatTicket } from './tickets.ts';
export { visitsOf } from './visits.ts';
export * from './views.ts';
export { DEFAULT_VOICEMAIL_RETURN_MINUTES, isOpenVoicemail, voicemailDue } from './voicemail.ts';

/**
 * Decides a command and applies its events to `ctx.state` in place, numbering
 * them after the state's last sequence number. Returns the decision and the
 * stamped events (what the log must store).
 */
export function decideAndApply(
  ctx: DecideContext,
  command: Command,
  actor: Actor,
): { decision: Decision; events: QueueEvent[] } {
  const decision = decide(ctx, command);
  if (!decision.ok) return { decision, events: [] };
  const events = decision.events.map((data, i) => ({ seq: ctx.state.seq + 1 + i, at: ctx.now, actor, data }));
  for (const event of events) applyEvent(ctx.state, event);
  return { decision, events };
}
