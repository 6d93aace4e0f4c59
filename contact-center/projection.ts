/**
 * The console's picture of a site's day, from its events: one row per visit
 * with its ticket, service, channel and status. Pure: an event in, the change
 * to one visit out (or nothing, for events that change no visit).
 */
import type { QueueEventData } from '../hub/contract/events.ts';
import type { UpstreamEvent } from '../hub/contract/index.ts';

export type VisitStatus = 'booked' | 'waiting' | 'called' | 'serving' | 'done' | 'no-show' | 'cancelled' | 'left';

export interface VisitChange {
  entryId: string;
  /** Only on the event that creates the visit. */
  created?: { ticket: string | null; serviceId: string; channel: string; language: string; hasPhone: boolean };
  status?: VisitStatus;
  serviceId?: string;
  channel?: string;
  counterId?: string | null;
}

/** Upstream events carry the contract's event data, with the phone number replaced by `hasPhone`. */
type StreamedData = Exclude<QueueEventData, { type: 'contacts.purged' | 'counter.status-changed' }> & { hasPhone?: boolean };

export function visitChange(event: UpstreamEvent): VisitChange | null {
  const data = { ...event.data, type: event.type } as StreamedData;
  switch (data.type) {
    case 'entry.enrolled':
      return { entryId: data.entryId, created: created(data.ticket, data), status: 'waiting' };
    case 'entry.booked':
      return { entryId: data.entryId, created: created(null, { ...data, channel: 'desk' }), status: 'booked' };
    case 'entry.checked-in':
      return { entryId: data.entryId, status: 'waiting', channel: data.channel };
    case 'entry.called':
      return { entryId: data.entryId, status: 'called', counterId: data.counterId };
    case 'entry.serving':
      return { entryId: data.entryId, status: 'serving' };
    case 'entry.completed':
      return { entryId: data.entryId, status: 'done' };
    case 'entry.no-show':
      return { entryId: data.entryId, status: 'no-show' };
    case 'entry.cancelled':
      return { entryId: data.entryId, status: data.reason === 'left' ? 'left' : 'cancelled' };
    case 'entry.requeued':
      return { entryId: data.entryId, status: 'waiting', counterId: null };
    case 'entry.reopened':
      return { entryId: data.entryId, status: data.status, counterId: data.counterId };
    case 'entry.transferred':
      return { entryId: data.entryId, status: 'waiting', serviceId: data.toServiceId, counterId: null };
    case 'entry.channel-changed':
      return { entryId: data.entryId, channel: data.channel };
    default:
      return null;
  }
}

function created(ticket: string | null, data: { serviceId: string; channel: string; language: string; hasPhone?: boolean }): VisitChange['created'] {
  return { ticket, serviceId: data.serviceId, channel: data.channel, language: data.language, hasPhone: data.hasPhone ?? false };
}
