/**
 * The report's figures beyond waits: phone callers' callback attempts,
 * returned voicemails and abandonment, from the visits rebuilt from the event
 * log (reports.ts). The definitions are the README's ("Reports").
 */
import { WAIT_SO_FAR_BUCKETS, type AbandonmentRow, type CallbackFigures, type VoicemailFigures } from '../contract/reports.ts';
import { localDay } from '../queue/index.ts';
import { percentileMinutes } from './percentile.ts';
import type { CallbackTry, Visit } from './reports.ts';

const MINUTE = 60_000;

const isReached = (attempt: CallbackTry) => attempt.outcome === 'reached' || attempt.outcome === 'completed';

/** A share to three decimals; null when there is nothing to share. */
const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 1000);

export function callbackFigures(visits: Visit[]): CallbackFigures {
  const attempts = visits.flatMap((v) => v.callbacks);
  const reached = attempts.filter(isReached);
  const toReached = reached.map((a) => a.outcomeAt! - a.requestedAt);
  return {
    attempts: attempts.length,
    reached: reached.length,
    reachRate: share(reached.length, attempts.length),
    noAnswers: attempts.filter((a) => a.outcome === 'no-answer').length,
    timedOut: attempts.filter((a) => a.outcome === 'timed-out').length,
    open: attempts.filter((a) => a.outcome === null).length,
    reachedMedianMinutes: percentileMinutes(toReached, 50),
    reachedP90Minutes: percentileMinutes(toReached, 90),
  };
}

export function voicemailFigures(visits: Visit[], timezone: string): VoicemailFigures {
  const voicemails = visits.filter((v) => v.via === 'voicemail');
  const returns = voicemails.flatMap((v) => {
    const reached = v.callbacks.find(isReached);
    return reached ? [{ visit: v, at: reached.outcomeAt! }] : [];
  });
  const leftAt = (v: Visit) => v.voicemailLeftAt ?? v.queuedAt;
  const toReturn = returns.map(({ visit, at }) => at - leftAt(visit));
  const sameDay = returns.filter(({ visit, at }) => localDay(at, timezone) === localDay(leftAt(visit), timezone)).length;
  return {
    left: voicemails.length,
    returned: returns.length,
    returnMedianMinutes: percentileMinutes(toReturn, 50),
    returnP90Minutes: percentileMinutes(toReturn, 90),
    neverReturned: voicemails.length - sameDay,
  };
}

const gaveUp = (v: Visit) => v.outcome === 'left' || v.outcome === 'no_show';

function abandonmentRow(key: string, visits: Visit[]): AbandonmentRow {
  const left = visits.filter((v) => v.outcome === 'left').length;
  const noShows = visits.filter((v) => v.outcome === 'no_show').length;
  return { key, visits: visits.length, left, noShows, rate: share(left + noShows, visits.length) };
}

/** By the channel they waited by at the end: where the line lost them. */
export function abandonmentByChannel(visits: Visit[]): AbandonmentRow[] {
  const channels = [...new Set(visits.map((v) => v.channel))].sort();
  return channels.map((channel) => abandonmentRow(channel, visits.filter((v) => v.channel === channel)));
}

/**
 * How long they had waited: until their first call, or until they left
 * before it. Each bucket counts the visits that waited at least its start
 * (still there to give up), and those that gave up within it.
 */
export function abandonmentByWaitSoFar(visits: Visit[]): AbandonmentRow[] {
  const bounds = [0, 10, 30, 60, Infinity];
  const waited = visits.flatMap((v) => {
    const end = v.calledAt ?? (v.outcome === 'waiting' ? null : v.finishedAt);
    return end === null ? [] : [{ visit: v, minutes: (end - v.queuedAt) / MINUTE }];
  });
  return WAIT_SO_FAR_BUCKETS.map((key, i) => {
    const reached = waited.filter((w) => w.minutes >= bounds[i]!);
    const within = reached.filter((w) => w.minutes < bounds[i + 1]! && gaveUp(w.visit));
    const row = abandonmentRow(key, within.map((w) => w.visit));
    return { ...row, visits: reached.length, rate: share(row.left + row.noShows, reached.length) };
  });
}
