/**
 * Replays simulated days through the queue domain in simulated time: people
 * arrive, counters call, people walk up (or don't), are served and leave. For
 * every arrival it records the estimate shown at that moment, the naive
 * "place × the site's minutes per person" figure, and the wait that followed.
 */
import type { Command, WaitEstimate } from '../contract/index.ts';
import { createState, decideAndApply, entryView, type Actor, type QueueConfig, type QueueEvent, type QueueState } from '../queue/index.ts';
import { DEFAULT_DAY, lunchBreak, simulatedDay, type DayModelOptions, type SimulatedVisit } from './day-model.ts';

const MINUTE = 60_000;
/** How long staff wait for someone who was called and does not come. */
const NO_SHOW_AFTER_MINUTES = 3;

export interface EstimateSample {
  serviceId: string;
  position: number;
  estimate: WaitEstimate;
  naiveMinutes: number;
  actualMinutes: number | null;
}

type Happening =
  | { at: number; kind: 'arrive'; visit: SimulatedVisit }
  | { at: number; kind: 'walked-up' | 'no-show' | 'served'; entryId: string }
  | { at: number; kind: 'counter'; counterId: string; status: 'open' | 'paused' };

export function simulateDays(config: QueueConfig, days: number, dayStart: number, model: Partial<DayModelOptions> = {}) {
  const state: QueueState = createState(config);
  const actor: Actor = { kind: 'system', id: 'simulation' };
  const samples = new Map<string, EstimateSample>();
  const visits = new Map<string, SimulatedVisit>();
  let ids = 0;
  let now = dayStart;
  const events: QueueEvent[] = [];
  const run = (command: Command) => {
    const result = decideAndApply({ config, state, now, newId: () => `v${++ids}` }, command, actor);
    events.push(...result.events);
    return result.decision;
  };

  for (let day = 0; day < days; day++) {
    const opening = dayStart + day * 24 * 60 * MINUTE;
    const agenda: Happening[] = [];
    const plan = (h: Happening) => {
      // Keep the agenda sorted by time; equal times keep their planning order.
      let i = agenda.length;
      while (i > 0 && agenda[i - 1]!.at > h.at) i--;
      agenda.splice(i, 0, h);
    };
    for (const counter of config.counters) plan({ at: opening, kind: 'counter', counterId: counter.id, status: 'open' });
    const lunch = lunchBreak(config.counters.map((c) => c.id));
    if (lunch) {
      plan({ at: opening + lunch.fromMinutes * MINUTE, kind: 'counter', counterId: lunch.counterId, status: 'paused' });
      plan({ at: opening + lunch.toMinutes * MINUTE, kind: 'counter', counterId: lunch.counterId, status: 'open' });
    }
    for (const visit of simulatedDay(config.services, { ...DEFAULT_DAY, ...model, seed: (model.seed ?? DEFAULT_DAY.seed) + day })) {
      plan({ at: opening + visit.arrivesAfterMinutes * MINUTE, kind: 'arrive', visit });
    }

    const callWhereFree = () => {
      for (const counter of config.counters) {
        const live = state.counters[counter.id]!;
        if (live.status !== 'open' || live.currentEntryId !== null) continue;
        const decision = run({ type: 'call-next', counterId: counter.id });
        if (!decision.ok || !('entryId' in decision.subject)) continue;
        const entryId = decision.subject.entryId;
        const sample = samples.get(entryId);
        if (sample && sample.actualMinutes === null) sample.actualMinutes = (now - state.entries[entryId]!.enrolledAt) / MINUTE;
        const visit = visits.get(entryId)!;
        plan(
          visit.noShow
            ? { at: now + NO_SHOW_AFTER_MINUTES * MINUTE, kind: 'no-show', entryId }
            : { at: now + visit.walkMinutes * MINUTE, kind: 'walked-up', entryId },
        );
      }
    };

    while (agenda.length > 0) {
      const next = agenda.shift()!;
      now = Math.round(next.at); // event times are whole milliseconds
      switch (next.kind) {
        case 'arrive': {
          const { visit } = next;
          const decision = run({ type: 'enroll', serviceId: visit.serviceId, channel: visit.channel, priority: visit.priority });
          if (!decision.ok || !('entryId' in decision.subject)) break;
          const entry = state.entries[decision.subject.entryId]!;
          visits.set(entry.id, visit);
          const view = entryView(state, config, entry);
          // While no counter serves the line (a lunch break at its only counter) no estimate is shown, so there is none to score.
          if (!view.estimate) break;
          const expected = config.services.find((s) => s.id === visit.serviceId)!.expectedServiceMinutes;
          samples.set(entry.id, {
            serviceId: visit.serviceId,
            position: view.position!,
            estimate: view.estimate,
            naiveMinutes: view.position! * expected,
            actualMinutes: null,
          });
          break;
        }
        case 'walked-up':
          run({ type: 'start-serving', entryId: next.entryId });
          plan({ at: now + visits.get(next.entryId)!.serviceMinutes * MINUTE, kind: 'served', entryId: next.entryId });
          break;
        case 'served':
          run({ type: 'complete', entryId: next.entryId });
          break;
        case 'no-show':
          run({ type: 'no-show', entryId: next.entryId });
          break;
        case 'counter':
          run({ type: 'set-counter-status', counterId: next.counterId, status: next.status });
          break;
      }
      callWhereFree();
    }
  }
  return { state, events, samples: [...samples.values()] };
}
