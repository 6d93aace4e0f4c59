/**
 * The hub's one HTTP port: health, metrics and the built web apps. Each
 * feature (REST API, desk, remote wait, SMS webhooks) registers its own
 * routes on it, and MQTT over WebSocket shares it at /mqtt. Fastify gives us
 * body limits, JSON parsing and routing; every error leaves here as JSON a
 * person can act on, except that a browser opening a page that is not there
 * gets a page saying so (pages.ts).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SecureContextOptions } from 'node:tls';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { lobbylineError, MAX_COMMAND_BYTES } from '../contract/index.ts';
import { DESK_API_PREFIX } from '../contract/desk.ts';
import { WAIT_API_PATH } from '../contract/wait.ts';
import type { Logger } from '../log.ts';
import type { ClientAddresses } from './client-address.ts';
import { landingPage, notFoundPage, type SiteSummary } from './pages.ts';
import { sendError } from './send-error.ts';
import { WEB_APPS, WEB_DIST } from './web-apps.ts';

export interface HttpServerOptions {
  /** What /healthz reports, or null while the hub is not yet serving (503). */
  health: () => object | null;
  metrics: Registry;
  /** Where a 500's cause is logged: fastify's own logger is off. */
  logger: Logger;
  /** Serve HTTPS (and so WSS) with this certificate and key (tls.ts keeps it renewed). */
  https?: SecureContextOptions;
  /** Which reverse proxies' X-Forwarded-For and X-Forwarded-Proto are believed (site file trustedProxies). */
  clientAddresses: ClientAddresses;
  /** For the landing page at / and the browser's not-found page. */
  site: SiteSummary;
}

/** Where programs talk to the hub: these answer JSON whoever asks, even a browser. */
const API_PATHS = ['/api/', `${WAIT_API_PATH}/`, `${DESK_API_PREFIX}/`];

export function createHttpServer(deps: HttpServerOptions): FastifyInstance {
  const app = Fastify({
    bodyLimit: MAX_COMMAND_BYTES,
    logger: false,
    trustProxy: (address: string) => deps.clientAddresses.isTrustedProxy(address),
    ...(deps.https && { https: deps.https }),
    // An https.Server raises the same request and upgrade events as an http.Server: the rest of the hub need not know which it has.
  }) as unknown as FastifyInstance;

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(reply, lobbylineError('too_large', `The request body is larger than ${MAX_COMMAND_BYTES} bytes`));
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({ error: { code: 'invalid_request', message: 'Send the body as application/json' } });
    }
    if (error.statusCode && error.statusCode < 500) {
      // Fastify's own 4xx (malformed JSON, empty JSON body, bad URL) keep their status and say what was wrong.
      return reply.code(error.statusCode).send({ error: { code: 'invalid_request', message: error.message } });
    }
    // Fastify's own logger is off: the hub's logger is the one that reaches the log.
    deps.logger.error('HTTP request failed', { method: request.method, url: request.url.split('?')[0], error: error.message, stack: error.stack });
    return reply.code(500).send({ error: { code: 'internal', message: 'The hub hit an unexpected error; it has been logged' } });
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const unbuilt = WEB_APPS.find((w) => path.startsWith(`/${w.name}/`) && !existsSync(join(WEB_DIST, w.name, 'index.html')));
    const browsing = (request.method === 'GET' || request.method === 'HEAD') && (request.headers.accept ?? '').includes('text/html');
    if (browsing && !API_PATHS.some((prefix) => path.startsWith(prefix))) {
      const html = notFoundPage(deps.site, path, request.headers['accept-language'], unbuilt?.name);
      return reply.code(unbuilt ? 503 : 404).type('text/html; charset=utf-8').send(html);
    }
    if (unbuilt) return sendError(reply, lobbylineError('unavailable', `The ${unbuilt.name} app is not built: run npm run build`));
    return sendError(reply, lobbylineError('not_found', `Nothing at ${request.method} ${path}`));
  });

  app.get('/healthz', async (_request, reply) => {
    const health = deps.health();
    // Not yet serving (the broker still starting): a load balancer or systemd check waits.
    if (health === null) return reply.code(503).send({ status: 'starting' });
    return { status: 'ok', ...health };
  });
  app.get('/metrics', async (_request, reply) => reply.type(deps.metrics.contentType).send(await deps.metrics.metrics()));
  registerWebApps(app);
  app.get<{ Querystring: { lang?: string } }>('/', (request, reply) =>
    reply.type('text/html; charset=utf-8').send(landingPage(deps.site, request.query.lang, request.headers['accept-language'])),
  );
  return app;
}

/** Serves each web app at /{name}/ from its build folder. */
function registerWebApps(app: FastifyInstance): void {
  for (const webApp of WEB_APPS) {
    // The folder may be (re)built while the hub runs; until then the not-found handler says how to build it.
    const root = join(WEB_DIST, webApp.name);
    mkdirSync(root, { recursive: true });
    // Only the first registration may decorate the reply object.
    app.register(fastifyStatic, { root, prefix: `/${webApp.name}/`, decorateReply: false });
  }
}
