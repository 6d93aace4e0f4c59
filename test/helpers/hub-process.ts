/** Runs the hub as its own process, as in production: for crash tests and benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './ports.ts';
import { TEST_API_KEY } from './hub.ts';

const ROOT = new URL('../../', import.meta.url).pathname;


export interface HubProcess {
  child: ChildProcess;
  base: string;
  mqttUrl: string;
  /** REST call with the test API key. */
  api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;
  /** SIGTERM and wait for the exit. */
  stop: () => Promise<void>;
}

/** Starts `hub/main.ts` on free ports; the demo site unless a site file is given (its API key must be TEST_API_KEY). */
export async function startHubProcess(dataDir: string, options: { sitePath?: string; env?: Record<string, string> } = {}): Promise<HubProcess> {
  const [httpPort, mqttPort] = [await freePort(), await freePort()];
  const site = options.sitePath ? ['--site', options.sitePath] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'hub/main.ts', '--data-dir', dataDir, '--host', '127.0.0.1', ...site], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOBBYLINE_HTTP_PORT: String(httpPort),
      LOBBYLINE_MQTT_PORT: String(mqttPort),
      LOBBYLINE_API_KEY: TEST_API_KEY,
      // Tests bring their own devices.
      LOBBYLINE_DEMO_KIOSK: 'off',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${httpPort}`;
  const api: HubProcess['api'] = async (method, path, body) => {
    const response = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_API_KEY}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the hub exited with code ${child.exitCode} while starting`);
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return { child, base, mqttUrl: `mqtt://127.0.0.1:${mqttPort}`, api, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('the hub did not become healthy within 15 s');
}
