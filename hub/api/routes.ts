/**
 * The REST API under /api/v1: the integration surface for the contact center,
 * scheduling systems and scripts. Every change goes through the same command
 * gateway as MQTT; errors are JSON `{ error: { code, message } }` with the
 * matching 4xx status, except that the contact-center requests answer as on
 * cc/replies. Each route names the API key scope it needs
 * (hub/access/api-scopes.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ENTRY_ACTIONS, ENTRY_STATUSES, httpStatusFor, lobbylineError, type EntryStatus } from '../contract/index.ts';
import type { Caller } from '../access/index.ts';
import { submitCommand } from '../engine/command-gateway.ts';
import type { QueueEngine } from '../engine/engine.ts';
import { counterView, entryView, lineOrder, publicServiceState } from '../queue/index.ts';
import type { ContactCenterCommands } from '../mirror/contact-center-commands.ts';
import type { MirrorHealth } from '../mirror/service.ts';
import type { WebhookHealth } from '../mirror/webhooks.ts';
import type { EventLog } from '../store/event-log.ts';
import { presentedKey, type ApiKeys } from '../access/api-keys.ts';
import { apiScopeRefusal } from '../access/api-scopes.ts';
import { tooManyFailuresMessage } from '../access/failure-limit.ts';
import type { ApiScope } from '../contract/roles.ts';
import { sendReport } from '../insights/reports-query.ts';
import { sendError } from '../http/send-error.ts';
import { asContactCenterReply } from './contact-center-replies.ts';

export interface ApiDeps {
  engine: QueueEngine;
  log: EventLog;
  apiKeys: ApiKeys;
  contactCenter: ContactCenterCommands;
  mirrorHealth: () => MirrorHealth | null;
  webhookHealth: () => readonly WebhookHealth[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the API key check before any route runs. */
    caller: Caller | null;
  }
  interface FastifyContextConfig {
    /** What the API key must be allowed to do for this route; a route without one needs 'manage'. */
    apiScope?: ApiScope;
  }
}

const read = { config: { apiScope: 'read' } } as const;
const enrol = { config: { apiScope: 'enrol' } } as const;
const contactCenter = { config: { apiScope: 'contact-center' } } as const;
const manage = { config: { apiScope: 'manage' } } as const;

export async function apiRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { engine } = deps;

  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (request, reply) => {
    const presented = presentedKey(request.headers);
    const key = presented ? await deps.apiKeys.identify(presented, request.ip) : null;
    if (!key?.ok) {
      if (key?.retryInMs) return sendError(reply, lobbylineError('rate_limited', tooManyFailuresMessage(key.retryInMs)));
      return sendError(reply, lobbylineError('unauthorized', 'A valid API key is required (Authorization: Bearer <key> or X-API-Key)'));
    }
    // No route (a 404 follows): nothing to be allowed.
    const needed = request.routeOptions.url === undefined ? null : (request.routeOptions.config.apiScope ?? 'manage');
    const refusal = needed && apiScopeRefusal(key.keyId, key.scopes, needed);
    if (refusal) return sendError(reply, lobbylineError('forbidden', refusal));
    request.caller = { kind: 'integration', keyId: key.keyId, address: request.ip };
  });

  /** Runs a command built from the path and the JSON body; body fields cannot override path ids. */
  async function run(request: FastifyRequest, reply: FastifyReply, type: string, fromPath: Record<string, unknown>, status = 200) {
    const body = request.body ?? {};
    if (typeof body !== 'object' || Array.isArray(body)) {
      return sendError(reply, lobbylineError('invalid_request', 'The request body must be a JSON object'));
    }
    const result = await submitCommand(engine, request.caller!, type, { ...body, ...fromPath });
    if (!result.ok) return sendError(reply, result.error);
    return reply.code(status).send(result.result);
  }

  app.post('/entries', enrol, (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    // Integrations that do not say otherwise are enrolling at a desk.
    const defaults = typeof body === 'object' && !Array.isArray(body) && !('channel' in body) ? { channel: 'desk' } : {};
    return run(request, reply, 'enroll', defaults, 201);
  });

  for (const action of ENTRY_ACTIONS) {
    app.post<{ Params: { entryId: string } }>(`/entries/:entryId/${action}`, manage, (request, reply) =>
      run(request, reply, action, { entryId: request.params.entryId }),
    );
  }

  app.post<{ Params: { counterId: string } }>('/counters/:counterId/call-next', manage, (request, reply) =>
    run(request, reply, 'call-next', { counterId: request.params.counterId }),
  );
  app.post<{ Params: { counterId: string } }>('/counters/:counterId/call-entry', manage, (request, reply) =>
    run(request, reply, 'call-entry', { counterId: request.params.counterId }),
  );
  app.post<{ Params: { counterId: string } }>('/counters/:counterId/status', manage, (request, reply) =>
    run(request, reply, 'set-counter-status', { counterId: request.params.counterId }),
  );
  app.post('/appointments', enrol, (request, reply) => run(request, reply, 'book', {}, 201));
  app.post<{ Params: { reference: string } }>('/appointments/:reference/check-in', enrol, (request, reply) =>
    run(request, reply, 'check-in', { reference: request.params.reference }),
  );

  app.get('/services', read, async () =>
    engine.config.services.map((service) => publicServiceState(engine.state, engine.config, service.id, engine.now())),
  );

  app.get('/counters', read, async () => engine.config.counters.map((counter) => counterView(engine.state, engine.config, counter.id)));

  app.get<{ Querystring: { status?: string; serviceId?: string } }>('/entries', read, async (request, reply) => {
    const { status, serviceId } = request.query;
    if (status !== undefined && !ENTRY_STATUSES.includes(status as EntryStatus)) {
      return sendError(reply, lobbylineError('invalid_request', `Unknown status '${status}' (one of ${ENTRY_STATUSES.join(', ')})`));
    }
    if (serviceId !== undefined && !engine.config.services.some((s) => s.id === serviceId)) {
      return sendError(reply, lobbylineError('not_found', `No service '${serviceId}' at this site`));
    }
    const state = engine.state;
    const serviceIds = serviceId ? [serviceId] : engine.config.services.map((s) => s.id);
    // Waiting entries come in the order they will be called; the rest in arrival order.
    const waiting = lineOrder(state, serviceIds);
    const others = Object.values(state.entries)
      .filter((e) => e.status !== 'waiting' && serviceIds.includes(e.serviceId))
      .sort((a, b) => a.enrolledAt - b.enrolledAt);
    return [...waiting, ...others]
      .filter((e) => status === undefined || e.status === status)
      .map((e) => entryView(state, engine.config, e));
  });

  app.get<{ Params: { entryId: string } }>('/entries/:entryId', read, async (request, reply) => {
    const entry = engine.state.entries[request.params.entryId];
    if (!entry) return sendError(reply, lobbylineError('not_found', `No entry with id ${request.params.entryId}`));
    return entryView(engine.state, engine.config, entry);
  });

  /**
   * The contact-center operations, for systems that prefer HTTP to the
   * upstream broker: same requests, same idempotency by requestId, same
   * replies, refusals included (contact-center-replies.ts).
   */
  app.post<{ Params: { type: string } }>('/contact-center/:type', { ...contactCenter, onSend: asContactCenterReply }, async (request, reply) => {
    const answer = await deps.contactCenter.handle(request.params.type, request.body ?? {}, request.caller!);
    return reply.code(answer.ok ? 200 : httpStatusFor(answer.error.code)).send(answer);
  });

  /** The mirror's figures (when the site has one) and each webhook's, under `webhooks`. */
  app.get('/mirror', read, async (_request, reply) => {
    const health = deps.mirrorHealth();
    const webhooks = deps.webhookHealth();
    if (!health && webhooks.length === 0) {
      return sendError(reply, lobbylineError('not_found', 'This site has no contact-center mirror and no webhooks configured'));
    }
    return { ...health, webhooks };
  });

  /** Managers' figures for local days from..to, as JSON or CSV (`?format=csv`). */
  app.get<{ Querystring: { from?: string; to?: string; format?: string; targetMinutes?: string } }>('/reports', manage, (request, reply) =>
    sendReport(deps, request.query, reply),
  );

  /** The audit trail: who did what, when, from which device. */
  app.get<{ Querystring: { after?: string; limit?: string } }>('/events', manage, async (request, reply) => {
    const after = Number(request.query.after ?? 0);
    const limit = Number(request.query.limit ?? 100);
    if (!Number.isInteger(after) || after < 0 || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
      return sendError(reply, lobbylineError('invalid_request', 'after must be a whole number >= 0 and limit 1-1000'));
    }
    return deps.log.readEvents(after, limit);
  });
}
