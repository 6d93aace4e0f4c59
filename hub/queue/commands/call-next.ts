import { because, namedOf, type CommandPayload } from '../../contract/index.ts';
import type { QueueEventData } from '../model.ts';
import { callableNow, callbackPolicy } from '../callbacks.ts';
import { lineOrder, selectNext } from '../selection.ts';
import { accept, findCounter, reject, requireReadyToCall, type Decision, type DecideContext } from './common.ts';

/**
 * A counter calls the next person across the services it serves. Whoever it
 * was serving is completed first, so "next" is one press at the desk.
 */
export function callNext(ctx: DecideContext, command: CommandPayload<'call-next'>): Decision {
  const counter = findCounter(ctx, command.counterId);
  if (!counter.ok) return counter;
  const ready = requireReadyToCall(ctx, counter.value);
  if ('code' in ready) return { ok: false, error: ready };
  const live = ctx.state.counters[counter.value.id]!;
  const policy = callbackPolicy(ctx.config);
  // Callers who asked for a later time (or wait out the retry interval) keep their place and are not passed over.
  const waiting = lineOrder(ctx.state, counter.value.serviceIds);
  const selection = selectNext(waiting, ctx.config.priority, live.credit, ctx.now, (entry) => callableNow(entry, policy, ctx.now));
  if (!selection) {
    const message = waiting.length === 0 ? `Nobody is waiting for ${counter.value.name}` : `Nobody waiting for ${counter.value.name} may be called yet: the phone callers waiting asked to be called later`;
    return reject('invalid_state', message, because('counter.nobody_waiting', { counter: namedOf(counter.value) }));
  }
  const events: QueueEventData[] = [];
  if (ready.completes) events.push({ type: 'entry.completed', entryId: ready.completes });
  events.push({
    type: 'entry.called',
    entryId: selection.entry.id,
    counterId: counter.value.id,
    passedOverIds: selection.passedOverIds,
    credit: selection.credit,
  });
  return accept(events, { entryId: selection.entry.id });
}
