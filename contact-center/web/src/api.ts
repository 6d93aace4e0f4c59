/**
 * Calls to the console's HTTP API (contact-center/api.ts). The session cookie
 * goes along by itself; every change also carries the session's CSRF token.
 * Errors come back as values whose message is what the agent is shown: the
 * refusal worded in the console's language (refusals.ts).
 */
import type { LobbylineError } from '../../../hub/contract/index.ts';
import { CONSOLE_CSRF_HEADER, CONSOLE_ROUTES } from '../../api.ts';
import { messages } from './messages.ts';
import { consoleRefusal } from './refusals.ts';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; error: LobbylineError };

export class ConsoleApi {
  csrfToken: string | null = null;

  /** `onSessionEnded` hears about a 401 from any call but the session's own. */
  constructor(private readonly onSessionEnded: (message: string) => void) {}

  get<T>(path: string): Promise<ApiResult<T>> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: object = {}): Promise<ApiResult<T>> {
    return this.request<T>('POST', path, body);
  }

  delete(path: string): Promise<ApiResult<null>> {
    return this.request<null>('DELETE', path);
  }

  private async request<T>(method: string, path: string, body?: object): Promise<ApiResult<T>> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers[CONSOLE_CSRF_HEADER] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined && { body: JSON.stringify(body) }) });
    } catch {
      return { ok: false, status: 0, error: { code: 'unavailable', message: messages.results.unreachable } };
    }
    const json = await readJson(response);
    if (response.ok) return { ok: true, value: json as T };
    const error: LobbylineError = isErrorBody(json)
      ? { ...json.error, message: consoleRefusal(json.error, { withDetail: true }) }
      : { code: 'unavailable', message: messages.results.unreachable };
    if (response.status === 401 && path !== CONSOLE_ROUTES.session) this.onSessionEnded(error.message);
    return { ok: false, status: response.status, error };
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isErrorBody(value: unknown): value is { error: LobbylineError } {
  const error = (value as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === 'string';
}
