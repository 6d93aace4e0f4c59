import { because, type CommandPayload } from '../../contract/index.ts';
import { accept, reject, type Decision, type DecideContext } from './common.ts';

/** Visits someone is still in line for: a booked appointment is not, until it checks in. */
const IN_LINE = new Set(['waiting', 'called']);

/**
 * Someone already in line by this phone number goes on in another channel:
 * the same visit keeps its ticket, place, language and history. A number with
 * no visit is refused with nothing said about it.
 */
export function continueVisit(ctx: DecideContext, command: CommandPayload<'continue-visit'>): Decision {
  const visits = Object.values(ctx.state.entries).filter((e) => e.phone === command.phone && IN_LINE.has(e.status) && e.ticket !== null);
  if (visits.length === 0) return reject('not_found', 'Nobody is in line with that phone number', because('visit.not_found', {}));
  if (visits.length > 1) return reject('conflict', 'More than one visit is in line with that phone number: please ask at the desk', because('visit.several', {}));
  const visit = visits[0]!;
  if (visit.channel === command.channel) return accept([], { entryId: visit.id });
  return accept([{ type: 'entry.channel-changed', entryId: visit.id, channel: command.channel, phone: null }], { entryId: visit.id });
}
