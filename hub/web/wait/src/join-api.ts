/** The join page's two calls to the hub: what the site offers, and joining a line. */
import { WAIT_API_PATH, type JoinReply, type JoinRequest, type WaitSite } from '../../../contract/wait.ts';

const API = WAIT_API_PATH;

/** The hub's refusal as it sent it; retryAfterSeconds when it said how long to wait. */
export interface JoinRefusal {
  code: string;
  message: string;
  /** The reason and its parameters, for describeRefusal (web-lib/refusals). */
  reason?: string;
  params?: unknown;
  retryAfterSeconds: number | null;
}

/** A refusal of null: the hub did not answer, and the same join may simply be sent again. */
export type JoinOutcome = { ok: true; reply: JoinReply } | { ok: false; refusal: JoinRefusal | null };

export async function fetchSite(): Promise<WaitSite> {
  const response = await fetch(`${API}/site`);
  if (!response.ok) throw new Error(`The hub answered ${response.status}`);
  return (await response.json()) as WaitSite;
}

export async function join(request: JoinRequest & { textConsent?: boolean }): Promise<JoinOutcome> {
  let response: Response;
  let body: unknown;
  try {
    response = await fetch(`${API}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
    body = await response.json();
  } catch {
    return { ok: false, refusal: null };
  }
  if (response.ok) return { ok: true, reply: body as JoinReply };
  const error = (body as { error?: { code?: string; message?: string; reason?: string; params?: unknown } }).error;
  const retryAfter = Number(response.headers.get('Retry-After'));
  return {
    ok: false,
    refusal: {
      code: error?.code ?? 'unknown',
      message: error?.message ?? `The hub answered ${response.status}`,
      ...(typeof error?.reason === 'string' && { reason: error.reason, params: error.params }),
      retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    },
  };
}

/** Made once per join attempt and sent again on a retry, so that a double tap or a lost answer joins once. */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
