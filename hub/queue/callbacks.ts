/**
 * The rules of a phone caller's callback, read from the entry and the site's
 * policy: which attempt is open, by when it must be answered, and from when
 * the caller may be called (again). Deadlines live in the state, never in a
 * timer, so a restarted hub knows them at once.
 */
import { DEFAULT_CALLBACK_POLICY, type CallbackAttempt, type CallbackOutcome, type CallbackPolicy, type Entry, type QueueConfig } from './model.ts';

const MINUTE = 60_000;

export function callbackPolicy(config: QueueConfig): CallbackPolicy {
  return config.callbacks ?? DEFAULT_CALLBACK_POLICY;
}

export const isReached = (outcome: CallbackOutcome | null): boolean => outcome === 'reached' || outcome === 'completed';
export const isUnanswered = (outcome: CallbackOutcome | null): boolean => outcome === 'no-answer' || outcome === 'timed-out';

/** The attempt the contact center is making now: the newest one, while nothing came of it. */
export function openAttempt(entry: Entry): CallbackAttempt | null {
  const last = entry.callback?.attempts.at(-1);
  return last && last.outcome === null ? last : null;
}

/** When an attempt times out if nobody reports what came of it. */
export function answerBy(attempt: Pick<CallbackAttempt, 'requestedAt'>, policy: CallbackPolicy): number {
  return attempt.requestedAt + policy.answerMinutes * MINUTE;
}

/**
 * The earliest a waiting phone caller may be called: not before the time they
 * asked for, nor sooner than the retry interval after an unanswered attempt.
 * Null when nothing holds them back. Someone who moved off the phone (walked
 * in) is in the lobby: neither applies any more.
 */
export function callableFrom(entry: Entry, policy: CallbackPolicy): number | null {
  if (entry.channel !== 'phone' || !entry.callback) return null;
  const last = entry.callback.attempts.at(-1);
  const retryAt = last && isUnanswered(last.outcome) && last.outcomeAt !== null ? last.outcomeAt + policy.retryMinutes * MINUTE : null;
  const times = [entry.callback.notBefore, retryAt].filter((t): t is number => t !== null);
  return times.length > 0 ? Math.max(...times) : null;
}

export function callableNow(entry: Entry, policy: CallbackPolicy, now: number): boolean {
  const from = callableFrom(entry, policy);
  return from === null || from <= now;
}
