/**
 * Clock times as people at the site read them: in the site's time zone (the
 * site file's `timezone`, sent by the hub with the site) and in the reader's
 * language, whatever zone the TV, kiosk, desk PC or phone itself is set to.
 * Every browser app formats a time through here, never in the device's own zone.
 */

export type TimeStyle = 'time' | 'time-zone' | 'time-seconds' | 'day-time';

const STYLES: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  time: { hour: 'numeric', minute: '2-digit' },
  // For a reader elsewhere: the zone's short name says whose clock it is.
  'time-zone': { hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  'time-seconds': { hour: 'numeric', minute: '2-digit', second: '2-digit' },
  'day-time': { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string, language: string, style: TimeStyle): Intl.DateTimeFormat {
  const key = `${timeZone}|${language}|${style}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(language, { ...STYLES[style], timeZone });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** "8:24 AM" (en), "8:24" (es); `time-zone` "8:24 AM CST"; `time-seconds` "8:24:09 AM"; `day-time` "Dec 6, 8:24 AM". */
export function siteTime(at: string | number, timeZone: string, language: string, style: TimeStyle = 'time'): string {
  return formatterFor(timeZone, language, style).format(typeof at === 'string' ? Date.parse(at) : at);
}

/** An hour of the site's day that the hub already counted in the site's zone (a report's 0-23), as a clock time: "8:00 AM" (en), "8:00" (es). */
export function hourOfDay(hour: number, language: string): string {
  return formatterFor('UTC', language, 'time').format(Date.UTC(2000, 0, 1, hour));
}

/** Whether this browser knows the zone; a site payload naming one it does not is not read. */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
