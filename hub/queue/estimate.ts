/**
 * How long someone will wait, learned from what the site actually does, as a
 * range meant to hold the true wait four times out of five.
 *
 * The line is played forward (./projection.ts) with learned walk-up and
 * service times over the counters that are open. Where that cannot reach (far
 * back in a very long line) the line's observed pace between calls stands in,
 * or, before any pace is known, the service and walk-up times shared over the
 * open counters that serve the service.
 *
 * While no open counter serves a service there is no estimate at all: nobody
 * is calling that line, so any range would be made up. What is known instead
 * (when counters usually open) is in noCounterOpen().
 */
import type { NoCounterOpen, WaitEstimate } from '../contract/index.ts';
import { callableFrom, callbackPolicy } from './callbacks.ts';
import { meanAndSpread, MIN_SAMPLES_FOR_SPREAD, walkAndServiceTime, type Duration } from './cycle-time.ts';
import type { Entry, QueueConfig, QueueState } from './model.ts';
import { JOINER, projectCalls } from './projection.ts';
import { indexInLine } from './places.ts';

/** z for an 80% two-sided range. */
const Z80 = 1.2816;
/** Model error on top of the spread of service times: counters pause, people reorder. */
const MODEL_SLACK = 0.15;

export function countersServing(state: QueueState, config: QueueConfig, serviceId: string, onlyOpen: boolean): number {
  return config.counters.filter(
    (counter) => counter.serviceIds.includes(serviceId) && (!onlyOpen || state.counters[counter.id]?.status === 'open'),
  ).length;
}

/** Null while an open counter serves the service; else what is known about when one will. */
export function noCounterOpen(state: QueueState, config: QueueConfig, serviceId: string): NoCounterOpen | null {
  if (countersServing(state, config, serviceId, true) > 0) return null;
  return { usuallyOpensAt: config.hours?.opens ?? null };
}

/** The estimate for someone waiting now; null when they are not waiting or no open counter serves their line. */
export function estimateForEntry(state: QueueState, config: QueueConfig, entry: Entry): WaitEstimate | null {
  if (entry.status !== 'waiting' || noCounterOpen(state, config, entry.serviceId)) return null;
  const projected = projectCalls(state, config).get(entry.id);
  if (projected) return asRange({ mean: projected.meanMs, variance: projected.varianceMs2 });
  const position = indexInLine(state, entry.serviceId, entry.id) + 1;
  return asRange(fallback(state, config, entry.serviceId, position));
}

/** The estimate for someone who joins a service's line now: what kiosks and lobby screens show; null while no open counter serves it. */
export function estimateForJoiner(state: QueueState, config: QueueConfig, serviceId: string): WaitEstimate | null {
  if (noCounterOpen(state, config, serviceId)) return null;
  const projected = projectCalls(state, config).get(`${JOINER}${serviceId}`);
  if (projected) return asRange({ mean: projected.meanMs, variance: projected.varianceMs2 });
  return asRange(fallback(state, config, serviceId, (state.lines[serviceId] ?? []).length + 1));
}

/**
 * When a waiting phone caller can expect the call: the estimate for their
 * place, but never before they may be called (the time they asked for, or the
 * end of a retry interval): max(estimate, notBefore). Null as for estimateForEntry.
 */
export function expectedCallback(state: QueueState, config: QueueConfig, entry: Entry, now: number): { estimate: WaitEstimate; expectedAt: number } | null {
  const estimate = estimateForEntry(state, config, entry);
  if (!estimate) return null;
  const from = callableFrom(entry, callbackPolicy(config));
  const floor = from === null ? 0 : Math.max(0, Math.ceil((from - now) / 60_000));
  const raised = { lowMinutes: Math.max(estimate.lowMinutes, floor), highMinutes: Math.max(estimate.highMinutes, floor) };
  const middle = now + ((raised.lowMinutes + raised.highMinutes) / 2) * 60_000;
  return { estimate: raised, expectedAt: Math.max(middle, from ?? middle) };
}

function asRange({ mean, variance }: Duration): WaitEstimate {
  const spread = Z80 * Math.sqrt(variance) + MODEL_SLACK * mean;
  return {
    lowMinutes: Math.max(0, Math.floor((mean - spread) / 60_000)),
    highMinutes: Math.max(1, Math.ceil((mean + spread) / 60_000)),
  };
}

function fallback(state: QueueState, config: QueueConfig, serviceId: string, position: number): Duration {
  const pace = state.drain[serviceId]?.interval;
  if (pace && pace.samples >= MIN_SAMPLES_FOR_SPREAD) {
    // The time between calls while people waited already holds shared counters, priority and breaks;
    // on average half a gap has passed since the last call.
    const gap = meanAndSpread(pace, pace.meanMs);
    return { mean: (position - 0.5) * gap.mean, variance: position * gap.variance };
  }
  const counters = Math.max(1, countersServing(state, config, serviceId, true));
  const cycle = walkAndServiceTime(state, config, serviceId);
  return { mean: ((position - 0.5) * cycle.mean) / counters, variance: (position * cycle.variance) / counters ** 2 };
}
