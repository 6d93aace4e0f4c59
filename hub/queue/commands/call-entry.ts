import { because, namedOf, type CommandPayload } from '../../contract/index.ts';
import type { QueueEventData } from '../model.ts';
import { lineOrder } from '../selection.ts';
import {
  accept,
  findCounter,
  findEntry,
  reject,
  requireReadyToCall,
  requireStatus,
  serviceNamedById,
  type Decision,
  type DecideContext,
} from './common.ts';

/** Staff call a chosen person out of order; those ahead of them count as passed over. */
export function callEntry(ctx: DecideContext, command: CommandPayload<'call-entry'>): Decision {
  const counter = findCounter(ctx, command.counterId);
  if (!counter.ok) return counter;
  const entry = findEntry(ctx, command.entryId);
  if (!entry.ok) return entry;
  const wrongStatus = requireStatus(ctx, entry.value, ['waiting'], 'call');
  if (wrongStatus) return { ok: false, error: wrongStatus };
  if (!counter.value.serviceIds.includes(entry.value.serviceId)) {
    return reject('invalid_state', `${counter.value.name} does not serve ${entry.value.serviceId}: transfer ${entry.value.ticket} first`, because('counter.does_not_serve', {
      counter: namedOf(counter.value),
      service: serviceNamedById(ctx, entry.value.serviceId),
      ticket: entry.value.ticket ?? '',
    }));
  }
  const ready = requireReadyToCall(ctx, counter.value);
  if ('code' in ready) return { ok: false, error: ready };
  const order = lineOrder(ctx.state, counter.value.serviceIds);
  const passedOverIds = order.slice(0, order.indexOf(entry.value)).map((e) => e.id);
  const events: QueueEventData[] = [];
  if (ready.completes) events.push({ type: 'entry.completed', entryId: ready.completes });
  events.push({ type: 'entry.called', entryId: entry.value.id, counterId: counter.value.id, passedOverIds, credit: null });
  return accept(events, { entryId: entry.value.id });
}
