/**
 * Calls to the API of an app people sign in to (the staff desk, the contact
 * center's console). The session cookie goes along by itself; every change
 * also carries the session's CSRF token. Errors come back as values whose
 * message is what the person is shown, worded by the app.
 */
import type { LobbylineError } from '../hub/contract/index.ts';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; error: LobbylineError };

export interface SessionApiOptions {
  /** Put before every path ('' when the paths are whole). */
  prefix: string;
  csrfHeader: string;
  /** The session's own path: a 401 from it is a wrong password, not a session that ended. */
  sessionPath: string;
  /** The header a background refresh sends, so that it does not keep an idle session alive. */
  backgroundHeader?: string;
  /** A refusal as the person is shown it, in the app's language. */
  describe: (error: LobbylineError) => string;
  /** What the person is told when the server cannot be reached. */
  unreachable: string;
  /** Hears about a 401 from any call but the session's own. */
  onSessionEnded: (message: string) => void;
}

export class SessionApi {
  csrfToken: string | null = null;

  constructor(private readonly options: SessionApiOptions) {}

  /** `background`: the app is refreshing by itself, which does not keep an idle session alive. */
  get<T>(path: string, options: { background?: boolean } = {}): Promise<ApiResult<T>> {
    const { backgroundHeader } = this.options;
    return this.request<T>('GET', path, undefined, options.background && backgroundHeader ? { [backgroundHeader]: '1' } : {});
  }

  post<T>(path: string, body: object = {}): Promise<ApiResult<T>> {
    return this.request<T>('POST', path, body);
  }

  delete(path: string): Promise<ApiResult<null>> {
    return this.request<null>('DELETE', path);
  }

  private async request<T>(method: string, path: string, body?: object, extraHeaders: Record<string, string> = {}): Promise<ApiResult<T>> {
    const { prefix, csrfHeader, sessionPath, describe, unreachable, onSessionEnded } = this.options;
    const headers: Record<string, string> = { ...extraHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers[csrfHeader] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(`${prefix}${path}`, { method, headers, credentials: 'same-origin', ...(body !== undefined && { body: JSON.stringify(body) }) });
    } catch {
      return { ok: false, status: 0, error: { code: 'unavailable', message: unreachable } };
    }
    const json = await readJson(response);
    if (response.ok) return { ok: true, value: json as T };
    const error: LobbylineError = isErrorBody(json) ? { ...json.error, message: describe(json.error) } : { code: 'unavailable', message: unreachable };
    if (response.status === 401 && path !== sessionPath) onSessionEnded(error.message);
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
