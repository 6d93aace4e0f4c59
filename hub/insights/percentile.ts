/** The reports' one statistic for durations. */

/** Nearest-rank percentile, in minutes; null for no data. */
export function percentileMinutes(durationsMs: number[], p: number): number | null {
  if (durationsMs.length === 0) return null;
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const value = sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return Math.round((value / 60_000) * 10) / 10;
}
