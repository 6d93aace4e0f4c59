/** Runs the hub as its own process, as in production: for crash tests and benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './ports.ts';
import { restApi, TEST_API_KEY, type RestApi } from './hub.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface HubProcess {
  child: ChildProcess;
  base: string;
  mqttUrl: string;
  /** REST call with the test API key. */
  api: RestApi;
  /** SIGTERM and wait for the exit. */
  stop: () => Promise<void>;
}

export interface HubLaunch {
  dataDir: string;
  httpPort: number;
  mqttPort: number;
  /** A site file (its API key must be TEST_API_KEY); the demo site when absent. */
  sitePath?: string;
  env?: Record<string, string>;
  /** Keep the hub's log (its stdout) readable on `child.stdout`; otherwise it is dropped. */
  keepLog?: boolean;
  /** 'pipe': write to the hub's terminal on `child.stdin` (the demo kiosk agent's virtual scanner reads it). */
  stdin?: 'pipe' | 'ignore';
  /** Run the built hub (dist/node/hub/main.js, as `npm start` and the systemd unit do) instead of its source under tsx; build it first (hub/build-node.ts). */
  built?: boolean;
  /** Another build of the hub to run (its main.js), for a benchmark that compares builds; over `built`. */
  builtEntry?: string;
  /** How often to ask /healthz while it starts (ms). */
  pollMs?: number;
  /** Options for node itself, before the hub's entry (e.g. `--cpu-prof` for a benchmark's profile). */
  nodeOptions?: string[];
}

/** The hub's command line after `node`: the built bundle, or the source through tsx. */
export function hubEntry(built = false): string[] {
  return built ? [`${ROOT}dist/node/hub/main.js`] : ['--import', 'tsx', 'hub/main.ts'];
}

/** Spawns the hub (`hub/main.ts` under tsx, or its build) and resolves once /healthz answers. */
export async function launchHubProcess(launch: HubLaunch): Promise<ChildProcess> {
  const site = launch.sitePath ? ['--site', launch.sitePath] : [];
  const child = spawn(process.execPath, [...(launch.nodeOptions ?? []), ...(launch.builtEntry ? [launch.builtEntry] : hubEntry(launch.built)), '--data-dir', launch.dataDir, '--host', '127.0.0.1', ...site], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOBBYLINE_HTTP_PORT: String(launch.httpPort),
      LOBBYLINE_MQTT_PORT: String(launch.mqttPort),
      LOBBYLINE_API_KEY: TEST_API_KEY,
      // Tests bring their own devices, and their own contact center.
      LOBBYLINE_DEMO_KIOSK: 'off',
      LOBBYLINE_DEMO_CONTACT_CENTER: 'off',
      ...launch.env,
    },
    stdio: [launch.stdin ?? 'ignore', launch.keepLog ? 'pipe' : 'ignore', 'inherit'],
  });
  const pollMs = launch.pollMs ?? 50;
  for (let waited = 0; waited < 15_000; waited += pollMs) {
    if (child.exitCode !== null) throw new Error(`the hub exited with code ${child.exitCode} while starting`);
    if (await fetch(`http://127.0.0.1:${launch.httpPort}/healthz`).then((r) => r.ok, () => false)) return child;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  child.kill('SIGKILL');
  throw new Error('the hub did not become healthy within 15 s');
}

/** Starts the hub on free ports. */
export async function startHubProcess(dataDir: string, options: Pick<HubLaunch, 'sitePath' | 'env' | 'keepLog' | 'stdin' | 'built' | 'pollMs' | 'nodeOptions'> = {}): Promise<HubProcess> {
  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  const child = await launchHubProcess({ dataDir, httpPort, mqttPort, ...options });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  const base = `http://127.0.0.1:${httpPort}`;
  return { child, base, mqttUrl: `mqtt://127.0.0.1:${mqttPort}`, api: restApi(base), stop };
}
