/**
 * Errors are values with a code a program can branch on and a message a person
 * can act on. The HTTP status for each code lives here so REST and MQTT agree.
 * A refusal a person can meet in an app also carries a reason and its
 * parameters (refusals.ts), which the apps word in the person's language;
 * `message` stays English, for logs and API users.
 */
import type { Refusal } from './refusals.ts';

export const ERROR_CODES = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  too_large: 413,
  line_full: 429,
  rate_limited: 429,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export type LobbylineError = {
  code: ErrorCode;
  message: string;
} & (Refusal | { reason?: undefined; params?: undefined });

/** `why`: the reason and parameters (see `because`), for a refusal a person can meet in an app. */
export function lobbylineError(code: ErrorCode, message: string, why?: Refusal): LobbylineError {
  return why ? { code, reason: why.reason, params: why.params, message } as LobbylineError : { code, message };
}

export function httpStatusFor(code: ErrorCode): number {
  return ERROR_CODES[code];
}
