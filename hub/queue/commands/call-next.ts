import { because, namedOf, type CommandPayload } from '../../contract/index.ts';
import type { QueueEventData } from '../model.ts';
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
  const selection = selectNext(lineOrder(ctx.state, counter.value.serviceIds), ctx.config.priority, live.credit, ctx.now);
  if (!selection) return reject('invalid_state', `Nobody is waiting for ${counter.value.name}`, because('counter.nobody_waiting', { counter: namedOf(counter.value) }));
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
