/**
 * The contact center's console service, put together: its database, its
 * connection to the broker, and its HTTP API.
 */
import type { FastifyInstance } from 'fastify';
import { consoleHttp } from './http.ts';
import { ConsoleStore } from './store.ts';
import { Upstream, type UpstreamOptions } from './upstream.ts';

export interface ConsoleOptions extends Omit<UpstreamOptions, 'store'> {
  dbPath: string;
  apiKey: string;
  httpPort: number;
  host: string;
}

export interface ContactCenterConsole {
  store: ConsoleStore;
  upstream: Upstream;
  http: FastifyInstance;
  /** http://host:port of the API. */
  url: string;
  close(): Promise<void>;
}

export async function startConsole(options: ConsoleOptions): Promise<ContactCenterConsole> {
  const store = await ConsoleStore.open(options.dbPath);
  const upstream = await Upstream.start({ ...options, store });
  const http = consoleHttp({ store, upstream, apiKey: options.apiKey });
  const url = await http.listen({ port: options.httpPort, host: options.host });
  return {
    store,
    upstream,
    http,
    url,
    async close() {
      await http.close();
      await upstream.close();
      await store.close();
    },
  };
}
