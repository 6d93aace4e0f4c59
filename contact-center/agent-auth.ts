/**
 * Who is asking the console: a signed-in agent or an integration with the API
 * key. Agents sign in as staff do at the desk, with the hub's sign-in library
 * (hub/staff: password hashes, lock-out, sessions): the session rides in an
 * HttpOnly, SameSite=Strict cookie of the console's own, and every change also
 * carries the session's CSRF token (hub/staff/csrf.ts says why both). The API
 * key (Authorization: Bearer …) stands for a manager and needs no CSRF token:
 * no browser sends it by itself.
 */
import { timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { because, lobbylineError } from '../hub/contract/index.ts';
import type { StaffMember } from '../hub/contract/desk.ts';
import { crossOriginRefusal, csrfRefusal } from '../hub/staff/csrf.ts';
import { SESSION_END_MESSAGES, type StaffAuth } from '../hub/staff/staff-auth.ts';
import { CONSOLE_CSRF_HEADER, CONSOLE_ROUTES, type ConsoleSession } from './api.ts';
import { refuse } from './refuse.ts';

/** Not the desk's cookie: a console and a hub on one host keep their sessions apart. */
export const CONSOLE_SESSION_COOKIE = 'lobbyline_console';

export interface Agent extends StaffMember {
  /** The session it signed in with, and that session's CSRF token; null for the API key, which needs none. */
  sessionId: string | null;
  csrfToken: string | null;
}

const API_KEY_AGENT: Agent = { id: 'api-key', name: 'Integration (API key)', role: 'manager', sessionId: null, csrfToken: null };

declare module 'fastify' {
  interface FastifyRequest {
    /** Who asks, set before any /api route but sign-in runs. */
    consoleAgent: Agent | null;
  }
  interface FastifyContextConfig {
    /** Console routes open to anyone (sign-in). */
    consolePublic?: boolean;
    /** Routes that do not count as an agent's activity (the live stream). */
    consolePassive?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export async function agentAuth(app: FastifyInstance, staff: StaffAuth, apiKey: string | undefined): Promise<void> {
  await app.register(fastifyCookie);
  const cookieOptions = (request: FastifyRequest) => ({ path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' }) as const;
  const expectedKey = apiKey ? Buffer.from(`Bearer ${apiKey}`) : null;

  app.decorateRequest('consoleAgent', null);
  app.addHook('onRequest', async (request, reply) => {
    const changes = !SAFE_METHODS.has(request.method);
    const crossOrigin = changes ? crossOriginRefusal(request.headers) : null;
    if (crossOrigin) return refuse(reply, lobbylineError('forbidden', crossOrigin));
    const config = request.routeOptions.config;
    // The web app's own files load before anyone signs in.
    if (!request.url.startsWith('/api/') || config.consolePublic) return;

    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const given = Buffer.from(authorization);
      if (!expectedKey || given.length !== expectedKey.length || !timingSafeEqual(given, expectedKey)) {
        return refuse(reply, lobbylineError('unauthorized', 'This needs the console API key (Authorization: Bearer …) or a signed-in agent'));
      }
      request.consoleAgent = API_KEY_AGENT;
      return;
    }
    const cookie = request.cookies[CONSOLE_SESSION_COOKIE];
    const lookup = config.consolePassive ? staff.peekSession(cookie) : staff.useSession(cookie);
    if (!lookup.ok) {
      if (cookie) reply.clearCookie(CONSOLE_SESSION_COOKIE, cookieOptions(request));
      const message = lookup.ended === 'unknown' ? 'Sign in with your agent account to use the console.' : SESSION_END_MESSAGES[lookup.ended];
      return refuse(reply, lobbylineError('unauthorized', message, because('session.ended', { why: lookup.ended })));
    }
    const forged = changes ? csrfRefusal(request.headers, lookup.session.csrfToken, CONSOLE_CSRF_HEADER, 'the console') : null;
    if (forged) return refuse(reply, lobbylineError('forbidden', forged));
    request.consoleAgent = { ...lookup.session.staff, sessionId: lookup.session.id, csrfToken: lookup.session.csrfToken };
  });

  app.post(CONSOLE_ROUTES.session, { config: { consolePublic: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as { id?: unknown; password?: unknown };
    const result = await staff.signIn(body.id, body.password, request.ip);
    if (!result.ok) return refuse(reply, result.error);
    const previous = request.cookies[CONSOLE_SESSION_COOKIE];
    if (previous) await staff.signOut(previous);
    reply.setCookie(CONSOLE_SESSION_COOKIE, result.cookie, cookieOptions(request));
    const session: ConsoleSession = { agent: result.session.staff, csrfToken: result.session.csrfToken };
    return session;
  });

  app.get(CONSOLE_ROUTES.session, async (request) => {
    const { id, name, role, csrfToken } = request.consoleAgent!;
    const session: ConsoleSession = { agent: { id, name, role }, csrfToken: csrfToken ?? '' };
    return session;
  });

  app.delete(CONSOLE_ROUTES.session, async (request, reply) => {
    const cookie = request.cookies[CONSOLE_SESSION_COOKIE];
    if (cookie) await staff.signOut(cookie);
    reply.clearCookie(CONSOLE_SESSION_COOKIE, cookieOptions(request));
    return reply.code(204).send();
  });
}
