/** Every HTTP error the hub sends: the contract's error object with the status its code maps to. */
import type { FastifyReply } from 'fastify';
import { httpStatusFor, type LobbylineError } from '../contract/index.ts';

export function sendError(reply: FastifyReply, error: LobbylineError): FastifyReply {
  return reply.code(httpStatusFor(error.code)).send({ error });
}
