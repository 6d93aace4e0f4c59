/**
 * Forgetting the numbers the SMS notifier kept: in the outbox, the number and
 * the text of visits that ended before the cutoff; in the auto-reply limiter,
 * the numbers it answered. Numbers that said STOP stay (./opt-outs.ts says
 * why). When this runs is ContactRetention's call (hub/retention), not the
 * notifier's.
 */
import type { Logger } from '../log.ts';
import type { QueueState } from '../queue/index.ts';
import type { AutoReplyLimiter } from './auto-replies.ts';
import type { SmsOutbox } from './outbox.ts';

const DAY = 24 * 3_600_000;
/** No visit lasts longer: a number is forgotten this long after its row was written even if the visit never ended. */
const LONGEST_VISIT_MS = DAY;

export interface ForgetContactsOptions {
  outbox: SmsOutbox;
  limiter: AutoReplyLimiter;
  /** The line now, for when each visit ended. */
  state: QueueState;
  now: number;
  log: Logger;
}

/** Forgets what was kept of visits that ended before `before`; returns how many texts were cleared. */
export async function forgetContacts(options: ForgetContactsOptions, before: number): Promise<number> {
  const { outbox, limiter, state, now, log } = options;
  for (const entryId of await outbox.entriesAwaitingVisitEnd()) {
    const entry = state.entries[entryId];
    // An entry the line no longer has is long over.
    if (!entry) await outbox.recordVisitEnd(entryId, 0);
    else if (entry.finishedAt !== null) await outbox.recordVisitEnd(entryId, entry.finishedAt);
  }
  const cleared = await outbox.forgetContacts(before, Math.min(before, now - LONGEST_VISIT_MS));
  await limiter.forgetBefore(Math.min(before, now - DAY));
  if (cleared > 0) log.info('Phone numbers of finished visits forgotten', { texts: cleared });
  return cleared;
}
