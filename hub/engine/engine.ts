/**
 * The command path: validate against the current line, append the events to
 * the log, and only once they are committed apply them to the state everyone
 * reads, notify publishers and acknowledge.
 *
 * Commands are decided one at a time on the event loop against a "pending"
 * state that already includes events still being committed, so two counters
 * calling at once can never get the same person, while the log commits many
 * commands per transaction. The two states share one frozen copy of each
 * finished visit (shared-entries.ts), so a long day is not held twice.
 *
 * When a write fails, every command decided against the pending state that
 * held its events fails with it (the log refuses appends that do not follow
 * what it holds), and the pending state starts again from the committed one.
 */
import { because, lobbylineError, type Command, type CounterView, type EntryView, type LobbylineError, type UpkeepResult } from '../contract/index.ts';
import {
  applyEvent,
  cloneState,
  counterView,
  createState,
  decideAndApply,
  entryView,
  reconcileWithConfig,
  type Actor,
  type QueueConfig,
  type QueueEvent,
  type QueueState,
} from '../queue/index.ts';
import { hubContext } from '../context.ts';
import type { Logger } from '../log.ts';
import { EventLogBrokenError, type EventLog } from '../store/event-log.ts';
import { readSnapshot, storedSnapshot } from '../store/snapshot.ts';
import { entryIdsOf, shareEveryFinished, shareFinished } from './shared-entries.ts';

export type CommandResult = { ok: true; result: EntryView | CounterView | UpkeepResult } | { ok: false; error: LobbylineError };

export interface EngineOptions {
  config: QueueConfig;
  log: EventLog;
  /** Injected so tests and simulations control time. */
  clock?: () => number;
  newId?: () => string;
  /** Write a snapshot after this many committed events, so restarts replay little. */
  snapshotEvery?: number;
  /** Says when a snapshot could not be read and the whole log is replayed instead. */
  logger?: Logger;
}

type CommitListener = (events: QueueEvent[], state: QueueState) => void;

export class QueueEngine {
  private pending: QueueState;
  private readonly listeners: CommitListener[] = [];
  private lastAppend: Promise<void> = Promise.resolve();
  private eventsSinceSnapshot = 0;
  private snapshotting: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private readonly fatalListeners: ((error: Error) => void)[] = [];
  /** Counts the rollbacks of the pending state: a failed append decided before the last one has been dealt with. */
  private generation = 0;
  /** Appends on their way to the log, and who waits for none to be (afterCommits). */
  private appending = 0;
  private settledWaiters: (() => void)[] = [];

  private constructor(
    private readonly options: Required<EngineOptions>,
    /** The committed state: what every reader sees. */
    private committed: QueueState,
  ) {
    this.pending = pendingFrom(committed);
  }

  /** Rebuilds the line from the newest snapshot and the events after it. */
  static async open(options: EngineOptions): Promise<QueueEngine> {
    const { clock, newId, logger } = hubContext();
    const full: Required<EngineOptions> = { clock, newId, logger, snapshotEvery: 10_000, ...options };
    const { state, replayed } = await restore(full);
    const engine = new QueueEngine(full, state);
    engine.eventsSinceSnapshot = replayed;
    return engine;
  }

  get state(): QueueState {
    return this.committed;
  }

  /** The hub's clock, for readers that show the line as of now. */
  now(): number {
    return this.options.clock();
  }

  get config(): QueueConfig {
    return this.options.config;
  }

  onCommitted(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  /** True while a command's events are on their way to the log: its commit, reply and lobby update are about to follow. */
  get committing(): boolean {
    return this.appending > 0;
  }

  /**
   * Calls `then` once no command's events are on their way to the log, right after the last one's commit
   * listeners (the lobby's update among them); at once when none are. Background work waits here so it
   * never holds up a commit that is under way.
   */
  afterCommits(then: () => void): void {
    if (this.appending === 0) then();
    else this.settledWaiters.push(then);
  }

  /** Called once if the log can no longer be trusted: the hub must restart from the durable log. */
  onFatal(listener: (error: Error) => void): void {
    this.fatalListeners.push(listener);
  }

  /** Resolves only after the command's events are durably committed. */
  async execute(command: Command, actor: Actor): Promise<CommandResult> {
    if (this.failure) return { ok: false, error: lobbylineError('unavailable', 'The hub cannot store changes right now; it is restarting', because('hub.restarting', {})) };
    const ctx = { config: this.options.config, state: this.pending, now: this.options.clock(), newId: this.options.newId };
    const { decision, events } = decideAndApply(ctx, command, actor);
    if (!decision.ok) return decision;
    // A repeated request has no events of its own, but must still wait for the commit of the original.
    const committed = events.length > 0 ? this.append(events) : this.lastAppend;
    try {
      await committed;
    } catch {
      return { ok: false, error: lobbylineError('unavailable', 'The change could not be stored, so nothing was changed; try again', because('hub.not_stored', {})) };
    }
    const subject = decision.subject;
    if ('entryIds' in subject) return { ok: true, result: { entryIds: subject.entryIds } };
    if ('counterId' in subject) return { ok: true, result: counterView(this.committed, this.options.config, subject.counterId) };
    const entry = this.committed.entries[subject.entryId]!;
    return { ok: true, result: entryView(this.committed, this.options.config, entry) };
  }

  /** Waits for everything appended so far, then writes a final snapshot. */
  async close(): Promise<void> {
    await this.lastAppend.catch(() => {});
    await this.snapshotting;
    if (!this.failure && this.eventsSinceSnapshot > 0) await this.writeSnapshot();
  }

  private append(events: QueueEvent[]): Promise<void> {
    const generation = this.generation;
    const appended = this.options.log.append(events).then(
      () => this.commit(events),
      (error: Error) => this.fail(error, generation),
    );
    this.lastAppend = appended;
    this.appending++;
    const settled = () => {
      if (--this.appending > 0) return;
      const waiters = this.settledWaiters;
      this.settledWaiters = [];
      for (const waiter of waiters) waiter();
    };
    appended.then(settled, settled);
    return appended;
  }

  private commit(events: QueueEvent[]): void {
    for (const event of events) applyEvent(this.committed, event);
    shareFinished(this.committed, this.pending, entryIdsOf(events));
    for (const listener of this.listeners) listener(events, this.committed);
    this.eventsSinceSnapshot += events.length;
    if (this.eventsSinceSnapshot >= this.options.snapshotEvery) this.snapshot();
  }

  private snapshot(): void {
    this.eventsSinceSnapshot = 0;
    // Written in the order taken, behind the appends before it; the log encodes the state at once.
    this.snapshotting = this.writeSnapshot().catch(() => {
      // A missed snapshot only makes the next restart replay more events.
    });
  }

  private writeSnapshot(): Promise<void> {
    return this.options.log.writeSnapshot(this.committed.seq, storedSnapshot(this.committed), this.options.clock());
  }

  /**
   * Every later command was decided against a state that included the lost events; the log
   * refuses their appends, since they do not follow what it holds. The hub keeps serving rather
   * than exiting: a busy or full disk clears by itself, and the committed state is exactly what
   * the log holds, so the pending state is rebuilt from it and the next command goes ahead.
   * Only a log that no longer holds what this hub committed makes it stop, for its supervisor
   * to restart it from the file.
   */
  private fail(error: Error, generation: number): never {
    if (error instanceof EventLogBrokenError) {
      if (!this.failure) {
        this.failure = error;
        for (const listener of this.fatalListeners) listener(error);
      }
    } else if (generation === this.generation) {
      this.generation++;
      this.pending = pendingFrom(this.committed);
      this.lastAppend = Promise.resolve();
      this.options.logger.warn('a change could not be stored; refused it and every change made after it, and went on from what is stored', {
        seq: this.committed.seq,
        error: error.message,
      });
    }
    throw error;
  }
}

/** A pending state that starts as the committed one, sharing its finished visits. */
function pendingFrom(committed: QueueState): QueueState {
  const pending = cloneState(committed);
  shareEveryFinished(committed, pending);
  return pending;
}

/**
 * The state as of the newest snapshot plus the events after it. A snapshot
 * this hub cannot read (a newer hub wrote it, or it is damaged) is passed over
 * for the whole log, which replays to the same state, only more slowly.
 */
async function restore({ log, config, logger }: Required<EngineOptions>): Promise<{ state: QueueState; replayed: number }> {
  const { snapshot, events } = await log.load();
  if (!snapshot) return replay(createState(config), events, config);
  const read = readSnapshot(snapshot);
  if (read.ok) return replay(read.state, events, config);
  logger.warn('snapshot not read; replaying the event log from the start', { seq: snapshot.seq, reason: read.reason });
  return replay(createState(config), await log.eventsAfter(0), config);
}

function replay(state: QueueState, events: QueueEvent[], config: QueueConfig): { state: QueueState; replayed: number } {
  reconcileWithConfig(state, config);
  for (const event of events) applyEvent(state, event);
  return { state, replayed: events.length };
}
