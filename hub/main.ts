/**
 * `npm start`: runs the hub. Settings come from flags, then environment
 * variables, then defaults; with no site file it runs the demo site.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { startHub } from './app.ts';
import { DEMO_AGENT } from './demo/console.ts';
import { startDemoContactCenter, type DemoContactCenter } from './demo/contact-center.ts';
import { startDemoKioskAgent } from './demo/kiosk-agent.ts';
import { createLogger } from './log.ts';
import { demoSite } from './site/demo.ts';
import { loadSiteConfig, publicUrlField, SiteConfigError } from './site/config.ts';
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
  const dataDir = resolve(values['data-dir'] ?? env.LOBBYLINE_DATA_DIR ?? 'data');
  const httpPort = port(values['http-port'] ?? env.LOBBYLINE_HTTP_PORT ?? '8080', 'the HTTP port');
  // The demo has a contact center too: its broker, which the hub mirrors to, and its console, beside the hub's port.
  const contactCenter =
    sitePath || env.LOBBYLINE_DEMO_CONTACT_CENTER === 'off'
      ? null
      : await startDemoContactCenter({ site, dataDir, env, logger, consolePort: port(env.LOBBYLINE_CC_PORT ?? String(httpPort + 10), 'the console port (LOBBYLINE_CC_PORT)') });
  const hub = await startHub({
    site: contactCenter?.site ?? site,
    env: contactCenter?.env ?? env,
    dataDir,
    httpPort,
    mqttPort: port(values['mqtt-port'] ?? env.LOBBYLINE_MQTT_PORT ?? '1883', 'the MQTT port'),
    host: values.host ?? env.LOBBYLINE_HOST ?? '0.0.0.0',
    ...publicUrl(values['public-url'] ?? env.LOBBYLINE_PUBLIC_URL),
    logger,
  });
  logger.info('hub started', { site: site.siteId, http: hub.httpUrl, phones: hub.publicUrl, mqtt: hub.mqttUrl, ws: hub.wsUrl, seq: hub.engine.state.seq });
  const demoDisplay = sitePath ? '' : '&device=display-1&key=demo-display-1';
  // The demo runs the lobby's kiosk agent too, with its virtual printer and scanner, in this terminal.
  const demoKiosk = sitePath || env.LOBBYLINE_DEMO_KIOSK === 'off' ? null : startDemoKioskAgent(hub.mqttUrl, hub.publicUrl);
  const contactCenterLines = contactCenter ? await demoContactCenterLines(contactCenter) : '';
  console.log(`
Lobbyline hub for ${site.name} is running.
  Kiosk         ${hub.httpUrl}/kiosk/${sitePath ? '' : '?device=kiosk-1&key=demo-kiosk-1'}
  Lobby display ${hub.httpUrl}/display/?site=${site.siteId}${demoDisplay}
  Phones join   ${hub.publicUrl}/wait/   (QR code for the entrance: ${hub.httpUrl}/wait/api/join-qr.png)
${phonesNote(hub.publicUrl)}  Staff desk    ${hub.httpUrl}/desk/${sitePath ? '' : '   (demo sign-in: mia / demo-mia)'}
  REST API      ${hub.httpUrl}/api/v1   (health: ${hub.httpUrl}/healthz, metrics: ${hub.httpUrl}/metrics)
  MQTT          ${hub.mqttUrl}
  MQTT over WS  ${hub.wsUrl}
${contactCenterLines}${sitePath ? '' : '  Demo site: every credential and the API key are listed in README.md\n'}`);

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
      const closeHub = () => hub.close();
      void (contactCenter ? contactCenter.stop(closeHub) : closeHub()).then(() => process.exit(0));
    });
  }
}

/** Every link a person receives starts with the public address: one a phone cannot open is said again here, with the fix. */
function phonesNote(publicUrl: string): string {
  if (!isLoopback(new URL(publicUrl).hostname)) return '';
  return `                Phones cannot open ${publicUrl}: start with --public-url ${suggestedPublicUrl({ url: publicUrl })} (an address phones reach)\n`;
}

/** The console's address and the demo agent's sign-in, once it answers; why not, if it cannot start (the hub runs on). */
async function demoContactCenterLines({ console: agentsConsole, broker }: DemoContactCenter): Promise<string> {
  const upstream = `  Upstream MQTT ${broker.url}   (the contact center's broker, ${broker.kind === 'Mosquitto' ? 'Mosquitto' : 'embedded aedes'}: this hub mirrors its line to it)\n`;
  try {
    await agentsConsole.ready();
    return `  Console       ${agentsConsole.url}   (the contact center's agents; demo sign-in: ${DEMO_AGENT.id} / ${DEMO_AGENT.password})\n${upstream}`;
  } catch (error) {
    return `  Console       did not start: ${(error as Error).message} (LOBBYLINE_CC_PORT sets its port)\n${upstream}`;
  }
}

main().catch((error: unknown) => {
  if (error instanceof SiteConfigError) {
    console.error(error.message);
  } else {
    console.error('The hub could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
