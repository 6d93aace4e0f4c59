/** Phone numbers are kept for the visit and a retention window after it, then deleted. */
import { accept, type Decision, type DecideContext } from './common.ts';

export const DEFAULT_CONTACT_RETENTION_HOURS = 24;
/** Bounds one event's size; the next run takes the rest. */
const MAX_PER_EVENT = 500;

export function purgeContacts(ctx: DecideContext): Decision {
  const cutoff = ctx.now - (ctx.config.contactRetentionHours ?? DEFAULT_CONTACT_RETENTION_HOURS) * 3_600_000;
  const entryIds = Object.values(ctx.state.entries)
    .filter((entry) => entry.phone !== null && entry.finishedAt !== null && entry.finishedAt <= cutoff)
    .slice(0, MAX_PER_EVENT)
    .map((entry) => entry.id);
  return accept(entryIds.length > 0 ? [{ type: 'contacts.purged', entryIds }] : [], { entryIds });
}
