/** The contact-center console service in this process, on an ephemeral port, with its own SQLite file; restart() keeps the file and the session. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  partition?: Partition;
  /** Each batch of a site's events, once committed. */
  onApplied?: (site: string, events: UpstreamEvent[]) => void;
}

export interface TestConsole {
  current(): ContactCenterConsole;
  /** GET on the console's API with its key; the parsed JSON. */
  get(path: string): Promise<any>;
  /** Closes the service (its session stays on the broker) and starts it again on the same database. */
  restart(): Promise<void>;
  /** What /api/sites says of one site. */
  site(site: string): Promise<{ seq: number; applied: number; online: boolean | null; silentSince: string | null } | undefined>;
  problems: string[];
  stop(): Promise<void>;
}

export async function startTestConsole(options: TestConsoleOptions): Promise<TestConsole> {
  const dir = await mkdtemp(join(tmpdir(), 'lobbyline-console-'));
  const problems: string[] = [];
  const start = () =>
    startConsole({
      ...options,
      dbPath: join(dir, 'console.sqlite'),
      apiKey: CONSOLE_API_KEY,
      httpPort: 0,
      host: '127.0.0.1',
      reconnectPeriodMs: 200,
      replayRetryMs: 500,
      onProblem: (message) => problems.push(message),
    });
  let running: ContactCenterConsole | null = await start();
  const get = async (path: string) => {
    const response = await fetch(`${running!.url}${path}`, { headers: { authorization: `Bearer ${CONSOLE_API_KEY}` } });
    return response.json();
  };
  return {
    current: () => running!,
    get,
    async restart() {
      await running!.close();
      running = null;
      running = await start();
    },
    async site(site) {
      const sites = (await get('/api/sites')) as { site: string; seq: number; applied: number; online: boolean | null; silentSince: string | null }[];
      return sites.find((s) => s.site === site);
    },
    problems,
    async stop() {
      await running?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
