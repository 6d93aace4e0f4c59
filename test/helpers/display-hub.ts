/**
 * The hub as a child process that can be killed (SIGKILL) and started again on
 * the SAME ports and data: what a lobby display sees when the hub PC crashes
 * and its supervisor restarts it. The display must find it again by itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { TEST_API_KEY } from './hub.ts';
import { freePort } from './ports.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface RestartableHub {
  base: string;
  httpPort: number;
  mqttPort: number;
  api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;
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
    const args = ['--import', 'tsx', 'hub/main.ts', '--data-dir', dataDir, '--host', '127.0.0.1'];
    args.push('--http-port', String(httpPort), '--mqtt-port', String(mqttPort));
    const proc = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, LOBBYLINE_API_KEY: TEST_API_KEY, LOBBYLINE_DEMO_KIOSK: 'off' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child = proc;
    leftRunning.add(proc);
    proc.once('exit', () => leftRunning.delete(proc));
    for (let i = 0; i < 300; i++) {
      if (proc.exitCode !== null) throw new Error(`the hub exited with code ${proc.exitCode} while starting`);
      if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    proc.kill('SIGKILL');
    throw new Error('the hub did not become healthy within 15 s');
  };

  const signal = async (name: NodeJS.Signals) => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill(name);
    await exited;
  };

  const api: RestartableHub['api'] = async (method, path, body) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_API_KEY}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };

  await launch();
  return {
    base,
    httpPort,
    mqttPort,
    api,
    kill: () => signal('SIGKILL'),
    restart: async () => {
      await signal('SIGKILL');
      await launch();
    },
    stop: () => signal('SIGTERM'),
  };
}
