/**
 * Applies one committed event to the state. Every decision (ticket numbers,
 * places in line, who was passed over) was made when the command was decided
 * and is carried in the event, so replaying the log rebuilds the same state.
 *
 * One applier per event type, in ./events, found by the event's type; the
 * table names one for every type, or the hub does not compile.
 */
import { contactsPurged } from './events/contacts-purged.ts';
import { counterStatusChanged } from './events/counter-status-changed.ts';
import type { EventApplier, EventData } from './events/common.ts';
import { entryArrived } from './events/entry-arrived.ts';
import { entryBooked } from './events/entry-booked.ts';
import { entryCallbackResult } from './events/entry-callback-result.ts';
import { entryCalled } from './events/entry-called.ts';
import { entryCancelled } from './events/entry-cancelled.ts';
import { entryChannelChanged } from './events/entry-channel-changed.ts';
import { entryCheckedIn } from './events/entry-checked-in.ts';
import { entryCompleted } from './events/entry-completed.ts';
import { entryEnrolled } from './events/entry-enrolled.ts';
import { entryMoreTime } from './events/entry-more-time.ts';
import { entryMoved } from './events/entry-moved.ts';
import { entryNoShow } from './events/entry-no-show.ts';
import { entryNoteAdded } from './events/entry-note-added.ts';
import { entryOnMyWay } from './events/entry-on-my-way.ts';
import { entryRecalled } from './events/entry-recalled.ts';
import { entryReopened } from './events/entry-reopened.ts';
import { entryRequeued } from './events/entry-requeued.ts';
import { entryServing } from './events/entry-serving.ts';
import { entryTransferred } from './events/entry-transferred.ts';
import type { QueueEvent, QueueEventType, QueueState } from './model.ts';

const appliers: { [T in QueueEventType]: EventApplier<T> } = {
  'entry.enrolled': entryEnrolled,
  'entry.booked': entryBooked,
  'entry.checked-in': entryCheckedIn,
  'entry.called': entryCalled,
  'entry.recalled': entryRecalled,
  'entry.serving': entryServing,
  'entry.completed': entryCompleted,
  'entry.no-show': entryNoShow,
  'entry.cancelled': entryCancelled,
  'entry.moved': entryMoved,
  'entry.on-my-way': entryOnMyWay,
  'entry.more-time': entryMoreTime,
  'entry.transferred': entryTransferred,
  'entry.requeued': entryRequeued,
  'entry.reopened': entryReopened,
  'entry.channel-changed': entryChannelChanged,
  'entry.callback-result': entryCallbackResult,
  'entry.note-added': entryNoteAdded,
  'entry.arrived': entryArrived,
  'contacts.purged': contactsPurged,
  'counter.status-changed': counterStatusChanged,
};

export function applyEvent(state: QueueState, event: QueueEvent): QueueState {
  applyAs(event.data.type, state, event.data, event);
  state.seq = event.seq;
  return state;
}

/** Ties the applier to the data of the same type, which a lookup by `data.type` alone cannot show the compiler. */
function applyAs<T extends QueueEventType>(type: T, state: QueueState, data: EventData<T>, event: QueueEvent): void {
  appliers[type](state, data, event);
}
