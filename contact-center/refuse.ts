/** Every refusal the console sends: the contract's error object with the status its code maps to, as the hub sends them. */
import type { FastifyReply } from 'fastify';
import { httpStatusFor, type LobbylineError } from '../hub/contract/index.ts';

export function refuse(reply: FastifyReply, error: LobbylineError): FastifyReply {
  return reply.code(httpStatusFor(error.code)).send({ error });
}
