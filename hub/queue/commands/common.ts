/** What every command handler shares: its inputs, its result, and the lookups that can fail. */
import {
  because,
  lobbylineError,
  namedFromMap,
  namedOf,
  REFUSED_ACTION_WORDS,
  type RefusedAction,
  type EntryLabel,
  type EntryStatus,
  type ErrorCode,
  type LobbylineError,
  type Refusal,
} from '../../contract/index.ts';
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
/** `why`: the reason and parameters the apps word in the person's language (see contract/refusals.ts). */
export const reject = (code: ErrorCode, message: string, why?: Refusal): Decision => ({ ok: false, error: lobbylineError(code, message, why) });

type Found<T> = { ok: true; value: T } | { ok: false; error: LobbylineError };

export function findEntry(ctx: DecideContext, entryId: string): Found<Entry> {
  const entry = ctx.state.entries[entryId];
  return entry ? { ok: true, value: entry } : { ok: false, error: lobbylineError('not_found', `No entry with id ${entryId}`, because('entry.not_found', { entryId })) };
}

export function findService(ctx: DecideContext, serviceId: string): Found<ServiceConfig> {
  const service = ctx.config.services.find((s) => s.id === serviceId);
  if (service) return { ok: true, value: service };
  const known = ctx.config.services.map((s) => s.id).join(', ');
  return { ok: false, error: lobbylineError('not_found', `No service '${serviceId}' at this site (services: ${known})`, because('service.not_found', { serviceId })) };
}

export function findCounter(ctx: DecideContext, counterId: string): Found<CounterConfig> {
  const counter = ctx.config.counters.find((c) => c.id === counterId);
  if (counter) return { ok: true, value: counter };
  const known = ctx.config.counters.map((c) => c.id).join(', ');
  return { ok: false, error: lobbylineError('not_found', `No counter '${counterId}' at this site (counters: ${known})`, because('counter.not_found', { counterId })) };
}

/** How a person names an entry: its ticket, or "the appointment REF" before it has one. */
export function label(entry: Entry): string {
  return entry.ticket ?? `the appointment ${entry.reference ?? entry.id}`;
}

/** The same, as a refusal's parameter. */
export function labelOf(entry: Entry): EntryLabel {
  return entry.ticket ? { ticket: entry.ticket } : { appointment: entry.reference ?? entry.id };
}

/** A service's name and translations, for a refusal's parameter. */
export function serviceNamed(service: ServiceConfig) {
  return namedFromMap(service.id, service.name);
}

/** The same by id; a service no longer configured is named by its id. */
export function serviceNamedById(ctx: DecideContext, serviceId: string) {
  const service = ctx.config.services.find((s) => s.id === serviceId);
  return service ? serviceNamed(service) : { name: serviceId };
}


/**
 * Refuses a state transition from the wrong status, saying what the entry is
 * doing instead: where it is called or served, and (in `by`, a staff id the
 * desk turns into a name) who called it when staff did.
 */
export function requireStatus(ctx: DecideContext, entry: Entry, allowed: readonly EntryStatus[], action: RefusedAction): LobbylineError | null {
  if (allowed.includes(entry.status)) return null;
  const status = entry.status.replace('_', '-');
  const counter = (entry.status === 'called' || entry.status === 'serving') && ctx.config.counters.find((c) => c.id === entry.counterId);
  const prefix = `Cannot ${REFUSED_ACTION_WORDS[action]} ${label(entry)}: it is`;
  if (!counter) {
    return lobbylineError('invalid_state', `${prefix} ${status}`, because('entry.wrong_status', { action, entry: labelOf(entry), status: entry.status }));
  }
  const by = entry.calledBy ?? undefined;
  return lobbylineError(
    'invalid_state',
    `${prefix} already ${entry.status === 'called' ? 'called to' : 'being served at'} ${counter.name}`,
    because('entry.wrong_status', { action, entry: labelOf(entry), status: entry.status, counter: namedOf(counter), ...(by && { by }) }),
  );
}

/** A counter can call only when it is open and nobody is still walking up to it. */
export function requireReadyToCall(ctx: DecideContext, counter: CounterConfig): { completes: string | null } | LobbylineError {
  const live = ctx.state.counters[counter.id]!;
  if (live.status !== 'open') {
    return lobbylineError(
      'invalid_state',
      `${counter.name} is ${live.status}: open it before calling`,
      because('counter.not_open', { counter: namedOf(counter), status: live.status }),
    );
  }
  if (live.currentEntryId === null) return { completes: null };
  const current = ctx.state.entries[live.currentEntryId]!;
  if (current.status === 'serving') return { completes: current.id };
  return lobbylineError(
    'invalid_state',
    `${counter.name} is still calling ${label(current)}: start serving, recall or mark no-show first`,
    because('counter.still_calling', { counter: namedOf(counter), entry: labelOf(current) }),
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
