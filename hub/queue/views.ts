/** Read-only views of the state, as staff, integrations and lobby screens see it. */
import type {
  CallbackView,
  CallbackWindow,
  ExpectedCallback,
  CounterView,
  EntryView,
  VisitContext,
  PublicCall,
  PublicCounterState,
  PublicNowServing,
  PublicServiceState,
  PublicSite,
  VoicemailView,
} from '../contract/index.ts';
import { answerBy, callableFrom, callbackPolicy } from './callbacks.ts';
import { countersServing, estimateForEntry, estimateForJoiner, expectedCallback, noCounterOpen } from './estimate.ts';
import type { Entry, QueueConfig, QueueState } from './model.ts';
import { indexInLine } from './places.ts';
import { voicemailDue } from './voicemail.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const span = (from: number | null, to: number | null) => (from === null || to === null ? null : to - from);

/** 1-based place in its service's line, or null when not waiting. */
export function positionOf(state: QueueState, entry: Entry): number | null {
  if (entry.status !== 'waiting') return null;
  const index = indexInLine(state, entry.serviceId, entry.id);
  return index < 0 ? null : index + 1;
}

export function entryView(state: QueueState, config: QueueConfig, entry: Entry): EntryView {
  const position = positionOf(state, entry);
  return {
    entryId: entry.id,
    ticket: entry.ticket,
    serviceId: entry.serviceId,
    channel: entry.channel,
    channelHistory: entry.channelHistory,
    hasPhone: entry.phone !== null,
    status: entry.status,
    priority: entry.priority,
    language: entry.language,
    position,
    estimate: estimateForEntry(state, config, entry),
    noCounterOpen: entry.status === 'waiting' ? noCounterOpen(state, config, entry.serviceId) : null,
    counterId: entry.counterId,
    enrolledAt: iso(entry.enrolledAt)!,
    calledAt: iso(entry.calledAt),
    servingAt: iso(entry.servingAt),
    finishedAt: iso(entry.finishedAt),
    waitMs: span(entry.queuedAt, entry.calledAt),
    walkMs: span(entry.calledAt, entry.servingAt),
    serviceMs: span(entry.servingAt, entry.finishedAt),
    reference: entry.reference,
    onMyWayAt: iso(entry.onMyWayAt),
    moreTimeCount: entry.moreTimeCount,
    arrivedAt: iso(entry.arrivedAt ?? null),
    via: entry.via ?? null,
    voicemail: voicemailView(config, entry),
    callback: callbackView(config, entry),
  };
}

function voicemailView(config: QueueConfig, entry: Entry): VoicemailView | null {
  const due = voicemailDue(config, entry);
  return due && { leftAt: iso(due.leftAt)!, returnBy: iso(due.returnBy)! };
}

function callbackView(config: QueueConfig, entry: Entry): CallbackView | null {
  const callback = entry.callback ?? null;
  if (!callback) return null;
  const policy = callbackPolicy(config);
  return {
    notBefore: iso(callback.notBefore),
    notAfter: iso(callback.notAfter),
    attempts: callback.attempts.map((a) => ({ ...a, requestedAt: iso(a.requestedAt)!, answerBy: iso(answerBy(a, policy))!, outcomeAt: iso(a.outcomeAt) })),
    callableFrom: entry.status === 'waiting' ? iso(callableFrom(entry, policy)) : null,
  };
}

/** The time a phone caller asked to be called in; null for "as soon as my turn comes". */
export function callbackWindowOf(entry: Entry): CallbackWindow | null {
  const callback = entry.callback;
  if (!callback || (callback.notBefore === null && callback.notAfter === null)) return null;
  return { notBefore: iso(callback.notBefore), notAfter: iso(callback.notAfter) };
}

/** Who the contact center will call back, and when: every waiting phone caller, front of each line first. */
export function expectedCallbacks(state: QueueState, config: QueueConfig, now: number): ExpectedCallback[] {
  return config.services.flatMap((service) =>
    (state.lines[service.id] ?? []).flatMap((entryId, index) => {
      const entry = state.entries[entryId]!;
      if (entry.channel !== 'phone' || !entry.ticket) return [];
      const expected = expectedCallback(state, config, entry, now);
      return [
        {
          entryId,
          ticket: entry.ticket,
          serviceId: entry.serviceId,
          position: index + 1,
          expectedAt: expected && iso(expected.expectedAt),
          estimate: expected?.estimate ?? null,
          window: callbackWindowOf(entry),
        },
      ];
    }),
  );
}

/** Why they came and what staff and agents noted: for the desk and the contact center only. */
export function visitContext(entry: Entry): VisitContext {
  return {
    reason: entry.reason ?? null,
    notes: (entry.notes ?? []).map((note) => ({ at: iso(note.at)!, by: note.by, text: note.text })),
  };
}

export function counterView(state: QueueState, config: QueueConfig, counterId: string): CounterView {
  const counter = config.counters.find((c) => c.id === counterId)!;
  const live = state.counters[counterId]!;
  return {
    counterId,
    name: counter.name,
    ...(counter.names && { names: counter.names }),
    status: live.status,
    serviceIds: counter.serviceIds,
    currentEntryId: live.currentEntryId,
  };
}

function counterNamesOf(config: QueueConfig, counterId: string): Pick<PublicCall, 'counterName' | 'counterNames'> {
  const counter = config.counters.find((c) => c.id === counterId);
  return { counterName: counter?.name ?? counterId, ...(counter?.names && { counterNames: counter.names }) };
}

export function publicNowServing(state: QueueState, config: QueueConfig, now: number): PublicNowServing {
  return {
    calls: state.recentCalls.map((call) => ({
      ticket: call.ticket,
      serviceId: call.serviceId,
      counterId: call.counterId,
      ...counterNamesOf(config, call.counterId),
      calledAt: iso(call.calledAt)!,
      recalls: call.recalls,
    })),
    updatedAt: iso(now)!,
  };
}

export function publicServiceState(state: QueueState, config: QueueConfig, serviceId: string, now: number): PublicServiceState {
  const service = config.services.find((s) => s.id === serviceId)!;
  const waiting = (state.lines[serviceId] ?? []).length;
  return {
    serviceId,
    name: service.name,
    prefix: service.prefix,
    waiting,
    openCounters: countersServing(state, config, serviceId, true),
    // What someone joining now would wait.
    estimate: estimateForJoiner(state, config, serviceId),
    noCounterOpen: noCounterOpen(state, config, serviceId),
    updatedAt: iso(now)!,
  };
}

export function publicCounterState(state: QueueState, config: QueueConfig, counterId: string, now: number): PublicCounterState {
  const counter = config.counters.find((c) => c.id === counterId)!;
  const live = state.counters[counterId]!;
  const current = live.currentEntryId ? state.entries[live.currentEntryId] : undefined;
  return {
    counterId,
    name: counter.name,
    ...(counter.names && { names: counter.names }),
    status: live.status,
    ticket: current?.ticket ?? null,
    serviceId: current?.serviceId ?? null,
    updatedAt: iso(now)!,
  };
}

export function publicSite(config: QueueConfig & { name: string; languages: string[] }): PublicSite {
  return {
    siteId: config.siteId,
    name: config.name,
    languages: config.languages,
    timeZone: config.timezone,
    services: config.services.map((s) => ({ serviceId: s.id, name: s.name, prefix: s.prefix })),
    counters: config.counters.map((c) => ({ counterId: c.id, name: c.name, ...(c.names && { names: c.names }), serviceIds: c.serviceIds })),
  };
}
