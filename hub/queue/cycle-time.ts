/** How long one call takes a counter: the learned walk-up plus the learned service time. */
import type { QueueConfig, QueueState, ServiceTimeStats } from './model.ts';

/** Below this many observations the learned spread is not trusted, so a wide one is assumed. */
export const MIN_SAMPLES_FOR_SPREAD = 5;
/** Walking up to a counter, until it is observed. */
const DEFAULT_WALK_MS = 45_000;

export interface Duration {
  mean: number;
  variance: number;
}

export function meanAndSpread(stats: ServiceTimeStats | null | undefined, fallbackMs: number): Duration {
  if (!stats) return { mean: fallbackMs, variance: (fallbackMs / 2) ** 2 };
  const variance = stats.samples >= MIN_SAMPLES_FOR_SPREAD ? stats.varianceMs2 : Math.max(stats.varianceMs2, (stats.meanMs / 2) ** 2);
  return { mean: stats.meanMs, variance };
}

export function walkAndServiceTime(state: QueueState, config: QueueConfig, serviceId: string): Duration {
  const expected = config.services.find((s) => s.id === serviceId)?.expectedServiceMinutes ?? 5;
  const service = meanAndSpread(state.serviceStats[serviceId], expected * 60_000);
  const walk = meanAndSpread(state.walkStats, DEFAULT_WALK_MS);
  return { mean: service.mean + walk.mean, variance: service.variance + walk.variance };
}
