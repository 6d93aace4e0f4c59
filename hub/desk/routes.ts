/**
 * The staff desk's API under /desk/api, for the desk app the hub serves at
 * /desk/. Staff sign in with their own accounts (hub/staff); the session
 * rides in an HttpOnly, SameSite=Strict cookie scoped to /desk, and every
 * state-changing request also carries the session's CSRF token
 * (hub/staff/csrf.ts says why both). Device credentials and API keys mean
 * nothing here. Every change is a command through the same gateway as MQTT
 * and REST, recorded with the staff member as its actor. Staff accounts
 * (/staff, /session/password) are hub/staff/routes.ts, registered here so
 * the same checks run first.
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { because, ENTRY_ACTIONS, lobbylineError, type EntryView, type LobbylineError } from '../contract/index.ts';
import { BACKGROUND_HEADER, SESSION_COOKIE, type DeskLookup, type SessionInfo, type StaffAccountList } from '../contract/desk.ts';
import { activityPage, MAX_ACTIVITY_PAGE } from './activity.ts';
import { lookUp, readLookupQuery, readTypedPhone } from './lookup.ts';
import type { DeskFeed } from './service.ts';
import { staffRefusal } from '../access/index.ts';
import { submitCommand } from '../engine/command-gateway.ts';
import type { QueueEngine } from '../engine/engine.ts';
import type { PrintTicket } from '../devices/print-jobs.ts';
import type { ScannerSetupJob } from '../contract/devices.ts';
import { crossOriginRefusal, csrfRefusal } from '../staff/csrf.ts';
import type { StaffSession } from '../staff/sessions.ts';
import { MUST_CHANGE_PASSWORD_MESSAGE, SESSION_END_MESSAGES, type StaffAuth } from '../staff/staff-auth.ts';
import { staffAccountRoutes } from '../staff/routes.ts';
import type { EventLog } from '../store/event-log.ts';
import { sendError } from '../http/send-error.ts';
import { sendReport } from '../insights/reports-query.ts';

export interface DeskRoutesDeps {
  engine: QueueEngine;
  log: EventLog;
  staff: StaffAuth;
  feed: DeskFeed;
  /** Sends a ticket to a kiosk's printer (devices/print-jobs.ts); without it, the desk cannot reprint. */
  printTicket?: PrintTicket;
  /** How national phone numbers typed into the look-up are read (the site's SMS `defaultCountry`, e.g. US). */
  defaultCountry: string;
  /** Sends a kiosk its scanner setup sheet (devices/scanner-setup-jobs.ts); null when it has none. */
  printScannerSetup?: (kioskId: string) => ScannerSetupJob | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member's session, set before any desk route runs. */
    staffSession: StaffSession | null;
  }
  interface FastifyContextConfig {
    /** Desk routes open without a session (sign-in). */
    deskPublic?: boolean;
    /** Desk routes that never count as activity (the live stream); other GETs do not when marked as background. */
    deskPassive?: boolean;
  }
}

const COUNTER_ACTIONS = { 'call-next': 'call-next', 'call-entry': 'call-entry', status: 'set-counter-status' } as const;

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export async function deskRoutes(app: FastifyInstance, deps: DeskRoutesDeps): Promise<void> {
  const { engine, staff, feed } = deps;
  await app.register(fastifyCookie);

  const cookieOptions = (request: FastifyRequest) =>
    ({ path: '/desk', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' }) as const;

  const stopEndingStreams = staff.onSessionEnded((sessionId, reason) => feed.endSession(sessionId, reason));
  app.addHook('preClose', (done) => {
    stopEndingStreams();
    feed.close();
    done();
  });

  app.decorateRequest('staffSession', null);
  app.addHook('onRequest', async (request, reply) => {
    const changes = !SAFE_METHODS.has(request.method);
    const crossOrigin = changes ? crossOriginRefusal(request.headers) : null;
    if (crossOrigin) return sendError(reply, lobbylineError('forbidden', crossOrigin));
    const config = request.routeOptions.config;
    if (config.deskPublic) return;
    const sessionId = request.cookies[SESSION_COOKIE];
    const passive = config.deskPassive || (!changes && request.headers[BACKGROUND_HEADER] === '1');
    const lookup = passive ? staff.peekSession(sessionId) : staff.useSession(sessionId);
    if (!lookup.ok) {
      if (sessionId) reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      return sendError(reply, lobbylineError('unauthorized', SESSION_END_MESSAGES[lookup.ended], because('session.ended', { why: lookup.ended })));
    }
    const forged = changes ? csrfRefusal(request.headers, lookup.session.csrfToken) : null;
    if (forged) return sendError(reply, lobbylineError('forbidden', forged));
    if (!config.beforePasswordChange && staff.mustChangePassword(lookup.session)) {
      return sendError(reply, lobbylineError('forbidden', MUST_CHANGE_PASSWORD_MESSAGE));
    }
    request.staffSession = lookup.session;
  });

  const sessionInfo = (session: StaffSession): SessionInfo => ({
    staff: session.staff,
    csrfToken: session.csrfToken,
    mustChangePassword: staff.mustChangePassword(session),
    minPasswordLength: staff.policy.minPasswordLength,
  });

  app.post('/session', { config: { deskPublic: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as { staffId?: unknown; password?: unknown };
    const result = await staff.signIn(body.staffId, body.password, request.ip);
    if (!result.ok) return sendError(reply, result.error);
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await staff.signOut(previous);
    reply.setCookie(SESSION_COOKIE, result.cookie, cookieOptions(request));
    return sessionInfo(result.session);
  });

  app.get('/session', { config: { beforePasswordChange: true } }, async (request) => sessionInfo(request.staffSession!));

  app.delete('/session', { config: { beforePasswordChange: true } }, async (request, reply) => {
    await staff.signOut(request.cookies[SESSION_COOKIE]!);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
    return reply.code(204).send();
  });

  app.get('/site', async () => feed.site());
  app.get('/board', async () => feed.board());
  app.get('/alerts', async () => feed.alerts());

  app.get('/live', { config: { deskPassive: true } }, (request, reply) => {
    const session = request.staffSession!;
    const cookie = request.cookies[SESSION_COOKIE];
    reply.hijack();
    feed.open(reply.raw, { id: session.id, staffId: session.staff.id }, () => {
      const lookup = staff.peekSession(cookie);
      return lookup.ok ? null : lookup.ended;
    });
  });

  app.get<{ Querystring: { before?: string; limit?: string } }>('/activity', async (request, reply) => {
    const before = request.query.before === undefined ? null : Number(request.query.before);
    const limit = Number(request.query.limit ?? 50);
    if ((before !== null && !(Number.isInteger(before) && before >= 1)) || !Number.isInteger(limit) || limit < 1 || limit > MAX_ACTIVITY_PAGE) {
      return sendError(reply, lobbylineError('invalid_request', `before must be a whole number >= 1 and limit 1-${MAX_ACTIVITY_PAGE}`));
    }
    const names = { staff: (id: string) => staff.nameOf(id), device: (id: string) => feed.deviceName(id) };
    return activityPage(deps.log, engine, names, (from, to) => staff.accountChanges(from, to), before, limit);
  });

  /** A person's visits of the day by ticket or phone number (`q`); the hub's log strips query strings, so the number is not logged. */
  app.get<{ Querystring: { q?: string } }>('/lookup', async (request, reply): Promise<DeskLookup | FastifyReply> => {
    const read = readLookupQuery(request.query.q, deps.defaultCountry);
    if (!read.ok) return sendError(reply, read.error);
    return { visits: lookUp(engine.state, engine.config, engine.now(), read.query) };
  });

  /** Managers' reports, the same figures as GET /api/v1/reports (JSON, or CSV to download). */
  app.get<{ Querystring: { from?: string; to?: string; format?: string; targetMinutes?: string } }>('/reports', async (request, reply) => {
    const refusal = staffRefusal(request.staffSession!.staff, 'see-reports');
    if (refusal) return sendError(reply, lobbylineError('forbidden', refusal));
    return sendReport(deps, request.query, reply);
  });

  staffAccountRoutes(app, staff, () => engine.state.seq);

  /** A refusal that names who called someone: the staff member's name, in the parameters and the message. */
  const withStaffName = (error: LobbylineError): LobbylineError => {
    if (error.reason !== 'entry.wrong_status' || !error.params.by) return error;
    const by = staff.nameOf(error.params.by) ?? error.params.by;
    return { ...error, params: { ...error.params, by }, message: `${error.message} (by ${by})` };
  };

  const staffCaller = (request: FastifyRequest) => ({ kind: 'staff', staffId: request.staffSession!.staff.id, address: request.ip }) as const;

  /** Runs a command for the signed-in staff member; body fields cannot override path ids. */
  async function run(request: FastifyRequest, reply: FastifyReply, type: string, fromPath: Record<string, unknown>, status = 200) {
    const body = request.body ?? {};
    if (typeof body !== 'object' || Array.isArray(body)) {
      return sendError(reply, lobbylineError('invalid_request', 'The request body must be a JSON object'));
    }
    const result = await submitCommand(engine, staffCaller(request), type, { ...body, ...fromPath });
    if (!result.ok) return sendError(reply, withStaffName(result.error));
    return reply.code(status).send(result.result);
  }

  /** A ticket printed again at the kiosk staff chose: checked by the reprint command, then sent to that kiosk's printer. */
  app.post<{ Params: { entryId: string }; Body: { kioskId?: unknown } }>('/entries/:entryId/reprint', async (request, reply) => {
    const kioskId = request.body?.kioskId;
    const kiosks = feed.site().kiosks;
    if (typeof kioskId !== 'string' || !kiosks.some((k) => k.deviceId === kioskId)) {
      const known = kiosks.map((k) => k.deviceId).join(', ') || 'none';
      return sendError(reply, lobbylineError('invalid_request', `Choose the kiosk to print at (kioskId: one of ${known})`));
    }
    const result = await submitCommand(engine, staffCaller(request), 'reprint', { entryId: request.params.entryId, kioskId });
    if (!result.ok) return sendError(reply, result.error);
    const printTicket = deps.printTicket;
    if (!printTicket) return sendError(reply, lobbylineError('unavailable', 'Reprinting tickets is not set up on this hub'));
    // The status link acts for the person: it goes on their paper, not to the desk.
    const { statusUrl: _link, ...entry } = await printTicket(result.result as EntryView, kioskId, 'copy');
    return entry;
  });

  /** The bar codes that set a kiosk's scanner up, printed on that kiosk's printer. */
  app.post<{ Params: { kioskId: string } }>('/kiosks/:kioskId/scanner-setup', async (request, reply) => {
    const kiosk = feed.site().kiosks.find((k) => k.deviceId === request.params.kioskId);
    if (!kiosk) return sendError(reply, lobbylineError('not_found', `No kiosk '${request.params.kioskId}' at this site`));
    const job = deps.printScannerSetup?.(kiosk.deviceId) ?? null;
    if (!job) {
      return sendError(reply, lobbylineError('invalid_state', `No setup bar codes are known for ${kiosk.name}'s scanner: name its scanner profile in the site file`));
    }
    return reply.code(202).send({ jobId: job.jobId });
  });

  /** A walk-in added at the desk. */
  app.post('/entries', (request, reply) => run(request, reply, 'enroll', { channel: 'desk' }, 201));

  for (const action of ENTRY_ACTIONS) {
    app.post<{ Params: { entryId: string } }>(`/entries/:entryId/${action}`, (request, reply) => {
      const typed = (request.body as { phone?: unknown } | undefined)?.phone;
      if (action !== 'change-channel' || typeof typed !== 'string') return run(request, reply, action, { entryId: request.params.entryId });
      // A number for the callback or the status link, typed as the person says it.
      const phone = readTypedPhone(typed, deps.defaultCountry);
      if (!phone.ok) return sendError(reply, phone.error);
      return run(request, reply, action, { entryId: request.params.entryId, phone: phone.e164 });
    });
  }
  for (const [path, type] of Object.entries(COUNTER_ACTIONS)) {
    app.post<{ Params: { counterId: string } }>(`/counters/:counterId/${path}`, (request, reply) =>
      run(request, reply, type, { counterId: request.params.counterId }),
    );
  }
}
