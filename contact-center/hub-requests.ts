/**
 * What an agent asks of a site's hub, as an upstream request (cc/commands):
 * sent, answered with the hub's own reply (its status from the reply's error
 * code), and written to the agent log with who asked. A hub that does not
 * answer in time is `unavailable`; nothing is assumed to have changed.
 */
import type { FastifyReply } from 'fastify';
import type * as z from 'zod';
import { httpStatusFor, lobbylineError, type LobbylineError, type UpstreamCommandType, type UpstreamReply } from '../hub/contract/index.ts';
import type { AgentAction, AgentLog } from './agent-log.ts';
import type { Agent } from './agent-auth.ts';
import type { Upstream } from './upstream.ts';

export interface HubRequestDeps {
  upstream: Upstream;
  agentLog: AgentLog;
  clock: () => number;
}

export interface HubRequest {
  agent: Agent;
  site: string;
  type: UpstreamCommandType;
  body: Record<string, unknown>;
  action: AgentAction;
  /** The entry or callback it concerns, for the log; null when the hub names it (an enrolment). */
  subject: string | null;
}

export async function askHub(deps: HubRequestDeps, request: HubRequest): Promise<UpstreamReply> {
  let reply: UpstreamReply;
  try {
    // The hub records the agent by name, so its desk and notes say who acted rather than "contact-center".
    reply = await deps.upstream.request(request.site, request.type, { ...request.body, agent: request.agent.name });
  } catch (error) {
    reply = { requestId: null, ok: false, error: lobbylineError('unavailable', (error as Error).message) };
  }
  const subject = request.subject ?? (reply.ok && !Array.isArray(reply.result) ? reply.result.entryId : null);
  await deps.agentLog.record({
    at: new Date(deps.clock()).toISOString(),
    agentId: request.agent.id,
    action: request.action,
    site: request.site,
    subject,
    outcome: outcomeText(reply.ok ? null : reply.error),
  });
  return reply;
}

/** The hub's reply, unchanged, with the HTTP status its error code maps to. */
export function sendHubReply(reply: FastifyReply, hubReply: UpstreamReply): FastifyReply {
  return reply.code(hubReply.ok ? 200 : httpStatusFor(hubReply.error.code)).send(hubReply);
}

/** 'ok', or the refusal's code and reason, for the agent log. */
export function outcomeText(error: LobbylineError | null): string {
  return error ? [error.code, error.reason].filter(Boolean).join(' ') : 'ok';
}

/** A body or parameters the console cannot use: every problem with its field, and nothing is sent anywhere. */
export function invalidRequest(what: string, error: z.ZodError): LobbylineError {
  const details = error.issues.map((issue) => `${issue.path.join('.') || what}: ${issue.message}`).join('; ');
  return lobbylineError('invalid_request', `Check the ${what}: ${details}`);
}
