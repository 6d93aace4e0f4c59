/** Phone numbers, and what was said about the person (reason, notes), are kept for the visit and a retention window after it, then deleted. */
import type { Entry } from '../model.ts';
import { accept, type Decision, type DecideContext } from './common.ts';

export const DEFAULT_CONTACT_RETENTION_HOURS = 24;
/** Bounds one event's size; the next run takes the rest. */
const MAX_PER_EVENT = 500;

export function purgeContacts(ctx: DecideContext): Decision {
  const cutoff = ctx.now - (ctx.config.contactRetentionHours ?? DEFAULT_CONTACT_RETENTION_HOURS) * 3_600_000;
  const entryIds = Object.values(ctx.state.entries)
    .filter((entry) => holdsContact(entry) && entry.finishedAt !== null && entry.finishedAt <= cutoff)
    .slice(0, MAX_PER_EVENT)
    .map((entry) => entry.id);
  return accept(entryIds.length > 0 ? [{ type: 'contacts.purged', entryIds }] : [], { entryIds });
}

/** Whether a visit still holds anything retention deletes: a phone number, a reason or notes. */
export function holdsContact(entry: Entry): boolean {
  return entry.phone !== null || Boolean(entry.reason) || (entry.notes?.length ?? 0) > 0;
}
