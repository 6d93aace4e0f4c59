/**
 * The events of a line's log: what the audit trail shows, what the contact
 * center receives upstream and what the queue domain applies to its state.
 */
import type { Channel, CounterStatus } from './commands.ts';

/** Who caused an event: the audit trail's "who" and "from where". */
export interface Actor {
  /** 'person': the waiting person themselves, from their status page or by text reply. */
  kind: 'staff' | 'device' | 'integration' | 'system' | 'person';
  id: string;
  device?: string;
}

export type QueueEventData =
  | {
      type: 'entry.enrolled';
      entryId: string;
      serviceId: string;
      channel: Channel;
      priority: number;
      language: string;
      phone: string | null;
      requestId: string | null;
      reference?: string | null;
      day: string;
      ticketNumber: number;
      ticket: string;
      index: number;
    }
  | {
      type: 'entry.booked';
      entryId: string;
      serviceId: string;
      reference: string;
      start: number;
      end: number;
      priority: number;
      language: string;
      phone: string | null;
    }
  | {
      type: 'entry.checked-in';
      entryId: string;
      channel: Channel;
      day: string;
      ticketNumber: number;
      ticket: string;
      queuedAt: number;
      index: number;
    }
  | {
      type: 'entry.called';
      entryId: string;
      counterId: string;
      passedOverIds: string[];
      credit: Record<string, number> | null;
    }
  | { type: 'entry.recalled'; entryId: string }
  | { type: 'entry.serving'; entryId: string }
  | { type: 'entry.completed'; entryId: string }
  | { type: 'entry.no-show'; entryId: string }
  | { type: 'entry.cancelled'; entryId: string; reason: 'staff' | 'left' }
  | { type: 'entry.moved'; entryId: string; index: number }
  | { type: 'entry.on-my-way'; entryId: string }
  | { type: 'entry.more-time'; entryId: string; index: number }
  | { type: 'entry.requeued'; entryId: string; index: number }
  /**
   * A no-show, done or cancel taken back: the visit is open again, back in line at `index`
   * (waiting), at the counter it was served at (serving), or booked as before (booked).
   */
  | {
      type: 'entry.reopened';
      entryId: string;
      undid: 'done' | 'no_show' | 'cancelled';
      status: 'waiting' | 'serving' | 'booked';
      index: number | null;
      counterId: string | null;
    }
  | { type: 'entry.channel-changed'; entryId: string; channel: Channel; phone: string | null }
  | {
      type: 'entry.transferred';
      entryId: string;
      toServiceId: string;
      keepPlace: boolean;
      queuedAt: number;
      index: number;
    }
  | { type: 'counter.status-changed'; counterId: string; status: CounterStatus }
  /** Phone numbers of finished visits deleted, as the retention rule says; the log is redacted to match. */
  | { type: 'contacts.purged'; entryIds: string[] };

export type QueueEventType = QueueEventData['type'];

/** An event as stored: the data plus when, by whom, and its place in the log. */
export interface QueueEvent {
  seq: number;
  at: number;
  actor: Actor;
  data: QueueEventData;
}
