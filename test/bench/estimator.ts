/**
 * The wait estimate against the naive "place × the site's minutes per person",
 * over simulated days replayed through the queue (same days, same run), for
 * sites whose guessed service times are too low, right and too high, on
 * normal and busy days: mean absolute error of the estimate's midpoint, and
 * how often the true wait fell inside the range shown.
 */
import { simulateDays, type EstimateSample } from '../../hub/insights/day-simulation.ts';
import { benchConfig, fmt } from './engine-bench.ts';

const DAYS = 4;
/** 2026-03-02 08:00 in New York. */
const FIRST_OPENING = Date.parse('2026-03-02T13:00:00Z');
const SCENARIOS = [0.8, 1.0, 1.35].flatMap((serviceTimeFactor) => [90, 115].map((visits) => ({ serviceTimeFactor, visits })));

const midpoint = (s: EstimateSample) => (s.estimate.lowMinutes + s.estimate.highMinutes) / 2;

function score(samples: EstimateSample[]) {
  const served = samples.filter((s) => s.actualMinutes !== null);
  const mean = (f: (s: EstimateSample) => number) => served.reduce((sum, s) => sum + f(s), 0) / served.length;
  return {
    visits: served.length,
    meanWait: mean((s) => s.actualMinutes!),
    learned: mean((s) => Math.abs(midpoint(s) - s.actualMinutes!)),
    naive: mean((s) => Math.abs(s.naiveMinutes - s.actualMinutes!)),
    inRange: mean((s) => (s.actualMinutes! >= s.estimate.lowMinutes && s.actualMinutes! <= s.estimate.highMinutes ? 1 : 0)),
  };
}

export async function benchEstimator(): Promise<string[]> {
  const lines: string[] = [];
  const all: EstimateSample[] = [];
  for (const scenario of SCENARIOS) {
    const { samples } = simulateDays(benchConfig(), DAYS, FIRST_OPENING, scenario);
    all.push(...samples);
    const s = score(samples);
    lines.push(
      `service times ${fmt(scenario.serviceTimeFactor, 2)}× the site's guess, ~${scenario.visits} visits/day: ` +
        `mean wait ${fmt(s.meanWait)} min; error naive ${fmt(s.naive)} min, learned ${fmt(s.learned)} min ` +
        `(${fmt((1 - s.learned / s.naive) * 100, 0)}% lower); in range ${fmt(s.inRange * 100, 0)}%`,
    );
  }
  const total = score(all);
  lines.push(
    `all ${total.visits} visits over ${SCENARIOS.length * DAYS} days: mean absolute error naive (baseline) ${fmt(total.naive)} min, ` +
      `learned ${fmt(total.learned)} min = ${fmt((1 - total.learned / total.naive) * 100, 0)}% lower (goal >= 30%); ` +
      `true wait inside the 80% range ${fmt(total.inRange * 100, 0)}% of the time`,
  );
  return lines;
}
