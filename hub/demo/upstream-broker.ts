/**
 * The contact center's broker for the demo, on this machine: Mosquitto when it
 * is on the PATH (as a contact center would run a broker of its own), else an
 * embedded aedes. Either listens on 127.0.0.1 only, on a free port, and lets
 * in only the accounts given.
 */
import { accessSync, constants } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';
import { startEmbeddedBroker } from './embedded-broker.ts';
import { startMosquitto } from './mosquitto.ts';

/** username → password. */
export type UpstreamAccounts = Record<string, string>;

export interface DemoUpstreamBroker {
  /** mqtt://127.0.0.1:<port> */
  url: string;
  kind: 'Mosquitto' | 'embedded';
  close(): Promise<void>;
  /** At once and without waiting, when the hub exits without stopping it (a broker in its own process). */
  killNow?(): void;
}

/** The executable of that name on the PATH, if any. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // Not in this directory.
    }
  }
  return null;
}

/** A loopback port free a moment ago, for a broker that cannot be asked to pick one itself. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `dir` keeps Mosquitto's configuration and persistence; a Mosquitto that cannot start is said in `warn`, and the embedded broker stands in. */
export async function startDemoUpstreamBroker(dir: string, accounts: UpstreamAccounts, warn: (message: string) => void): Promise<DemoUpstreamBroker> {
  const mosquitto = onPath('mosquitto');
  if (mosquitto) {
    try {
      await mkdir(dir, { recursive: true });
      return await startMosquitto(mosquitto, dir, await freePort(), accounts);
    } catch (error) {
      warn(`the demo's contact-center broker runs embedded: ${(error as Error).message}`);
    }
  }
  return startEmbeddedBroker(0, accounts);
}
