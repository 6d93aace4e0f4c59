/** A staff member signed in to a hub's desk API, as the desk app is: session cookie plus CSRF header; and its live stream read event by event. */
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

export interface LiveEvent {
  event: string;
  data: any;
}

/** Reads a Server-Sent Events response one event at a time. */
export function eventReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return async function next(timeoutMs = 3_000): Promise<LiveEvent | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) return { event, data: JSON.parse(data) };
        continue; // retry: and comment lines
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no live event in time');
      const chunk = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no live event in time')), left))]);
      if (chunk.done) return null;
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
}
