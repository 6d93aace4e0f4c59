/**
 * What arrived from the broker and is not yet in the store: the store's next
 * transaction. One commit (one fsync) per batch instead of one per message is
 * what lets the console keep up with hundreds of sites: while a batch is being
 * written the next one fills, so batches grow with the load. Each site's
 * events stay in arrival order (each right after the previous one), and only
 * the newest state and status of a site are kept, as the store would keep.
 */
import type { CallbackRequest, MirrorStatus, UpstreamEvent, UpstreamState } from '../hub/contract/index.ts';

export class WriteBatch {
  /** Per site, events that follow its cursor, in order. */
  readonly events = new Map<string, UpstreamEvent[]>();
  readonly states = new Map<string, UpstreamState>();
  readonly statuses = new Map<string, MirrorStatus>();
  readonly callbacks: CallbackRequest[] = [];
  /** Events held, for backpressure. */
  eventCount = 0;

  get empty(): boolean {
    return this.events.size === 0 && this.states.size === 0 && this.statuses.size === 0 && this.callbacks.length === 0;
  }

  addEvents(site: string, events: UpstreamEvent[]): void {
    this.eventCount += events.length;
    const queued = this.events.get(site);
    if (queued) queued.push(...events);
    else this.events.set(site, [...events]);
  }

  addState(state: UpstreamState): void {
    const queued = this.states.get(state.site);
    if (!queued || queued.seq <= state.seq) this.states.set(state.site, state);
  }

  addStatus(status: MirrorStatus): void {
    const queued = this.statuses.get(status.site);
    if (!queued || queued.at <= status.at) this.statuses.set(status.site, status);
  }

  addCallback(request: CallbackRequest): void {
    this.callbacks.push(request);
  }

  /** Puts a batch that could not be written back in front of this one, to be tried again. */
  takeBack(older: WriteBatch): void {
    for (const [site, events] of this.events) older.addEvents(site, events);
    this.events.clear();
    for (const [site, events] of older.events) this.events.set(site, events);
    this.eventCount = older.eventCount;
    for (const state of older.states.values()) this.addState(state);
    for (const status of older.statuses.values()) this.addStatus(status);
    this.callbacks.unshift(...older.callbacks);
  }
}
