import { because, namedOf, type CommandPayload } from '../../contract/index.ts';
import { accept, findCounter, label, labelOf, reject, type Decision, type DecideContext } from './common.ts';

/** Open, pause (finish the current person, call nobody new) or close a counter. */
export function setCounterStatus(ctx: DecideContext, command: CommandPayload<'set-counter-status'>): Decision {
  const counter = findCounter(ctx, command.counterId);
  if (!counter.ok) return counter;
  const live = ctx.state.counters[counter.value.id]!;
  if (command.status === 'closed' && live.currentEntryId) {
    const current = ctx.state.entries[live.currentEntryId]!;
    return reject('invalid_state', `${counter.value.name} still has ${label(current)}: complete, transfer or mark it no-show before closing`, because('counter.still_busy', { counter: namedOf(counter.value), entry: labelOf(current) }));
  }
  if (live.status === command.status) return accept([], { counterId: counter.value.id });
  return accept([{ type: 'counter.status-changed', counterId: counter.value.id, status: command.status }], {
    counterId: counter.value.id,
  });
}
