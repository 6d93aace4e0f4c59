/** The contact-center console service in this process, on an ephemeral port, with its own SQLite file; restart() keeps the file and the session. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashSecret } from '../../hub/access/credentials.ts';
import type { StaffRole } from '../../hub/contract/roles.ts';
import { CONSOLE_CSRF_HEADER, CONSOLE_ROUTES, type ConsoleSession, type SiteLine } from '../../contact-center/api.ts';
import { CONSOLE_SESSION_COOKIE } from '../../contact-center/agent-auth.ts';
import type { Partition } from '../../contact-center/partition.ts';
import { startConsole, type ContactCenterConsole } from '../../contact-center/service.ts';
import type { UpstreamEvent } from '../../hub/contract/index.ts';

export const CONSOLE_API_KEY = 'console-api-key-0123456789';

export interface TestConsoleOptions {
  urls: string[];
  username: string;
  password: string;
  clientId: string;
  sites?: string[];
  /** Agents' accounts, with their passwords in clear (hashed here as `npm run hash-secret` would). */
  agents?: { id: string; name: string; role: StaffRole; password: string }[];
  partition?: Partition;
  /** Each batch of a site's events, once committed. */
  onApplied?: (site: string, events: UpstreamEvent[]) => void;
}

export interface HttpAnswer {
  status: number;
  body: any;
}

/** A signed-in agent's browser: its cookie, and the CSRF token it sends on changes. */
export interface AgentBrowser {
  session: ConsoleSession;
  cookie: string;
  /** A request as the web app makes it; `csrf: false` leaves the CSRF header out. */
  call(method: string, path: string, body?: unknown, options?: { csrf?: boolean }): Promise<HttpAnswer>;
}

export interface TestConsole {
  current(): ContactCenterConsole;
  /** GET on the console's API with its key; the parsed JSON. */
  get(path: string): Promise<any>;
  /** Any request with the API key. */
  api(method: string, path: string, body?: unknown): Promise<HttpAnswer>;
  /** Signs an agent in: the answer, and their browser when it worked. */
  signIn(id: string, password: string): Promise<HttpAnswer & { agent: AgentBrowser | null }>;
  /** Closes the service (its session stays on the broker) and starts it again on the same database. */
  restart(): Promise<void>;
  /** What /api/sites says of one site. */
  site(site: string): Promise<SiteLine | undefined>;
  problems: string[];
  stop(): Promise<void>;
}

async function answer(response: Response): Promise<HttpAnswer> {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function startTestConsole(options: TestConsoleOptions): Promise<TestConsole> {
  const dir = await mkdtemp(join(tmpdir(), 'lobbyline-console-'));
  const problems: string[] = [];
  const { agents = [], ...upstream } = options;
  const accounts = agents.map(({ password, ...agent }) => ({ ...agent, passwordHash: hashSecret(password) }));
  const start = () =>
    startConsole({
      ...upstream,
      agents: accounts,
      dbPath: join(dir, 'console.sqlite'),
      apiKey: CONSOLE_API_KEY,
      httpPort: 0,
      host: '127.0.0.1',
      reconnectPeriodMs: 200,
      replayRetryMs: 500,
      onProblem: (message) => problems.push(message),
    });
  let running: ContactCenterConsole | null = await start();
  const api = async (method: string, path: string, body?: unknown) =>
    answer(
      await fetch(`${running!.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${CONSOLE_API_KEY}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }),
    );
  const get = async (path: string) => (await api('GET', path)).body;
  return {
    current: () => running!,
    get,
    api,
    async signIn(id, password) {
      const response = await fetch(`${running!.url}${CONSOLE_ROUTES.session}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, password }),
      });
      const signedIn = await answer(response);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${CONSOLE_SESSION_COOKIE}=`))?.split(';')[0];
      if (signedIn.status !== 200 || !cookie) return { ...signedIn, agent: null };
      const session = signedIn.body as ConsoleSession;
      const agent: AgentBrowser = {
        session,
        cookie,
        async call(method, path, body, { csrf = true } = {}) {
          const headers: Record<string, string> = { cookie };
          if (csrf && method !== 'GET') headers[CONSOLE_CSRF_HEADER] = session.csrfToken;
          if (body !== undefined) headers['content-type'] = 'application/json';
          return answer(await fetch(`${running!.url}${path}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) }));
        },
      };
      return { ...signedIn, agent };
    },
    async restart() {
      await running!.close();
      running = null;
      running = await start();
    },
    async site(site) {
      return ((await get(CONSOLE_ROUTES.sites)) as SiteLine[]).find((s) => s.site === site);
    },
    problems,
    async stop() {
      await running?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
