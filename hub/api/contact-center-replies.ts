/**
 * `POST /api/v1/contact-center/{type}` answers in the shape of `cc/replies`,
 * whatever refused the request: its key (401, 403, 429), its body (malformed
 * JSON, too large, not JSON) or the request itself. The hub's usual
 * `{error}` reply, made by the API's key check or the HTTP server's error
 * handler, becomes `{requestId, ok: false, error}` with the same status.
 * requestId is the body's own when it had a string one; a request refused
 * before its body was read (a bad key) gets null, as an unreadable one does.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestIdOf } from '../contract/index.ts';

export async function asContactCenterReply(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.statusCode < 400 || typeof payload !== 'string') return payload;
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return payload;
  }
  if (typeof body !== 'object' || body === null || 'ok' in body || !('error' in body)) return payload;
  return JSON.stringify({ requestId: requestIdOf(request.body), ok: false, error: body.error });
}
