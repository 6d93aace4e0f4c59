/** What every command handler shares: its inputs, its result, and the lookups that can fail. */
import { lobbylineError, type EntryStatus, type ErrorCode, type LobbylineError } from '../../contract/index.ts';
import { arrivedBefore } from '../selection.ts';
import type { CounterConfig, Entry, QueueConfig, QueueEventData, QueueState, ServiceConfig } from '../model.ts';

export interface DecideContext {
  config: QueueConfig;
  state: QueueState;
  /** Time is passed in: the domain never reads a clock. */
  now: number;
  newId: () => string;
}

/** What a command was about, for its reply: one entry, one counter, or (for upkeep) the entries it touched. */
export type Subject = { entryId: string } | { counterId: string } | { entryIds: string[] };

export type Decision =
  | { ok: true; events: QueueEventData[]; subject: Subject }
  | { ok: false; error: LobbylineError };

export const accept = (events: QueueEventData[], subject: Subject): Decision => ({ ok: true, events, subject });
export const reject = (code: ErrorCode, message: string): Decision => ({ ok: false, error: lobbylineError(code, message) });

type Found<T> = { ok: true; value: T } | { ok: false; error: LobbylineError };

export function findEntry(ctx: DecideContext, entryId: string): Found<Entry> {
  const entry = ctx.state.entries[entryId];
  return entry ? { ok: true, value: entry } : { ok: false, error: lobbylineError('not_found', `No entry with id ${entryId}`) };
}

export function findService(ctx: DecideContext, serviceId: string): Found<ServiceConfig> {
  const service = ctx.config.services.find((s) => s.id === serviceId);
  if (service) return { ok: true, value: service };
  const known = ctx.config.services.map((s) => s.id).join(', ');
  return { ok: false, error: lobbylineError('not_found', `No service '${serviceId}' at this site (services: ${known})`) };
}

export function findCounter(ctx: DecideContext, counterId: string): Found<CounterConfig> {
  const counter = ctx.config.counters.find((c) => c.id === counterId);
  if (counter) return { ok: true, value: counter };
  const known = ctx.config.counters.map((c) => c.id).join(', ');
  return { ok: false, error: lobbylineError('not_found', `No counter '${counterId}' at this site (counters: ${known})`) };
}

/** How a person names an entry: its ticket, or "the appointment REF" before it has one. */
export function label(entry: Entry): string {
  return entry.ticket ?? `the appointment ${entry.reference ?? entry.id}`;
}

/** Refuses a state transition from the wrong status, saying what the entry is doing instead. */
export function requireStatus(entry: Entry, allowed: readonly EntryStatus[], action: string): LobbylineError | null {
  if (allowed.includes(entry.status)) return null;
  return lobbylineError('invalid_state', `Cannot ${action} ${label(entry)}: it is ${entry.status.replace('_', '-')}`);
}

/** A counter can call only when it is open and nobody is still walking up to it. */
export function requireReadyToCall(ctx: DecideContext, counter: CounterConfig): { completes: string | null } | LobbylineError {
  const live = ctx.state.counters[counter.id]!;
  if (live.status !== 'open') {
    return lobbylineError('invalid_state', `${counter.name} is ${live.status}: open it before calling`);
  }
  if (live.currentEntryId === null) return { completes: null };
  const current = ctx.state.entries[live.currentEntryId]!;
  if (current.status === 'serving') return { completes: current.id };
  return lobbylineError(
    'invalid_state',
    `${counter.name} is still calling ${label(current)}: start serving, recall or mark no-show first`,
  );
}

export function lineOf(state: QueueState, serviceId: string): string[] {
  return state.lines[serviceId] ?? [];
}

/** Where an entry with this arrival belongs in a line: before the first person who arrived after it. */
export function indexByArrival(state: QueueState, serviceId: string, arrival: Pick<Entry, 'queuedAt' | 'arrivalSeq'>): number {
  const line = lineOf(state, serviceId);
  const index = line.findIndex((id) => arrivedBefore(arrival, state.entries[id]!));
  return index < 0 ? line.length : index;
}
