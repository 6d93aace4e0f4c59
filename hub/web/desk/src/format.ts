/** Times and durations as the desk shows them. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { siteTime } from '../../../../web-lib/site-time.ts';
import { deskLanguage, messages } from './messages.ts';

const MINUTE = 60_000;

/** "< 1 min", "12 min", "1 h 5 min". */
export function duration(ms: number): string {
  if (ms < MINUTE) return messages.duration.seconds;
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 60) return messages.duration.minutes(minutes);
  return messages.duration.hours(Math.floor(minutes / 60), minutes % 60);
}

/** Since an ISO time, as a duration, never negative. */
export function since(iso: string, now: number): string {
  return duration(Math.max(0, now - Date.parse(iso)));
}

/** The site's time zone, set by the desk once the site is known: every clock time on the desk is in it, whatever zone this computer is set to. */
export const SiteTimeZone = createContext('UTC');

export interface DeskClock {
  /** "2:05 PM" (en), "14:05" (es). */
  clockTime(iso: string): string;
  /** "2:05:09 PM", for the activity list. */
  clockTimeWithSeconds(iso: string): string;
  /** "Nov 23, 2:05 PM". */
  dayAndTime(iso: string): string;
}

/** Clock times in the site's zone and the desk's language. */
export function useDeskClock(): DeskClock {
  const zone = useContext(SiteTimeZone);
  return {
    clockTime: (iso) => siteTime(iso, zone, deskLanguage),
    clockTimeWithSeconds: (iso) => siteTime(iso, zone, deskLanguage, 'time-seconds'),
    dayAndTime: (iso) => siteTime(iso, zone, deskLanguage, 'day-time'),
  };
}
