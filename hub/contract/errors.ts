/**
 * Errors are values with a code a program can branch on and a message a person
 * can act on. The HTTP status for each code lives here so REST and MQTT agree.
 */
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

export interface LobbylineError {
  code: ErrorCode;
  message: string;
}

export function lobbylineError(code: ErrorCode, message: string): LobbylineError {
  return { code, message };
}

export function httpStatusFor(code: ErrorCode): number {
  return ERROR_CODES[code];
}
