/**
 * The demo's contact center, so that one `npm start` shows a phone caller and
 * a walk-in in the same line from both sides: a broker of its own on this
 * machine (upstream-broker.ts), the hub's mirror pointed at it, and the
 * contact center's console following it. Each has its own account on that
 * broker with a password made at every start; the site names the mirror's by
 * environment variable, as a real site file does, and it is never written down.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log.ts';
import type { SiteConfig } from '../site/config.ts';
import { startDemoConsole, type DemoConsole } from './console.ts';
import { startDemoUpstreamBroker, type DemoUpstreamBroker } from './upstream-broker.ts';

/** Where the demo hub's mirror finds its broker password. */
const MIRROR_PASSWORD_ENV = 'LOBBYLINE_DEMO_MIRROR_PASSWORD';
const CONSOLE_USERNAME = 'console';

export interface DemoContactCenterOptions {
  site: SiteConfig;
  /** The hub's data directory: the contact center keeps its broker's and console's files in contact-center/ there. */
  dataDir: string;
  consolePort: number;
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

export interface DemoContactCenter {
  /** The site, its mirror pointed at the demo broker. */
  site: SiteConfig;
  /** The environment for the hub, with the mirror's password. */
  env: NodeJS.ProcessEnv;
  broker: DemoUpstreamBroker;
  console: DemoConsole;
  /** Stops the console, then `closeHub` (its mirror leaves the broker cleanly), then the broker. */
  stop(closeHub: () => Promise<void>): Promise<void>;
}

const password = () => randomBytes(18).toString('base64url');

export async function startDemoContactCenter({ site, dataDir, consolePort, env, logger }: DemoContactCenterOptions): Promise<DemoContactCenter> {
  const dir = join(dataDir, 'contact-center');
  await mkdir(dir, { recursive: true });
  const mirrorUser = `${site.siteId}-mirror`;
  const accounts = { [mirrorUser]: password(), [CONSOLE_USERNAME]: password() };
  const broker = await startDemoUpstreamBroker(join(dir, 'broker'), accounts, (message) => logger.warn(message));
  const console_ = startDemoConsole({
    brokerUrl: broker.url,
    username: CONSOLE_USERNAME,
    password: accounts[CONSOLE_USERNAME]!,
    dbPath: join(dir, 'console.sqlite'),
    port: consolePort,
    env,
  });
  // Whenever the hub exits by itself (a fatal error, an exception while starting), what was started here goes with it.
  process.once('exit', () => {
    console_.killNow();
    broker.killNow?.();
  });
  return {
    site: { ...site, mirror: { url: broker.url, username: mirrorUser, passwordEnv: MIRROR_PASSWORD_ENV, rejectUnauthorized: true } },
    env: { ...env, [MIRROR_PASSWORD_ENV]: accounts[mirrorUser] },
    broker,
    console: console_,
    async stop(closeHub) {
      await console_.stop();
      await closeHub();
      await broker.close();
    },
  };
}
