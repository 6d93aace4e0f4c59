/**
 * Joining a line by text, through the one command path: the person (known
 * only by their number) enrols as a remote waiter who joined by text,
 * counted against the same flood limits as the public join page.
 */
import type { Refusal } from '../contract/refusals.ts';
import type { EntryView } from '../contract/views.ts';
import { submitCommand } from '../engine/command-gateway.ts';
import type { QueueEngine } from '../engine/engine.ts';

export type TextJoinResult =
  | { ok: true; entryId: string; ticket: string; place: number | null; estimate: EntryView['estimate'] }
  /** Refused by the line, or (`limited`) too many joins from this number or for the whole site just now. */
  | { ok: false; limited: boolean; message: string; why?: Refusal };

export type TextJoin = (phone: string, serviceId: string, language: string) => Promise<TextJoinResult>;

/** The join page's flood limits (hub/wait/join-limits.ts); a number counts as one client. */
export interface JoinLimiter {
  attempt(client: string, now: number): { ok: true } | { ok: false; scope: 'client' | 'site'; retryAfterSeconds: number };
}

export function textJoins(engine: QueueEngine, limits: JoinLimiter): TextJoin {
  return async (phone, serviceId, language) => {
    const limit = limits.attempt(phone, engine.now());
    if (!limit.ok) {
      const minutes = Math.ceil(limit.retryAfterSeconds / 60);
      const why: Refusal = { reason: 'join.too_many', params: { scope: limit.scope === 'client' ? 'device' : 'site', minutes } };
      return { ok: false, limited: true, message: `too many people are joining just now. Please try again in ${minutes} min, or join at the kiosk.`, why };
    }
    const result = await submitCommand(engine, { kind: 'person', entryId: null, via: 'sms' }, 'enroll', { serviceId, channel: 'remote', language, phone, via: 'text' });
    if (!result.ok) {
      const { reason, params, message } = result.error;
      return { ok: false, limited: false, message, ...(reason && { why: { reason, params } as Refusal }) };
    }
    const entry = result.result as EntryView;
    return { ok: true, entryId: entry.entryId, ticket: entry.ticket ?? '', place: entry.position, estimate: entry.estimate };
  };
}
