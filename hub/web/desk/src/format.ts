/** Times and durations as the desk shows them. */
import { messages } from './messages.ts';

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

/** 14:05 in the desk's own time zone. */
export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** 14:05:09, for the activity list. */
export function clockTimeWithSeconds(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** 23 Nov, 14:05. */
export function dayAndTime(iso: string): string {
  return new Date(iso).toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
