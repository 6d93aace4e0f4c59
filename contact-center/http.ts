/**
 * The console's HTTP side: the agents' web app (dist/web/console, built from
 * contact-center/web) at /, and its API (api.ts) under /api: every site with
 * its lines and link status, callbacks due and their claims, look-up by phone
 * across sites, what agents do to a line, and the live stream of changes.
 * Everything under /api is personal data or near it: it needs a signed-in
 * agent or the API key (agent-auth.ts); /healthz alone is open.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { idField, lobbylineError, phoneField, type CallerEntry } from '../hub/contract/index.ts';
import type { StaffAuth } from '../hub/staff/staff-auth.ts';
import { actionRoutes } from './action-routes.ts';
import { agentAuth } from './agent-auth.ts';
import type { AgentLog } from './agent-log.ts';
import { CONSOLE_ROUTES, type LookupResult, type SiteLine } from './api.ts';
import { callbackRoutes } from './callback-routes.ts';
import type { CallbackClaims } from './claims.ts';
import type { LiveChanges } from './live.ts';
import { refuse } from './refuse.ts';
import type { ConsoleStore, SiteRow } from './store.ts';
import type { Upstream } from './upstream.ts';

/** Where `npm run build` puts the agents' web app (hub/http/web-apps.ts). */
const WEB_APP_DIR = fileURLToPath(new URL('../dist/web/console/', import.meta.url));

export interface ConsoleHttpOptions {
  store: ConsoleStore;
  upstream: Upstream;
  staff: StaffAuth;
  claims: CallbackClaims;
  agentLog: AgentLog;
  live: LiveChanges;
  /** The key integrations send as Authorization: Bearer …; none: agents only. */
  apiKey: string | undefined;
  clock: () => number;
}

export async function consoleHttp(options: ConsoleHttpOptions): Promise<FastifyInstance> {
  const { store, upstream, staff, live } = options;
  const app = Fastify({ bodyLimit: 8 * 1024 });

  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    // Fastify's own 4xx (malformed JSON, a body too large) keep their status and say what was wrong.
    if (error.statusCode && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: { code: error.statusCode === 413 ? 'too_large' : 'invalid_request', message: error.message } });
    }
    return refuse(reply, lobbylineError('unavailable', `The console hit an unexpected error: ${error.message}`));
  });

  app.get('/healthz', async () => ({ connected: upstream.connected, ...upstream.stats() }));
  await agentAuth(app, staff, options.apiKey);

  app.get(CONSOLE_ROUTES.sites, async (): Promise<SiteLine[]> => (await store.sites()).map(siteLine));

  /** The console's projection of one site's visits today (no phone numbers), for integrations and tests. */
  app.get<{ Params: { site: string } }>('/api/sites/:site/visits', async (request) => store.visits(request.params.site));

  /** `site`: ask that site's hub only (integrations that know where the caller is). */
  app.get<{ Querystring: { phone?: string; site?: string } }>(CONSOLE_ROUTES.lookup, async (request, reply) => {
    const phone = phoneField.safeParse(request.query.phone);
    if (!phone.success) return refuse(reply, lobbylineError('invalid_request', 'phone must be a number in E.164 form, such as +15550100'));
    const site = idField.optional().safeParse(request.query.site);
    if (!site.success) return refuse(reply, lobbylineError('invalid_request', 'site must be a site id'));
    const sites = site.data ? [site.data] : (await store.sites()).map((s) => s.site);
    return Promise.all(sites.map((site): Promise<LookupResult> => lookUp(upstream, site, phone.data)));
  });

  callbackRoutes(app, options);
  actionRoutes(app, options);

  app.get(CONSOLE_ROUTES.live, { config: { consolePassive: true } }, (request, reply) => {
    reply.hijack();
    live.open(reply.raw, request.consoleAgent!.sessionId);
  });
  const stopEndingStreams = staff.onSessionEnded((sessionId) => live.endSession(sessionId));
  app.addHook('preClose', (done) => {
    stopEndingStreams();
    live.close();
    done();
  });

  // The folder may be built while the console runs; until then / says how to build it.
  mkdirSync(WEB_APP_DIR, { recursive: true });
  await app.register(fastifyStatic, { root: WEB_APP_DIR, prefix: '/' });
  app.setNotFoundHandler((request, reply) => {
    if (!request.url.startsWith('/api/') && !existsSync(join(WEB_APP_DIR, 'index.html'))) {
      return refuse(reply, lobbylineError('unavailable', 'The console web app is not built: run npm run build'));
    }
    return refuse(reply, lobbylineError('not_found', `Nothing at ${request.method} ${request.url.split('?')[0]}`));
  });
  return app;
}

function siteLine(row: SiteRow): SiteLine {
  return {
    site: row.site,
    seq: row.seq,
    applied: row.applied,
    // A state retained by an older hub has no name, zone or languages.
    name: row.state?.name ?? null,
    timeZone: row.state?.timeZone ?? null,
    languages: row.state?.languages ?? [],
    link: row.online === null ? 'unknown' : row.online ? 'online' : 'silent',
    // A hub whose mirror said it went offline (its Last Will): since when it has been silent.
    silentSince: row.online === false ? row.statusAt : null,
    lastEventAt: row.lastEventAt,
    services: row.state?.services ?? [],
    counters: row.state?.counters ?? [],
    callbacks: row.state?.callbacks ?? [],
    voicemails: row.state?.voicemails ?? [],
    stateAt: row.state?.updatedAt ?? null,
  };
}

/** One site's visits of a number today, through its hub's `lookup` request; a hub that cannot answer says why. */
async function lookUp(upstream: Upstream, site: string, phone: string): Promise<LookupResult> {
  try {
    const reply = await upstream.request(site, 'lookup', { phone });
    if (!reply.ok) return { site, error: reply.error };
    return { site, entries: ([] as CallerEntry[]).concat(reply.result) };
  } catch (error) {
    return { site, error: { code: 'unavailable', message: (error as Error).message } };
  }
}
