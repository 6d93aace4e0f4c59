/**
 * The contact center's console service, put together: its database, its
 * connection to the broker, its agents' sign-in, and its HTTP side.
 */
import type { FastifyInstance } from 'fastify';
import type { StaffAccountConfig } from '../hub/contract/staff-account-config.ts';
import type { StaffPolicy } from '../hub/staff/policy.ts';
import { StaffAuth } from '../hub/staff/staff-auth.ts';
import { AgentLog } from './agent-log.ts';
import { CallbackClaims } from './claims.ts';
import { consoleHttp } from './http.ts';
import { LiveChanges } from './live.ts';
import { ConsoleStore } from './store.ts';
import { Upstream, type StoredKind, type UpstreamOptions } from './upstream.ts';

export interface ConsoleOptions extends Omit<UpstreamOptions, 'store' | 'onStored'> {
  dbPath: string;
  /** Agents' accounts added or changed at run time and their sessions; beside dbPath when left out. */
  agentsDbPath?: string;
  agents: StaffAccountConfig[];
  /** For integrations (Authorization: Bearer …); none: agents only. */
  apiKey?: string;
  httpPort: number;
  host: string;
  clock?: () => number;
  signInPolicy?: Partial<StaffPolicy>;
}

export interface ContactCenterConsole {
  store: ConsoleStore;
  upstream: Upstream;
  agentLog: AgentLog;
  http: FastifyInstance;
  /** http://host:port of the console. */
  url: string;
  close(): Promise<void>;
}

/** Which screens a stored message changes: events may end a due callback; state and status are the sites' lines. */
const SCREEN_OF: Record<StoredKind, 'sites' | 'callbacks'> = { events: 'callbacks', callbacks: 'callbacks', state: 'sites', status: 'sites' };

export async function startConsole(options: ConsoleOptions): Promise<ContactCenterConsole> {
  const clock = options.clock ?? Date.now;
  const store = await ConsoleStore.open(options.dbPath);
  const [claims, agentLog] = await Promise.all([CallbackClaims.open(store), AgentLog.open(store)]);
  const staff = await StaffAuth.open({
    accounts: options.agents,
    storePath: options.agentsDbPath ?? `${options.dbPath.replace(/\.sqlite$/, '')}.agents.sqlite`,
    clock,
    ...(options.signInPolicy && { policy: options.signInPolicy }),
    warn: (message, fields) => options.onProblem?.(`${message} ${JSON.stringify(fields)}`),
  });
  const live = new LiveChanges();
  const upstream = await Upstream.start({ ...options, store, onStored: (site, what) => live.changed(SCREEN_OF[what], site) });
  const http = await consoleHttp({ store, upstream, staff, claims, agentLog, live, apiKey: options.apiKey, clock });
  const url = await http.listen({ port: options.httpPort, host: options.host });
  return {
    store,
    upstream,
    agentLog,
    http,
    url,
    async close() {
      await http.close();
      await upstream.close();
      await staff.close();
      await store.close();
    },
  };
}
