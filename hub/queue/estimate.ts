/**
 * How long someone will wait, learned from what the site actually does.
 *
 * Each call of a service takes a counter for a walk-up plus a service time;
 * both are learned as moving means and spreads. The counters open for the
 * service share their time between the services they serve in proportion to
 * who is waiting for each. The person at place p is called at the p-th call:
 * after the counters finish whoever they have now, p - 1 more cycles shared
 * over those counters. The sum of p - 1 cycle times gives the range (80%).
 */
import type { WaitEstimate } from '../contract/index.ts';
import type { QueueConfig, QueueState, ServiceTimeStats } from './model.ts';

/** Below this many observations the learned spread is not trusted, so a wide one is assumed. */
const MIN_SAMPLES_FOR_SPREAD = 5;
/** Walking up to a counter, until it is observed. */
const DEFAULT_WALK_MS = 45_000;
/** z for an 80% two-sided range. */
const Z80 = 1.2816;
/** Model error on top of the spread of service times: counters pause, people reorder. */
const MODEL_SLACK = 0.15;

export function countersServing(state: QueueState, config: QueueConfig, serviceId: string, onlyOpen: boolean): number {
  return config.counters.filter(
    (counter) => counter.serviceIds.includes(serviceId) && (!onlyOpen || state.counters[counter.id]?.status === 'open'),
  ).length;
}

function meanAndSpread(stats: ServiceTimeStats | undefined, fallbackMs: number): { mean: number; variance: number } {
  if (!stats) return { mean: fallbackMs, variance: (fallbackMs / 2) ** 2 };
  const variance = stats.samples >= MIN_SAMPLES_FOR_SPREAD ? stats.varianceMs2 : Math.max(stats.varianceMs2, (stats.meanMs / 2) ** 2);
  return { mean: stats.meanMs, variance };
}

/**
 * How many counters' worth of time the service gets: each open counter that
 * serves it gives the share of its waiting people that are waiting for it.
 * With every counter closed, the ones that serve it are assumed to open.
 */
function effectiveCounters(state: QueueState, config: QueueConfig, serviceId: string): { counters: number; anyIdle: boolean } {
  const serving = config.counters.filter((c) => c.serviceIds.includes(serviceId));
  const open = serving.filter((c) => state.counters[c.id]?.status === 'open');
  if (open.length === 0) return { counters: Math.max(1, serving.length), anyIdle: false };
  let counters = 0;
  for (const counter of open) {
    const waitingHere = counter.serviceIds.reduce((sum, id) => sum + (state.lines[id]?.length ?? 0), 0);
    const mine = state.lines[serviceId]?.length ?? 0;
    counters += waitingHere === 0 ? 1 / counter.serviceIds.length : Math.max(mine, 1) / Math.max(waitingHere, 1);
  }
  const anyIdle = open.some((c) => state.counters[c.id]!.currentEntryId === null);
  return { counters: Math.max(counters, 0.1), anyIdle };
}

/** Estimated wait for the person at `position` (1-based) in a service's line. */
export function estimateWait(state: QueueState, config: QueueConfig, serviceId: string, position: number): WaitEstimate | null {
  const service = config.services.find((s) => s.id === serviceId);
  if (!service) return null;
  const serviceTime = meanAndSpread(state.serviceStats[serviceId], service.expectedServiceMinutes * 60_000);
  const walk = meanAndSpread(state.walkStats ?? undefined, DEFAULT_WALK_MS);
  const cycle = { mean: serviceTime.mean + walk.mean, variance: serviceTime.variance + walk.variance };
  const { counters, anyIdle } = effectiveCounters(state, config, serviceId);
  // Until the first call: nothing if a counter is free, else on average half a cycle of the soonest counter.
  const firstCall = anyIdle ? 0 : cycle.mean / (2 * Math.max(1, Math.round(counters)));
  const cycles = position - 1;
  const mean = firstCall + (cycles * cycle.mean) / counters;
  const spread = Z80 * (Math.sqrt(cycles * cycle.variance) / counters) + MODEL_SLACK * mean;
  return {
    lowMinutes: Math.max(0, Math.floor((mean - spread) / 60_000)),
    highMinutes: Math.max(1, Math.ceil((mean + spread) / 60_000)),
  };
}
