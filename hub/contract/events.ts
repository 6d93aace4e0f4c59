/**
 * The events of a line's log: what the audit trail shows, what the contact
 * center receives upstream and what the queue domain applies to its state.
 */
import type { ARRIVED_VIA, Channel, CounterStatus } from './commands.ts';

/** Who caused an event: the audit trail's "who" and "from where". */
export interface Actor {
  /** 'person': the waiting person themselves, from their status page or by text reply. */
  kind: 'staff' | 'device' | 'integration' | 'system' | 'person';
  id: string;
  device?: string;
  /** Who acted through an integration, as it names them (a contact-center agent's display name); kind and id still say which integration. */
  name?: string;
}

/** How a visit joined beyond its channel: a voicemail the contact center returns, a texted keyword, the phone menu (IVR). */
export type JoinedVia = 'voicemail' | 'text' | 'phone-menu';
/** Where someone said "I'm here": their status page, a scan of their link at a kiosk, a reply text, or the desk. */
export type ArrivedVia = (typeof ARRIVED_VIA)[number];
/** What came of one callback attempt; 'timed-out' is the hub's own verdict when nobody reported an outcome in time. */
export type CallbackOutcome = 'reached' | 'completed' | 'no-answer' | 'timed-out';

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
      /** Absent in events logged before these were kept. */
      reason?: string | null;
      note?: string | null;
      via?: JoinedVia | null;
      voicemailLeftAt?: number | null;
      callbackWindow?: { notBefore: number | null; notAfter: number | null } | null;
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
  /** The outcome of a phone caller's callback attempt (reported by the contact center, or timed out by the hub). */
  | { type: 'entry.callback-result'; entryId: string; attempt: number; outcome: CallbackOutcome }
  /** A short note from staff or an agent (the actor says who); never public. */
  | { type: 'entry.note-added'; entryId: string; text: string }
  /** A remote waiter or caller is in the building. */
  | { type: 'entry.arrived'; entryId: string; via: ArrivedVia }
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
