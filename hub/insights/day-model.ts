/**
 * A realistic clinic day, reproducible from a seed: arrivals that peak in the
 * morning, a mix of services and channels, some priority visitors, service
 * times that are longer and more varied than the site file guessed, walk-ups
 * and no-shows, and a counter that closes for lunch; phone callers whose
 * callbacks are answered (or not), voicemails, remote waiters who say "I'm
 * here", and people who change channel on the way. Used by the estimator
 * benchmark (in simulated time) and by `npm run simulate` (insights/day-driver.ts).
 */
import type { Channel } from '../contract/index.ts';

export interface DayService {
  id: string;
  expectedServiceMinutes: number;
}

export interface SimulatedVisit {
  /** Minutes after opening. */
  arrivesAfterMinutes: number;
  serviceId: string;
  channel: Channel;
  priority: number;
  serviceMinutes: number;
  walkMinutes: number;
  noShow: boolean;
  /** Whether the first callback is answered, rings out, or is never answered at all (later ones are answered). */
  callback: 'reached' | 'no-answer' | 'unanswered';
  /** A phone caller who left a voicemail this many minutes before the contact center passed it on; null otherwise. */
  voicemailMinutesAgo: number | null;
  /** A remote waiter who says "I'm here" this many minutes after joining; null: they come only when called. */
  hereAfterMinutes: number | null;
  /** Changes channel on the way: a caller walks in to the kiosk, a remote waiter asks to be called back instead. */
  handOff: { to: 'kiosk' | 'phone'; afterMinutes: number } | null;
}

export interface DayModelOptions {
  seed: number;
  /** Expected visits over the whole day. */
  visits: number;
  openHours: number;
  /** True service time ÷ the site file's guess: sites rarely guess right. */
  serviceTimeFactor: number;
}

export const DEFAULT_DAY: DayModelOptions = { seed: 1, visits: 110, openHours: 9, serviceTimeFactor: 1.2 };

/** Relative arrival rate for each opening hour: a rush after opening, a lull at lunch. */
const HOURLY_PROFILE = [0.9, 1.7, 1.5, 1.1, 0.7, 0.8, 1.0, 0.8, 0.5];
const CHANNELS: [Channel, number][] = [
  ['kiosk', 0.6],
  ['remote', 0.25],
  ['phone', 0.15],
];

/** mulberry32: small, fast and good enough to make a day repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r <= 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

/** A log-normal sample with the given mean and coefficient of variation. */
function logNormal(random: () => number, mean: number, cv: number): number {
  const sigma2 = Math.log(1 + cv * cv);
  const mu = Math.log(mean) - sigma2 / 2;
  const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.exp(mu + Math.sqrt(sigma2) * normal);
}

export function simulatedDay(services: DayService[], options: DayModelOptions = DEFAULT_DAY): SimulatedVisit[] {
  const random = seededRandom(options.seed);
  // Drawn apart, so that a seed gives the same arrivals, services and times as before these were modelled.
  const away = seededRandom(options.seed + 0x5eed);
  const hours = HOURLY_PROFILE.slice(0, options.openHours);
  const profileSum = hours.reduce((a, b) => a + b, 0);
  const peak = Math.max(...hours);
  // Arrivals per minute at the peak; thinning turns it into the hourly profile.
  const peakRate = (options.visits / profileSum) * (peak / 60);
  const serviceWeights: [DayService, number][] = services.map((s, i) => [s, i === 0 ? 2 : 1]);
  const visits: SimulatedVisit[] = [];
  let t = 0;
  for (;;) {
    t += -Math.log(1 - random()) / peakRate;
    if (t >= options.openHours * 60) return visits;
    if (random() > hours[Math.floor(t / 60)]! / peak) continue;
    const service = pick(random, serviceWeights);
    const channel = pick(random, CHANNELS);
    visits.push({
      arrivesAfterMinutes: t,
      serviceId: service.id,
      channel,
      priority: random() < 0.1 ? 1 : 0,
      serviceMinutes: logNormal(random, service.expectedServiceMinutes * options.serviceTimeFactor, 0.6),
      // People waiting elsewhere take longer to come back than people in the lobby.
      walkMinutes: channel === 'kiosk' ? 0.3 + random() * 0.7 : 1 + random() * 3,
      noShow: random() < 0.04,
      ...awayFromTheLobby(away, channel),
    });
  }
}

/** What happens to a visit away from the lobby: callbacks, voicemails, "I'm here" and hand-offs. */
function awayFromTheLobby(random: () => number, channel: Channel): Pick<SimulatedVisit, 'callback' | 'voicemailMinutesAgo' | 'hereAfterMinutes' | 'handOff'> {
  const callback = pick<SimulatedVisit['callback']>(random, [
    ['reached', 0.8],
    ['no-answer', 0.12],
    ['unanswered', 0.08],
  ]);
  const voicemail = channel === 'phone' && random() < 0.25 ? 5 + random() * 40 : null;
  const here = channel === 'remote' && random() < 0.6 ? 5 + random() * 20 : null;
  const handOffTo = channel === 'phone' && voicemail === null && random() < 0.2 ? 'kiosk' : channel === 'remote' && here === null && random() < 0.3 ? 'phone' : null;
  return { callback, voicemailMinutesAgo: voicemail, hereAfterMinutes: here, handOff: handOffTo && { to: handOffTo, afterMinutes: 1 + random() * 8 } };
}

/** Counters that close for lunch: the last counter, from 12:00 to 13:00 (hours 4-5 after an 08:00 opening). */
export function lunchBreak(counterIds: string[]): { counterId: string; fromMinutes: number; toMinutes: number } | null {
  const last = counterIds[counterIds.length - 1];
  return last ? { counterId: last, fromMinutes: 4 * 60, toMinutes: 5 * 60 } : null;
}
