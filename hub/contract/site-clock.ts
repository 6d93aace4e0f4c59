/**
 * The site's wall clock: its calendar day and a time of that day, in the site
 * file's `timezone`, whatever zone the machine reading them is in. The hub
 * counts tickets and reports by it; the console reads a time an agent types
 * for a site ("call after 14:30") as that site's.
 */

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

/** Epoch milliseconds of `day` (YYYY-MM-DD) at `time` (HH:MM) in `timezone`. */
export function zonedTime(day: string, time: string, timezone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(y, m - 1, d, hh, mm);
  // The zone's offset at a guess, then at the corrected guess (they differ only across a clock change).
  let at = wanted;
  for (let i = 0; i < 2; i++) at = wanted - offsetAt(at, timezone);
  return at;
}

function offsetAt(at: number, timezone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return local - Math.floor(at / 1000) * 1000;
}
