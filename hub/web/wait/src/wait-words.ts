/** A wait in words: a range, or that no counter serves the line yet and when counters usually open. */
import type { NoCounterOpen, WaitEstimate } from '../../../contract/views.ts';
import { clockTime } from '../../../../web-lib/clock-time.ts';
import type { Messages } from './i18n/index.ts';

export interface WaitFacts {
  estimate: WaitEstimate | null;
  noCounterOpen?: NoCounterOpen | null;
}

/** Short, for the list of services: "4 to 9 min", or "No counter open yet · Counters usually open at 8:00 AM." */
export function shortWait(messages: Messages, language: string, facts: WaitFacts): string {
  if (facts.noCounterOpen) return joined(messages.noCounterOpenShort, opening(messages, language, facts.noCounterOpen));
  return facts.estimate ? messages.wait(facts.estimate.lowMinutes, facts.estimate.highMinutes) : messages.noEstimate;
}

/** In full, on the status page: null when there is a range (shown with its label) or nothing known. */
export function noCounterWords(messages: Messages, language: string, serviceName: string, facts: WaitFacts): string | null {
  if (!facts.noCounterOpen) return null;
  const opens = opening(messages, language, facts.noCounterOpen);
  return opens ? `${messages.noCounterOpen(serviceName)} ${opens}` : messages.noCounterOpen(serviceName);
}

function opening(messages: Messages, language: string, closed: NoCounterOpen): string | null {
  return closed.usuallyOpensAt ? messages.usuallyOpens(clockTime(closed.usuallyOpensAt, language)) : null;
}

const joined = (first: string, second: string | null) => (second ? `${first} · ${second}` : first);
