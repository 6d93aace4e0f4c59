/**
 * A kiosk finds someone already in line by their phone number
 * (`continue-visit`). Anyone in the lobby can type numbers at a kiosk, so a
 * kiosk that keeps getting "nobody with that number" is turned away for a
 * while, as the status-link lookups are (hub/wait/live.ts); a number that is
 * in line is never counted and always found, so a busy kiosk does not run out.
 */
import { because, lobbylineError } from '../contract/index.ts';
import type { ExecuteCommand } from '../broker/broker.ts';
import { JoinLimits } from '../wait/join-limits.ts';

/** Unknown numbers one kiosk may try in a window. */
const UNKNOWN_NUMBERS_PER_KIOSK = 10;

export function withVisitLookupLimits(execute: ExecuteCommand, windowMinutes: number, clock: () => number): ExecuteCommand {
  const windowMs = windowMinutes * 60_000;
  const unknown = new JoinLimits({ perClient: UNKNOWN_NUMBERS_PER_KIOSK, perSite: Number.MAX_SAFE_INTEGER, windowMs });
  return async (identity, type, payload, clientId) => {
    if (type !== 'continue-visit') return execute(identity, type, payload, clientId);
    const outcome = await execute(identity, type, payload, clientId);
    if (outcome.ok || outcome.error.code !== 'not_found') return outcome;
    // Counted, and once the kiosk is over its limit, "not found" is no longer said: only that it must wait.
    if (unknown.attempt(identity.deviceId, clock()).ok) return outcome;
    const minutes = Math.ceil(windowMinutes);
    return { ok: false, error: lobbylineError('rate_limited', `Too many numbers were tried at this kiosk. Please try again in ${minutes} min, or ask at the desk.`, because('lookup.too_many', { minutes })) };
  };
}
