import { entryOf, type EventApplier } from './common.ts';

export const entryNoteAdded: EventApplier<'entry.note-added'> = (state, data, { at, actor }) => {
  const entry = entryOf(state, data.entryId);
  (entry.notes ??= []).push({ at, by: actor.name ?? actor.id, text: data.text });
};
