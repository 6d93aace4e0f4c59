/**
 * A first wait estimate: observed service times (moving mean and spread per
 * service) shared over the counters open for that service, as a range.
 */
import type { WaitEstimate } from '../contract/index.ts';
import type { QueueConfig, QueueState } from './model.ts';

/** Below this many observations the spread is a guess, so the range is kept wide. */
const MIN_SAMPLES_FOR_SPREAD = 5;

export function countersServing(state: QueueState, config: QueueConfig, serviceId: string, onlyOpen: boolean): number {
  return config.counters.filter(
    (counter) => counter.serviceIds.includes(serviceId) && (!onlyOpen || state.counters[counter.id]?.status === 'open'),
  ).length;
}

/** Estimated wait for the person at `position` (1-based) in a service's line. */
export function estimateWait(state: QueueState, config: QueueConfig, serviceId: string, position: number): WaitEstimate | null {
  const service = config.services.find((s) => s.id === serviceId);
  if (!service) return null;
  const stats = state.serviceStats[serviceId];
  const meanMs = stats?.meanMs ?? service.expectedServiceMinutes * 60_000;
  const spreadMs =
    stats && stats.samples >= MIN_SAMPLES_FOR_SPREAD ? Math.sqrt(stats.varianceMs2) : meanMs / 2;
  // With every counter closed, assume the ones that serve this service will open.
  const counters = Math.max(1, countersServing(state, config, serviceId, true) || countersServing(state, config, serviceId, false));
  const ahead = position - 1;
  const low = (ahead * Math.max(meanMs - spreadMs, meanMs / 2)) / counters;
  const high = ((ahead + 1) * (meanMs + spreadMs)) / counters;
  return { lowMinutes: Math.floor(low / 60_000), highMinutes: Math.max(1, Math.ceil(high / 60_000)) };
}
