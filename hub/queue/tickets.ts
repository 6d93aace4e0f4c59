/** Ticket numbers: a service prefix and a daily sequence that restarts at the site's local midnight. */

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The site-local calendar date (YYYY-MM-DD) at instant `now`. */
export function localDay(now: number, timezone: string): string {
  let formatter = dayFormatters.get(timezone);
  if (!formatter) {
    // en-CA formats dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timezone, formatter);
  }
  return formatter.format(now);
}

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
