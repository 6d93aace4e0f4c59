/**
 * The hub as a child process that can be killed (SIGKILL) and started again on
 * the SAME ports and data: what a lobby display sees when the hub PC crashes
 * and its supervisor restarts it. The display must find it again by itself.
 */
import type { ChildProcess } from 'node:child_process';
import { restApi, type RestApi } from './hub.ts';
import { launchHubProcess } from './hub-process.ts';
import { freePort } from './ports.ts';

export interface RestartableHub {
  base: string;
  httpPort: number;
  mqttPort: number;
  api: RestApi;
  /** SIGKILL, like a crash; resolves once the process is gone. */
  kill: () => Promise<void>;
  /** Starts it again on the same ports and data directory; resolves when healthy. */
  restart: () => Promise<void>;
  /** SIGTERM and wait. */
  stop: () => Promise<void>;
}

/** Hubs still running when the test process exits (a failed test) are killed, not left behind. */
const leftRunning = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of leftRunning) proc.kill('SIGKILL');
});

export async function startRestartableHub(dataDir: string): Promise<RestartableHub> {
  const httpPort = await freePort();
  const mqttPort = await freePort();
  const base = `http://127.0.0.1:${httpPort}`;
  let child: ChildProcess | undefined;

  const launch = async () => {
    const proc = await launchHubProcess({ dataDir, httpPort, mqttPort });
    child = proc;
    leftRunning.add(proc);
    proc.once('exit', () => leftRunning.delete(proc));
  };

  const signal = async (name: NodeJS.Signals) => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill(name);
    await exited;
  };

  await launch();
  return {
    base,
    httpPort,
    mqttPort,
    api: restApi(base),
    kill: () => signal('SIGKILL'),
    restart: async () => {
      await signal('SIGKILL');
      await launch();
    },
    stop: () => signal('SIGTERM'),
  };
}
