import { because, lobbylineError, type CommandPayload, type LobbylineError } from '../../contract/index.ts';
import type { Entry } from '../model.ts';
import { accept, findEntry, reject, requireStatus, type Decision, type DecideContext } from './common.ts';

const STILL_NEEDED = ['waiting', 'called'] as const;

/**
 * A ticket printed again (lost, or the first one jammed). Nothing about the
 * line changes, so no event: the command only checks that there is a ticket
 * someone still needs. The printing is the hub's (devices/print-jobs.ts).
 */
export function reprint(ctx: DecideContext, command: CommandPayload<'reprint'>): Decision {
  const found = command.entryId !== undefined ? findEntry(ctx, command.entryId) : liveEntryWithTicket(ctx, command.ticket!);
  if (!found.ok) return found;
  const entry = found.value;
  if (!entry.ticket) return reject('invalid_state', `There is no ticket to print for the appointment ${entry.reference ?? entry.id}: check in first`, because('appointment.no_ticket', { reference: entry.reference ?? entry.id }));
  const wrong = requireStatus(ctx, entry, STILL_NEEDED, 'reprint');
  if (wrong) return { ok: false, error: wrong };
  return accept([], { entryId: entry.id });
}

/** Ticket numbers restart every day: only a waiting or called entry is meant. */
function liveEntryWithTicket(ctx: DecideContext, ticket: string): { ok: true; value: Entry } | { ok: false; error: LobbylineError } {
  const matches = Object.values(ctx.state.entries).filter((e) => e.ticket === ticket && (STILL_NEEDED as readonly string[]).includes(e.status));
  if (matches.length === 1) return { ok: true, value: matches[0]! };
  if (matches.length === 0) return { ok: false, error: lobbylineError('not_found', `No waiting or called ticket ${ticket}`, because('ticket.not_found', { ticket })) };
  return { ok: false, error: lobbylineError('conflict', `More than one ticket ${ticket} is waiting: reprint it from the desk`, because('ticket.ambiguous', { ticket })) };
}
