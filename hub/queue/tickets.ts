/** Ticket numbers: a service prefix and a daily sequence that restarts at the site's local midnight. */

export { localDay } from '../contract/site-clock.ts';

export function formatTicket(prefix: string, number: number): string {
  return `${prefix}-${String(number).padStart(3, '0')}`;
}

/** The next ticket number for a service on `day`, never reusing one issued earlier that day. */
export function nextTicketNumber(
  state: { day: string | null; ticketCounters: Record<string, number> },
  serviceId: string,
  day: string,
): number {
  if (state.day !== day) return 1;
  return (state.ticketCounters[serviceId] ?? 0) + 1;
}
