/**
 * `npm start`: runs the hub. Settings come from flags, then environment
 * variables, then defaults; with no site file it runs the demo site.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dirname, resolve } from 'node:path';
import { startHub } from './app.ts';
import { createLogger } from './log.ts';
import { demoSite } from './site/demo.ts';
import { loadSiteConfig, publicUrlField, SiteConfigError } from './site/config.ts';
import { statusPath } from './contract/wait.ts';
import { isLoopback, suggestedPublicUrl } from './wait/public-address.ts';

const USAGE = `Usage: npm start -- [--site FILE] [--data-dir DIR] [--http-port N] [--mqtt-port N] [--host ADDR] [--public-url URL]
  --public-url  where phones reach this hub (e.g. http://192.168.1.20:8080 or https://wait.example.org): every QR code
                and link a person receives starts with it; over the site file's publicUrl
Environment: LOBBYLINE_SITE, LOBBYLINE_DATA_DIR, LOBBYLINE_HTTP_PORT (8080), LOBBYLINE_MQTT_PORT (1883),
             LOBBYLINE_HOST (0.0.0.0), LOBBYLINE_PUBLIC_URL, LOBBYLINE_API_KEY (replaces the demo site's API key)`;

/** How long a hub whose event log failed for good may take to close before it exits anyway. */
const FATAL_EXIT_GRACE_MS = 2_000;

function port(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new SiteConfigError(`${name} must be a port number 0-65535, not '${value}'`);
  return n;
}

function publicUrl(value: string | undefined): { publicUrl?: string } {
  if (value === undefined) return {};
  const parsed = publicUrlField.safeParse(value);
  if (!parsed.success) throw new SiteConfigError(`--public-url (or LOBBYLINE_PUBLIC_URL) ${parsed.error.issues[0]?.message ?? 'is not valid'}, not '${value}'`);
  return { publicUrl: parsed.data };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      site: { type: 'string' },
      'data-dir': { type: 'string' },
      'http-port': { type: 'string' },
      'mqtt-port': { type: 'string' },
      host: { type: 'string' },
      'public-url': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const env = process.env;
  const sitePath = values.site ?? env.LOBBYLINE_SITE;
  const site = sitePath ? await loadSiteConfig(resolve(sitePath)) : demoSite(env.LOBBYLINE_API_KEY);
  const logger = createLogger();
  const hub = await startHub({
    site,
    dataDir: resolve(values['data-dir'] ?? env.LOBBYLINE_DATA_DIR ?? 'data'),
    httpPort: port(values['http-port'] ?? env.LOBBYLINE_HTTP_PORT ?? '8080', 'the HTTP port'),
    mqttPort: port(values['mqtt-port'] ?? env.LOBBYLINE_MQTT_PORT ?? '1883', 'the MQTT port'),
    host: values.host ?? env.LOBBYLINE_HOST ?? '0.0.0.0',
    ...publicUrl(values['public-url'] ?? env.LOBBYLINE_PUBLIC_URL),
    logger,
  });
  logger.info('hub started', { site: site.siteId, http: hub.httpUrl, phones: hub.publicUrl, mqtt: hub.mqttUrl, ws: hub.wsUrl, seq: hub.engine.state.seq });
  const demoDisplay = sitePath ? '' : '&device=display-1&key=demo-display-1';
  // The demo runs the lobby's kiosk agent too, with its virtual printer and scanner, in this terminal.
  const demoKiosk = sitePath || env.LOBBYLINE_DEMO_KIOSK === 'off' ? null : startDemoKioskAgent(hub.mqttUrl, ticketUrlPrefix(hub.publicUrl));
  console.log(`
Lobbyline hub for ${site.name} is running.
  Kiosk         ${hub.httpUrl}/kiosk/${sitePath ? '' : '?device=kiosk-1&key=demo-kiosk-1'}
  Lobby display ${hub.httpUrl}/display/?site=${site.siteId}${demoDisplay}
  Phones join   ${hub.publicUrl}/wait/   (QR code for the entrance: ${hub.httpUrl}/wait/api/join-qr.png)
${phonesNote(hub.publicUrl)}  Staff desk    ${hub.httpUrl}/desk/${sitePath ? '' : '   (demo sign-in: mia / demo-mia)'}
  REST API      ${hub.httpUrl}/api/v1   (health: ${hub.httpUrl}/healthz, metrics: ${hub.httpUrl}/metrics)
  MQTT          ${hub.mqttUrl}
  MQTT over WS  ${hub.wsUrl}
${sitePath ? '' : '  Demo site: every credential and the API key are listed in README.md\n'}`);

  // Crash-only: a restart rebuilds the line from the durable log (the hub has logged why, in app.ts).
  // It cannot store anything any more, so nothing may hold the exit up for long: not a client that
  // keeps its connection alive, nor a request still in flight.
  hub.engine.onFatal(() => {
    process.exitCode = 1;
    setTimeout(() => process.exit(1), FATAL_EXIT_GRACE_MS).unref();
    void hub.close().finally(() => process.exit(1));
  });
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info('stopping', { signal });
      demoKiosk?.kill('SIGTERM');
      void hub.close().then(() => process.exit(0));
    });
  }
}

/** Every link a person receives starts with the public address: one a phone cannot open is said again here, with the fix. */
function phonesNote(publicUrl: string): string {
  if (!isLoopback(new URL(publicUrl).hostname)) return '';
  return `                Phones cannot open ${publicUrl}: start with --public-url ${suggestedPublicUrl({ url: publicUrl })} (an address phones reach)\n`;
}

/** What this hub's ticket QR codes start with, whatever its port or public address: the demo kiosk's scanner knows them by it. */
function ticketUrlPrefix(publicUrl: string): string {
  return `${publicUrl}${statusPath('')}`.replace(/#$/, '');
}

/** Set to true by the build (hub/build-node.ts); undeclared under tsx. */
declare const LOBBYLINE_BUILT: boolean | undefined;

/** The built hub runs the built agent beside it (dist/node/kiosk/agent/main.js); under tsx, the agent's source. */
function demoKioskAgentCommand(): string[] {
  if (typeof LOBBYLINE_BUILT !== 'undefined' && LOBBYLINE_BUILT) return [resolve(dirname(process.argv[1]!), '../kiosk/agent/main.js')];
  return ['--import', 'tsx', fileURLToPath(new URL('../kiosk/agent/main.ts', import.meta.url))];
}

function startDemoKioskAgent(mqttUrl: string, ticketUrls: string): ChildProcess {
  const agent = spawn(process.execPath, [...demoKioskAgentCommand(), '--mqtt-url', mqttUrl, '--ticket-url-prefix', ticketUrls], {
    // The IPC channel lets the agent notice if the hub dies without stopping it.
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  agent.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) console.error(`The demo kiosk agent stopped (exit code ${code}); the hub keeps running.`);
  });
  return agent;
}

main().catch((error: unknown) => {
  if (error instanceof SiteConfigError) {
    console.error(error.message);
  } else {
    console.error('The hub could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
