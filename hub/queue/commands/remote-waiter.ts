/** What a person waiting away from the lobby can say about their own place: on my way, or more time. */
import { because, type CommandPayload } from '../../contract/index.ts';
import { DEFAULT_REMOTE_WAIT } from '../model.ts';
import { accept, findEntry, lineOf, reject, requireStatus, type Decision, type DecideContext } from './common.ts';

export function onMyWay(ctx: DecideContext, command: CommandPayload<'on-my-way'>): Decision {
  const entry = findEntry(ctx, command.entryId);
  if (!entry.ok) return entry;
  const wrongStatus = requireStatus(ctx, entry.value, ['waiting', 'called'], 'on-my-way');
  if (wrongStatus) return { ok: false, error: wrongStatus };
  // Saying it twice changes nothing (a second tap, a repeated text).
  if (entry.value.onMyWayAt !== null) return accept([], { entryId: entry.value.id });
  return accept([{ type: 'entry.on-my-way', entryId: entry.value.id }], { entryId: entry.value.id });
}

export function moreTime(ctx: DecideContext, command: CommandPayload<'more-time'>): Decision {
  const entry = findEntry(ctx, command.entryId);
  if (!entry.ok) return entry;
  const wrongStatus = requireStatus(ctx, entry.value, ['waiting'], 'more-time');
  if (wrongStatus) return { ok: false, error: wrongStatus };
  const policy = ctx.config.remoteWait ?? DEFAULT_REMOTE_WAIT;
  const used = entry.value.moreTimeCount;
  if (used >= policy.maxMoreTime) {
    return reject('invalid_state', `${entry.value.ticket} has already been given more time ${used === 1 ? 'once' : `${used} times`}; please ask at the desk`, because('entry.more_time_used', { ticket: entry.value.ticket ?? '', times: used }));
  }
  const line = lineOf(ctx.state, entry.value.serviceId);
  const index = line.indexOf(entry.value.id);
  const newIndex = Math.min(index + policy.moreTimePlaces, line.length - 1);
  if (newIndex === index) return reject('invalid_state', `${entry.value.ticket} is already last in line`, because('entry.already_last', { ticket: entry.value.ticket ?? '' }));
  return accept([{ type: 'entry.more-time', entryId: entry.value.id, index: newIndex }], { entryId: entry.value.id });
}
