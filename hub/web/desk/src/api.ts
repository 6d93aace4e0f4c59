/**
 * Calls to the hub's desk API. The session cookie goes along by itself; every
 * change also carries the session's CSRF token. Errors come back as values
 * whose message is what staff are shown: the hub's refusal worded in the
 * desk's language (web-lib/refusals).
 */
import type { LobbylineError } from '../../../contract/index.ts';
import { BACKGROUND_HEADER, CSRF_HEADER, DESK_API_PREFIX } from '../../../contract/desk.ts';
import { describeRefusal } from '../../../../web-lib/refusals/index.ts';
import { deskLanguage, messages } from './messages.ts';

export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; error: LobbylineError };

export class DeskApi {
  csrfToken: string | null = null;

  /** `onSessionEnded` hears about a 401 from any call but the sign-in ones. */
  constructor(private readonly onSessionEnded: (message: string) => void) {}

  /** `background`: the desk is refreshing by itself, which does not keep an idle session alive. */
  get<T>(path: string, options: { background?: boolean } = {}): Promise<ApiResult<T>> {
    return this.request<T>('GET', path, undefined, options.background ? { [BACKGROUND_HEADER]: '1' } : {});
  }

  post<T>(path: string, body: object = {}): Promise<ApiResult<T>> {
    return this.request<T>('POST', path, body);
  }

  delete(path: string): Promise<ApiResult<null>> {
    return this.request<null>('DELETE', path);
  }

  private async request<T>(method: string, path: string, body?: object, extraHeaders: Record<string, string> = {}): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) headers[CSRF_HEADER] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(`${DESK_API_PREFIX}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch {
      return { ok: false, status: 0, error: { code: 'unavailable', message: messages.results.unreachable } };
    }
    const json = await readJson(response);
    if (response.ok) return { ok: true, value: json as T };
    const error: LobbylineError = isErrorBody(json)
      ? { ...json.error, message: describeRefusal(json.error, deskLanguage, { withDetail: true }) }
      : { code: 'unavailable', message: messages.results.unreachable };
    if (response.status === 401 && path !== '/session') this.onSessionEnded(error.message);
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
