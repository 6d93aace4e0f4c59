/**
 * When will each waiting person be called? The line is played forward with
 * the site's own rules: the open counters call with the same selection as
 * call-next (services shared between counters, priority policy, pass-over
 * bound), each call taking the learned walk-up plus service time. Whoever is
 * at a counter now leaves it, on average, half a cycle from now.
 *
 * One projection serves every estimate of a state; it is recomputed only when
 * the state has changed.
 */
import { walkAndServiceTime } from './cycle-time.ts';
import { idTable } from './id-tables.ts';
import type { Entry, QueueConfig, QueueState } from './model.ts';
import { lineOrder, selectNext } from './selection.ts';
import { newEntry } from './state.ts';

/** Far enough for the estimates that matter; people further back get the line's pace instead. */
export const PROJECTED_PER_LINE = 50;
/** Stands in, at the end of each line, for someone who joins now. */
export const JOINER = '\u0000joiner:';

export interface CallTime {
  meanMs: number;
  varianceMs2: number;
}

const cache = new WeakMap<QueueState, { seq: number; config: QueueConfig; calls: Map<string, CallTime> }>();

export function projectCalls(state: QueueState, config: QueueConfig): Map<string, CallTime> {
  const cached = cache.get(state);
  if (cached && cached.seq === state.seq && cached.config === config) return cached.calls;
  const calls = project(state, config);
  cache.set(state, { seq: state.seq, config, calls });
  return calls;
}

function project(state: QueueState, config: QueueConfig): Map<string, CallTime> {
  // A private copy of the lines and of what selection reads, with a joiner at the end of each.
  const entries = idTable<Entry>();
  const lines = idTable<string[]>();
  for (const service of config.services) {
    const ids = (state.lines[service.id] ?? []).slice(0, PROJECTED_PER_LINE);
    for (const id of ids) entries[id] = { ...state.entries[id]! };
    const joiner = `${JOINER}${service.id}`;
    entries[joiner] = { ...placeholder, id: joiner, serviceId: service.id };
    lines[service.id] = [...ids, joiner];
  }
  const copy = { lines, entries };
  // Minutes-based pass-over needs a clock; the count bound is what shapes the order.
  const policy = { ...config.priority, maxPassOverMinutes: null };

  const counters = config.counters
    .filter((c) => state.counters[c.id]?.status === 'open')
    .map((c) => {
      const live = state.counters[c.id]!;
      const current = live.currentEntryId ? state.entries[live.currentEntryId] : undefined;
      const busy = current ? walkAndServiceTime(state, config, current.serviceId) : null;
      return {
        serviceIds: c.serviceIds,
        credit: { ...live.credit },
        freeAt: busy ? busy.mean / 2 : 0,
        variance: busy ? busy.variance / 4 : 0,
      };
    });

  const calls = new Map<string, CallTime>();
  while (counters.length > 0) {
    let soonest = 0;
    for (let i = 1; i < counters.length; i++) if (counters[i]!.freeAt < counters[soonest]!.freeAt) soonest = i;
    const counter = counters[soonest]!;
    const selection = selectNext(lineOrder(copy, counter.serviceIds), policy, counter.credit, 0);
    if (!selection) {
      counters.splice(soonest, 1);
      continue;
    }
    const chosen = selection.entry;
    calls.set(chosen.id, { meanMs: counter.freeAt, varianceMs2: counter.variance });
    const line = lines[chosen.serviceId]!;
    line.splice(line.indexOf(chosen.id), 1);
    for (const id of selection.passedOverIds) entries[id]!.passedOver += 1;
    if (selection.credit) counter.credit = selection.credit;
    const cycle = walkAndServiceTime(state, config, chosen.serviceId);
    counter.freeAt += cycle.mean;
    counter.variance += cycle.variance;
  }
  return calls;
}

/** What a joiner looks like to selection: ordinary priority, after everyone. */
const placeholder: Entry = newEntry(
  { at: Number.POSITIVE_INFINITY, seq: Number.POSITIVE_INFINITY },
  {
    id: '',
    ticket: null,
    day: null,
    serviceId: '',
    channel: 'kiosk',
    channelHistory: [],
    status: 'waiting',
    priority: 0,
    language: 'en',
    phone: null,
    requestId: null,
    reference: null,
    queuedAt: Number.POSITIVE_INFINITY,
  },
);
