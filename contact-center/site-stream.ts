/**
 * One site's event stream as the console takes it: in sequence order, each
 * event once. QoS 1 may repeat a message and a lost session may skip some;
 * repeats (seq at or below the cursor) are dropped, events past a gap wait
 * here until a replay fills it. Pure: no I/O, the caller asks for the replay.
 */
import type { UpstreamEvent } from '../hub/contract/index.ts';

/** At most this many events wait past a gap; beyond it the oldest-waiting are dropped and come back by replay. */
const MAX_WAITING = 10_000;

export interface Accepted {
  /** Events to apply now, in order, each right after the cursor. */
  ready: UpstreamEvent[];
  /** The gap to ask a replay for, when events are missing before the ones waiting. */
  missing: { fromSeq: number; toSeq: number } | null;
}

export class SiteStream {
  private readonly waiting = new Map<number, UpstreamEvent>();

  /** `cursor`: the last sequence number applied (0 when nothing was). */
  constructor(private cursor: number) {}

  get position(): number {
    return this.cursor;
  }

  accept(event: UpstreamEvent): Accepted {
    if (event.seq > this.cursor && !this.waiting.has(event.seq)) {
      if (this.waiting.size >= MAX_WAITING) this.waiting.delete(Math.max(...this.waiting.keys()));
      this.waiting.set(event.seq, event);
    }
    const ready: UpstreamEvent[] = [];
    for (let next = this.waiting.get(this.cursor + 1); next; next = this.waiting.get(this.cursor + 1)) {
      this.waiting.delete(next.seq);
      ready.push(next);
      this.cursor = next.seq;
    }
    return { ready, missing: this.missing() };
  }

  /** The events between the cursor and the first one waiting, if any wait. */
  missing(): { fromSeq: number; toSeq: number } | null {
    if (this.waiting.size === 0) return null;
    return { fromSeq: this.cursor + 1, toSeq: Math.min(...this.waiting.keys()) - 1 };
  }
}
