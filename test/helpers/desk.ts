/** A staff member signed in to a hub's desk API, as the desk app is: session cookie plus CSRF header. */
import { CSRF_HEADER } from '../../hub/contract/desk.ts';

export interface DeskClient {
  cookie: string;
  csrfToken: string;
  /** A desk API call (path under /desk/api); a body is sent as JSON. */
  call(method: string, path: string, body?: object): Promise<{ status: number; body: any }>;
}

export async function signInToDesk(hubUrl: string, staffId = 'ana', password = 'demo-ana'): Promise<DeskClient> {
  const response = await fetch(`${hubUrl}/desk/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ staffId, password }),
  });
  if (response.status !== 200) throw new Error(`${staffId} could not sign in: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    cookie,
    csrfToken,
    async call(method, path, body) {
      const reply = await fetch(`${hubUrl}/desk/api${path}`, {
        method,
        headers: { cookie, [CSRF_HEADER]: csrfToken, ...(body && { 'content-type': 'application/json' }) },
        ...(body && { body: JSON.stringify(body) }),
      });
      const text = await reply.text();
      return { status: reply.status, body: text ? JSON.parse(text) : null };
    },
  };
}
