/**
 * The hub's one HTTP port: health, the REST API and (on the same server) MQTT
 * over WebSocket at /mqtt. Fastify gives us body limits, JSON parsing and
 * routing; every error leaves here as JSON a person can act on.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { lobbylineError, MAX_COMMAND_BYTES } from '../contract/index.ts';
import { apiRoutes, sendError, type ApiDeps } from './api.ts';

export function createHttpServer(deps: ApiDeps & { health: () => object }): FastifyInstance {
  const app = Fastify({ bodyLimit: MAX_COMMAND_BYTES, logger: false });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
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
    reply.log.error(error);
    return reply.code(500).send({ error: { code: 'internal', message: 'The hub hit an unexpected error; it has been logged' } });
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, lobbylineError('not_found', `Nothing at ${request.method} ${request.url.split('?')[0]}`)),
  );

  app.get('/healthz', async () => ({ status: 'ok', ...deps.health() }));
  app.register((api) => apiRoutes(api, deps), { prefix: '/api/v1' });
  return app;
}
