import type { CommandPayload } from '../../contract/index.ts';
import { accept, findEntry, type Decision, type DecideContext } from './common.ts';

/** Staff or an agent writes down something about a visit, while it lasts or after it ended the same day. */
export function addNote(ctx: DecideContext, command: CommandPayload<'add-note'>): Decision {
  const entry = findEntry(ctx, command.entryId);
  if (!entry.ok) return entry;
  return accept([{ type: 'entry.note-added', entryId: entry.value.id, text: command.text }], { entryId: entry.value.id });
}
