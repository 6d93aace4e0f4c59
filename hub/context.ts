/**
 * What every part of the hub shares and a test may want to replace: the
 * clock, the source of new ids and the logger. Built once in startHub and
 * passed down; server code reads time only through `clock`, never Date.now(),
 * so a test can run a whole day in a moment.
 */
import { randomUUID } from 'node:crypto';
import { createLogger, type Logger } from './log.ts';

export interface HubContext {
  /** Milliseconds since the epoch. */
  clock: () => number;
  /** A new unique id (entries, requests, texts). */
  newId: () => string;
  logger: Logger;
}

/** The machine's clock: the one place server code reads it. Parts built without a context default to it. */
export const systemClock: () => number = () => Date.now();

export function hubContext(overrides: Partial<HubContext> = {}): HubContext {
  return {
    clock: overrides.clock ?? systemClock,
    newId: overrides.newId ?? randomUUID,
    logger: overrides.logger ?? createLogger(),
  };
}

/** The clock's reading as a Date, for the places that need one (ISO times on the wire). */
export function dateOf(clock: () => number): Date {
  return new Date(clock());
}
