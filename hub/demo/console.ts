/**
 * The contact center's console (contact-center/main.ts) for the demo, as its
 * own process the way a contact center runs it, configured through its
 * LOBBYLINE_CC_* variables: the demo broker, its database in the demo's data
 * directory, the demo agents of console.yaml, on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { programCommand } from './programs.ts';

/** The demo console's API key (README.md), unless LOBBYLINE_CC_API_KEY replaces it. */
export const DEMO_CONSOLE_API_KEY = 'demo-console-key';
/** The demo agent's sign-in, as console.yaml has its hash (printed with the hub's addresses). */
export const DEMO_AGENT = { id: 'cora', password: 'demo-cora' } as const;

const READY_ATTEMPTS = 300;
const READY_POLL_MS = 50;
const STOP_GRACE_MS = 5_000;

export interface DemoConsoleOptions {
  brokerUrl: string;
  username: string;
  password: string;
  dbPath: string;
  port: number;
  env: NodeJS.ProcessEnv;
}

export interface DemoConsole {
  /** http://127.0.0.1:<port>/ */
  url: string;
  /** Resolves once it answers /healthz; rejects if it exits first. */
  ready(): Promise<void>;
  stop(): Promise<void>;
  /** At once and without waiting, when the hub exits without stopping it. */
  killNow(): void;
}

export function startDemoConsole(options: DemoConsoleOptions): DemoConsole {
  const command = programCommand('contact-center/main.js', new URL('../../contact-center/main.ts', import.meta.url));
  const child = spawn(process.execPath, command, {
    env: {
      ...options.env,
      LOBBYLINE_CC_BROKERS: options.brokerUrl,
      LOBBYLINE_CC_USERNAME: options.username,
      LOBBYLINE_CC_PASSWORD: options.password,
      LOBBYLINE_CC_CLIENT_ID: 'lobbyline-demo-console',
      LOBBYLINE_CC_API_KEY: options.env.LOBBYLINE_CC_API_KEY ?? DEMO_CONSOLE_API_KEY,
      LOBBYLINE_CC_CONFIG: fileURLToPath(new URL('./console.yaml', import.meta.url)),
      LOBBYLINE_CC_DB: options.dbPath,
      LOBBYLINE_CC_PORT: String(options.port),
      LOBBYLINE_CC_HOST: '127.0.0.1',
    },
    // Its own process group: Ctrl-C in the terminal reaches the hub, which stops the console once, before the hub itself.
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('exit', (code, signal) => {
    if (!stopping && signal === null) console.error(`The demo console stopped (exit code ${code}); the hub keeps running.`);
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  const url = `http://127.0.0.1:${options.port}/`;

  return {
    url,
    async ready() {
      for (let attempt = 0; attempt < READY_ATTEMPTS; attempt++) {
        if (!running()) throw new Error(`the demo console exited while starting (exit code ${child.exitCode})`);
        if (await fetch(`${url}healthz`).then((r) => r.ok, () => false)) return;
        await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
      }
      throw new Error(`the demo console did not answer on ${url}healthz`);
    },
    async stop() {
      stopping = true;
      if (!running()) return;
      child.kill('SIGTERM');
      const slow = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(slow);
    },
    killNow() {
      stopping = true;
      if (running()) child.kill('SIGTERM');
    },
  };
}
