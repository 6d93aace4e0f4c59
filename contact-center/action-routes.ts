/**
 * What agents do to a site's line through its hub: enrol a caller (now, or
 * for a callback window, with why they called and a first note), cancel a
 * visit, and move a caller to remote waiting (the hub texts them their status
 * link and answers with it). Each body is checked here first: a bad one gets
 * a 400 and reaches no hub.
 */
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { idField, lobbylineError, phoneField, upstreamCommandSchemas } from '../hub/contract/index.ts';
import { CONSOLE_ROUTES } from './api.ts';
import { askHub, invalidRequest, sendHubReply, type HubRequestDeps } from './hub-requests.ts';
import { refuse } from './refuse.ts';
import { routePattern } from './route-pattern.ts';
import type { ConsoleStore } from './store.ts';

export interface ActionRoutesDeps extends HubRequestDeps {
  store: ConsoleStore;
}

/** EnrolRequest: the upstream `enroll` request as an agent fills it in. */
const enrolBody = upstreamCommandSchemas.enroll.pick({ serviceId: true, phone: true, language: true, callback: true, reason: true, note: true });
const remoteBody = z.strictObject({ phone: phoneField });
const noBody = z.strictObject({});
const siteParams = z.strictObject({ site: idField });
const entryParams = z.strictObject({ site: idField, entryId: idField });

export function actionRoutes(app: FastifyInstance, deps: ActionRoutesDeps): void {
  /** A site the console has heard from; a request to any other would only wait for a hub that is not there. */
  const knownSite = async (site: string) => (await deps.store.sites()).some((known) => known.site === site);
  const unknownSite = (site: string) => lobbylineError('not_found', `The console has heard nothing from a site ${site}`);

  app.post<{ Params: { site: string } }>(routePattern(CONSOLE_ROUTES.enrol, 'site'), async (request, reply) => {
    const params = siteParams.safeParse(request.params);
    if (!params.success) return refuse(reply, invalidRequest('site', params.error));
    const body = enrolBody.safeParse(request.body ?? {});
    if (!body.success) return refuse(reply, invalidRequest('enrolment', body.error));
    const { site } = params.data;
    if (!(await knownSite(site))) return refuse(reply, unknownSite(site));
    const agent = request.consoleAgent!;
    return sendHubReply(reply, await askHub(deps, { agent, site, type: 'enroll', body: body.data, action: 'enrol', subject: null }));
  });

  app.post<{ Params: { site: string; entryId: string } }>(routePattern(CONSOLE_ROUTES.cancel, 'site', 'entryId'), async (request, reply) => {
    const params = entryParams.safeParse(request.params);
    if (!params.success) return refuse(reply, invalidRequest('visit', params.error));
    const body = noBody.safeParse(request.body ?? {});
    if (!body.success) return refuse(reply, invalidRequest('cancel request', body.error));
    const { site, entryId } = params.data;
    if (!(await knownSite(site))) return refuse(reply, unknownSite(site));
    const agent = request.consoleAgent!;
    return sendHubReply(reply, await askHub(deps, { agent, site, type: 'cancel', body: { entryId }, action: 'cancel', subject: entryId }));
  });

  app.post<{ Params: { site: string; entryId: string } }>(routePattern(CONSOLE_ROUTES.remote, 'site', 'entryId'), async (request, reply) => {
    const params = entryParams.safeParse(request.params);
    if (!params.success) return refuse(reply, invalidRequest('visit', params.error));
    const body = remoteBody.safeParse(request.body ?? {});
    if (!body.success) return refuse(reply, invalidRequest('move to remote waiting', body.error));
    const { site, entryId } = params.data;
    if (!(await knownSite(site))) return refuse(reply, unknownSite(site));
    const agent = request.consoleAgent!;
    const change = { entryId, phone: body.data.phone, channel: 'remote' };
    return sendHubReply(reply, await askHub(deps, { agent, site, type: 'change-channel', body: change, action: 'remote', subject: entryId }));
  });
}
