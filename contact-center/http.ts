/**
 * The console's HTTP API, for the agents' web app to come: every site with
 * its lines and link status, callbacks due, a site's visits today, and
 * look-up by phone (forwarded to each hub's `lookup` request). Everything
 * here is personal data or near it: every route but /healthz needs the API key.
 */
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { phoneField } from '../hub/contract/index.ts';
import type { ConsoleStore } from './store.ts';
import type { Upstream } from './upstream.ts';

export interface ConsoleHttpOptions {
  store: ConsoleStore;
  upstream: Upstream;
  apiKey: string;
}

export function consoleHttp({ store, upstream, apiKey }: ConsoleHttpOptions): FastifyInstance {
  const app = Fastify({ bodyLimit: 8 * 1024 });
  const expected = Buffer.from(`Bearer ${apiKey}`);

  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/healthz') return;
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      await reply.code(401).send({ error: { code: 'unauthorized', message: 'This needs the console API key (Authorization: Bearer …)' } });
    }
  });

  app.get('/healthz', async () => ({ connected: upstream.connected, ...upstream.stats() }));

  app.get('/api/sites', async () =>
    (await store.sites()).map((site) => ({
      site: site.site,
      seq: site.seq,
      applied: site.applied,
      online: site.online,
      /** A hub whose mirror said it went offline (its Last Will): since when it has been silent. */
      silentSince: site.online === false ? site.statusAt : null,
      lastEventAt: site.lastEventAt,
      services: site.state?.services ?? [],
      counters: site.state?.counters ?? [],
      stateAt: site.state?.updatedAt ?? null,
    })),
  );

  app.get('/api/callbacks', async () => store.callbacksDue());

  app.get<{ Params: { site: string } }>('/api/sites/:site/visits', async (request) => store.visits(request.params.site));

  app.get<{ Querystring: { phone?: string; site?: string } }>('/api/lookup', async (request, reply) => {
    const phone = phoneField.safeParse(request.query.phone);
    if (!phone.success) return reply.code(400).send({ error: { code: 'invalid_request', message: 'phone must be a number in E.164 form, such as +15550100' } });
    const sites = request.query.site ? [request.query.site] : (await store.sites()).map((s) => s.site);
    return Promise.all(
      sites.map(async (site) => {
        try {
          return { site, reply: await upstream.request(site, 'lookup', { phone: phone.data }) };
        } catch (error) {
          return { site, error: { code: 'unavailable', message: (error as Error).message } };
        }
      }),
    );
  });

  return app;
}
