/**
 * Callbacks due across every site, and what agents do with them: claim one
 * (contact-center/claims.ts keeps two agents from dialling the same person),
 * give it back, and record how the call went, which only the claim's holder
 * may and which goes to the hub as `callback-outcome`. A callback leaves the
 * list when the hub's events say its caller moved on, not when the console
 * thinks so.
 */
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { because, idField, lobbylineError, type LobbylineError } from '../hub/contract/index.ts';
import { CONSOLE_ROUTES, type Claim, type DueCallback } from './api.ts';
import type { AgentLog } from './agent-log.ts';
import { claimKey, type CallbackClaims } from './claims.ts';
import { askHub, invalidRequest, outcomeText, sendHubReply, type HubRequestDeps } from './hub-requests.ts';
import type { LiveChanges } from './live.ts';
import { refuse } from './refuse.ts';
import { routePattern } from './route-pattern.ts';
import type { ConsoleStore } from './store.ts';
import type { Agent } from './agent-auth.ts';

export interface CallbackRoutesDeps extends HubRequestDeps {
  store: ConsoleStore;
  claims: CallbackClaims;
  agentLog: AgentLog;
  live: LiveChanges;
}

const callbackParams = z.strictObject({ site: idField, seq: z.coerce.number().int().min(1) });
const outcomeBody = z.strictObject({ outcome: z.enum(['reached', 'completed', 'no-answer']) });

const route = (path: (site: string, seq: number) => string) => routePattern(path, 'site', 'seq');

const claimedBy = (holder: Claim): LobbylineError =>
  lobbylineError('conflict', `${holder.agentName} is calling this person back (claimed until ${holder.until})`, because('callback.claimed', { agentName: holder.agentName, until: holder.until }));
const notDue = (site: string, seq: number) =>
  lobbylineError('not_found', `Callback ${seq} of site ${site} is no longer due`, because('callback.not_due', {}));

export function callbackRoutes(app: FastifyInstance, deps: CallbackRoutesDeps): void {
  const { store, claims, live, clock } = deps;
  const log = (agent: Agent, action: 'claim' | 'release', site: string, seq: number, error: LobbylineError | null) =>
    deps.agentLog.record({ at: new Date(clock()).toISOString(), agentId: agent.id, action, site, subject: claimKey(site, seq), outcome: outcomeText(error) });

  app.get(CONSOLE_ROUTES.callbacks, async (): Promise<DueCallback[]> => {
    const [due, standing] = await Promise.all([store.callbacksDue(), claims.standing(clock())]);
    return due.map((callback) => ({ ...callback, claim: standing.get(claimKey(callback.site, callback.seq)) ?? null }));
  });

  app.post<{ Params: { site: string; seq: string } }>(route(CONSOLE_ROUTES.claim), async (request, reply) => {
    const params = callbackParams.safeParse(request.params);
    if (!params.success) return refuse(reply, invalidRequest('callback', params.error));
    const { site, seq } = params.data;
    const agent = request.consoleAgent!;
    const callback = (await store.callbacksDue()).find((due) => due.site === site && due.seq === seq);
    if (!callback) return refuse(reply, notDue(site, seq));
    const result = await claims.claim(site, seq, agent, clock());
    const error = result.ok ? null : claimedBy(result.holder);
    await log(agent, 'claim', site, seq, error);
    if (!result.ok) return refuse(reply, error!);
    live.changed('callbacks', site);
    const claimed: DueCallback = { ...callback, claim: result.claim };
    return claimed;
  });

  /** The holder gives it back; a manager may free anyone's (an agent who went home). */
  app.post<{ Params: { site: string; seq: string } }>(route(CONSOLE_ROUTES.release), async (request, reply) => {
    const params = callbackParams.safeParse(request.params);
    if (!params.success) return refuse(reply, invalidRequest('callback', params.error));
    const { site, seq } = params.data;
    const agent = request.consoleAgent!;
    const released = await claims.release(site, seq, agent.role === 'manager' ? null : agent.id);
    const holder = released ? null : await claims.holder(site, seq, clock());
    const error = holder ? claimedBy(holder) : null;
    await log(agent, 'release', site, seq, error);
    if (error) return refuse(reply, error);
    if (released) live.changed('callbacks', site);
    return reply.code(204).send();
  });

  app.post<{ Params: { site: string; seq: string } }>(route(CONSOLE_ROUTES.outcome), async (request, reply) => {
    const params = callbackParams.safeParse(request.params);
    if (!params.success) return refuse(reply, invalidRequest('callback', params.error));
    const body = outcomeBody.safeParse(request.body ?? {});
    if (!body.success) return refuse(reply, invalidRequest('outcome', body.error));
    const { site, seq } = params.data;
    const { outcome } = body.data;
    const agent = request.consoleAgent!;
    const holder = await claims.holder(site, seq, clock());
    if (!holder) return refuse(reply, lobbylineError('conflict', 'Claim this callback before recording how it went', because('callback.not_claimed', {})));
    if (holder.agentId !== agent.id) return refuse(reply, claimedBy(holder));
    const callback = await store.callback(site, seq);
    if (!callback) return refuse(reply, notDue(site, seq));
    const hubReply = await askHub(deps, { agent, site, type: 'callback-outcome', body: { entryId: callback.entryId, outcome }, action: 'callback-outcome', subject: callback.entryId });
    // A reached caller may still be completed later by the same agent; anything else ends the call.
    if (hubReply.ok && outcome !== 'reached') await claims.release(site, seq, null);
    live.changed('callbacks', site);
    return sendHubReply(reply, hubReply);
  });
}
