/** Which calls a screen shows, and which of them are news worth announcing. */
import type { PublicCall } from '../../hub/contract/views.ts';

export interface CallFilter {
  /** null: every service. */
  serviceIds: readonly string[] | null;
  /** null: every counter. */
  counterIds: readonly string[] | null;
}

export function callsShown(calls: readonly PublicCall[], filter: CallFilter): PublicCall[] {
  return calls.filter(
    (call) => (!filter.serviceIds || filter.serviceIds.includes(call.serviceId)) && (!filter.counterIds || filter.counterIds.includes(call.counterId)),
  );
}

export interface Announcement {
  ticket: string;
  counterName: string;
  counterNames?: Record<string, string>;
  recall: boolean;
}

interface Seen {
  recalls: number;
  calledAt: string;
}

/**
 * Compares each now-serving list with the one before. The first list a page
 * sees is the state it starts in, not news; after that a call not seen before
 * is announced, and so is one whose recall count grew. A reconnect replays the
 * retained list, which announces only what was called while the screen was away.
 * Memory is the latest list only (the hub keeps about ten calls).
 */
export class CallWatcher {
  private seen: Map<string, Seen> | null = null;

  /** The announcements for this list, oldest first. */
  update(calls: readonly PublicCall[]): Announcement[] {
    const previous = this.seen;
    this.seen = new Map(calls.map((call) => [keyOf(call), { recalls: call.recalls, calledAt: call.calledAt }]));
    if (!previous) return [];
    const news: Announcement[] = [];
    for (const call of [...calls].reverse()) {
      const before = previous.get(keyOf(call));
      // A recalled call that had scrolled off the list comes back with its recall count: announced as a recall.
      const recall = call.recalls > (before?.recalls ?? 0);
      // The same ticket at the same counter with a new time and no recall is a new call (tickets restart daily).
      const fresh = before === undefined || (!recall && call.calledAt !== before.calledAt);
      if (recall || fresh) news.push({ ticket: call.ticket, counterName: call.counterName, ...(call.counterNames && { counterNames: call.counterNames }), recall });
    }
    return news;
  }
}

function keyOf(call: PublicCall): string {
  return `${call.counterId}\n${call.ticket}`;
}

/** "L-042" → "L 42": speech engines read the dash as "minus" and the zeros one by one. */
export function ticketForSpeech(ticket: string): string {
  return ticket.replace(/[-_]+/g, ' ').replace(/\b0+(?=\d)/g, '');
}
