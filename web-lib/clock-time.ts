/**
 * A time of day the hub sends as "HH:MM" (already in the site's time zone, such
 * as when counters usually open), worded the way the language writes clock
 * times: "8:00 AM" in English, "8:00" in Spanish. No zone is applied: the
 * time is read back exactly as the site file gave it.
 */
export function clockTime(hhmm: string, language: string): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) return hhmm;
  const at = Date.UTC(2000, 0, 1, Number(match[1]), Number(match[2]));
  try {
    return new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(at);
  } catch {
    return hhmm;
  }
}
