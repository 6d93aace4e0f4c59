/**
 * Puts the hub together: the event log and the queue engine first, then each
 * part that listens to commits (contact center, remote waiting, texts,
 * retention, the desk), the HTTP server with every feature's routes, and the
 * embedded broker (MQTT/TCP, and MQTT/WebSocket on the HTTP port) last,
 * because it is attached to the HTTP server. Each part is built by its own
 * folder; this file only wires them, and closes them in a safe order.
 */
import type { AddressInfo } from 'node:net';
import type { Server as TlsServer } from 'node:tls';
import { deviceIdentity } from './access/index.ts';
import { ApiKeys } from './access/api-keys.ts';
import { apiRoutes } from './api/routes.ts';
import { startBroker, type HubBroker } from './broker/broker.ts';
import { hubContext } from './context.ts';
import { WAIT_API_PATH } from './contract/wait.ts';
import { deskRoutes } from './desk/routes.ts';
import { DeskFeed } from './desk/service.ts';
import { deviceJobs, publishLobbyState } from './devices/service.ts';
import { submitCommand } from './engine/command-gateway.ts';
import { QueueEngine } from './engine/engine.ts';
import { createMetrics } from './http/metrics.ts';
import { clientAddresses as createClientAddresses } from './http/client-address.ts';
import { createHttpServer } from './http/server.ts';
import { HubCertificate } from './http/tls.ts';
import type { Logger } from './log.ts';
import { startContactCenter } from './mirror/contact-center.ts';
import type { Mirror } from './mirror/service.ts';
import { DEFAULT_CONTACT_RETENTION_HOURS } from './queue/commands/purge-contacts.ts';
import { ContactRetention } from './retention/contact-retention.ts';
import { queueConfigOf, secretFromEnv, sitePublicUrl, type SiteConfig } from './site/config.ts';
import { dataFiles } from './site/data-files.ts';
import { createSmsGateway } from './sms/gateways/config.ts';
import { textJoins } from './sms/join-by-text.ts';
import { queueActions } from './sms/queue-actions.ts';
import { smsRoutes } from './sms/routes.ts';
import { startSmsNotifier } from './sms/service.ts';
import { StaffAuth } from './staff/staff-auth.ts';
import { EventLog } from './store/event-log.ts';
import { phoneMenuRoutes } from './voice/service.ts';
import { voiceRoutes } from './voice/routes.ts';
import { waitRoutes } from './wait/routes.ts';
import { RemoteWait } from './wait/service.ts';
import { withVisitLookupLimits } from './devices/visit-lookups.ts';
import { WaitLive } from './wait/live.ts';
import { isLoopback, warnAboutPublicAddress } from './wait/public-address.ts';

export interface HubOptions {
  site: SiteConfig;
  dataDir: string;
  /** 0 picks a free port (tests). */
  httpPort: number;
  mqttPort: number;
  host?: string;
  /** The address phones reach the hub at, over the site file's publicUrl (npm start --public-url). */
  publicUrl?: string;
  clock?: () => number;
  snapshotEvery?: number;
  logger?: Logger;
  /** Where secrets named in the site file are looked up. */
  env?: NodeJS.ProcessEnv;
  /** For tests: faster webhook retries (the first delay; it doubles up to 60 times it) and mirror reconnects. */
  webhookBackoffMs?: number;
  mirrorReconnectMs?: number;
  /** How often callback deadlines are checked. */
  callbackCheckMs?: number;
  /** How often the TLS certificate files are checked for a renewal; tests shorten it. */
  certificateCheckMs?: number;
}

export interface Hub {
  httpUrl: string;
  /** Where phones reach the hub: every link a person receives starts with it. */
  publicUrl: string;
  mqttUrl: string;
  wsUrl: string;
  engine: QueueEngine;
  broker: HubBroker;
  mirror: Mirror | null;
  /**
   * Times out the callbacks overdue at the clock's time now, as the hub's own
   * timer does every callbackCheckMs of real time. A simulation whose clock
   * jumps (hub/simulate.ts) runs it at each jump, where that timer cannot see.
   */
  checkCallbackDeadlines(): Promise<void>;
  close(): Promise<void>;
}

/** Phone numbers typed without a country code are read as this country's until the site's SMS settings say otherwise. */
const DEFAULT_PHONE_COUNTRY = 'US';

export async function startHub(options: HubOptions): Promise<Hub> {
  const { site } = options;
  const host = options.host ?? '0.0.0.0';
  const env = options.env ?? process.env;
  const context = hubContext({ ...(options.clock && { clock: options.clock }), ...(options.logger && { logger: options.logger }) });
  const { clock, logger } = context;
  // First, so that a certificate that does not load stops the start before any store is open.
  const certificate = site.tls ? await HubCertificate.load(site.tls, logger, options.certificateCheckMs) : null;
  const files = await dataFiles(options.dataDir, site.siteId);
  const startedAt = clock();
  // Known once the HTTP server listens and the broker runs; only read after that.
  let httpUrl = '';
  const configuredPublicUrl = options.publicUrl?.replace(/\/+$/, '') ?? sitePublicUrl(site);
  const publicUrl = () => configuredPublicUrl ?? httpUrl;
  let broker: HubBroker | undefined;

  const log = await EventLog.open(files.events);
  const engine = await QueueEngine.open({
    config: queueConfigOf(site),
    log,
    clock,
    newId: context.newId,
    ...(options.snapshotEvery && { snapshotEvery: options.snapshotEvery }),
    logger,
  });
  engine.onFatal((error) => logger.error('the event log can no longer be trusted; refusing every change until the hub restarts', { error: error.message }));

  const contactCenter = await startContactCenter({
    site,
    env,
    engine,
    log,
    storePath: files.mirror,
    // Asked only when a request comes, by which time remote waiting (started below) is running.
    statusUrl: (entryId) => remoteWait.statusUrl(entryId),
    context,
    ...(options.webhookBackoffMs && { webhookBackoffMs: options.webhookBackoffMs }),
    ...(options.mirrorReconnectMs && { mirrorReconnectMs: options.mirrorReconnectMs }),
    ...(options.callbackCheckMs && { callbackCheckMs: options.callbackCheckMs }),
  });
  const staff = await StaffAuth.open({ accounts: site.staff, storePath: files.staff, clock, warn: (message, fields) => logger.warn(message, fields) });
  const remoteWait = await RemoteWait.open({
    engine,
    site,
    linksPath: files.remote,
    publicUrl,
    defaultCountry: site.sms?.defaultCountry ?? DEFAULT_PHONE_COUNTRY,
    context,
  });
  const smsGateway = site.sms ? createSmsGateway(site.sms.gateway, { log: logger, env }) : null;
  const sms =
    site.sms && smsGateway
      ? await startSmsNotifier({
          engine,
          site,
          config: site.sms,
          gateway: smsGateway,
          dbPath: files.sms,
          act: queueActions(engine),
          // Joining by text counts against the join page's flood limits.
          join: textJoins(engine, remoteWait.joinLimits),
          statusUrl: (entryId) => remoteWait.statusUrl(entryId),
          context,
        })
      : null;
  // Joining by phone counts against the join page's flood limits too.
  const phoneCalls = site.voice ? phoneMenuRoutes(site.voice, { engine, site, authToken: secretFromEnv(site.voice.authTokenEnv, env), limits: remoteWait.joinLimits, log: logger }) : null;
  // The one scheduler of purges, given every store that keeps phone numbers, so each purge reaches them all.
  const retention = new ContactRetention({
    engine,
    log,
    retentionHours: engine.config.contactRetentionHours ?? DEFAULT_CONTACT_RETENTION_HOURS,
    otherStores: sms ? [sms] : [],
    context,
  });
  retention.start();
  const jobs = deviceJobs({ site, statusUrl: (entryId) => remoteWait.statusUrl(entryId), publish: (topic, job) => broker?.publish(topic, job), clock });
  const deskFeed = new DeskFeed({
    engine,
    site,
    mirrorHealth: contactCenter.health,
    webhookHealth: contactCenter.webhookHealth,
    smsHealth: () => sms?.health() ?? null,
    phonesJoinAt: () => ({ url: remoteWait.joinUrl(), reachable: !isLoopback(new URL(publicUrl()).hostname) }),
    clock,
  });

  const clientAddresses = createClientAddresses(site.trustedProxies);
  const http = createHttpServer({
    logger,
    site: { siteId: site.siteId, siteName: site.name, languages: site.languages },
    ...(certificate && { https: certificate.options }),
    clientAddresses,
    metrics: createMetrics({ engine, mirrorHealth: contactCenter.health, webhookHealth: contactCenter.webhookHealth, brokerClients: () => broker?.aedes.connectedClients ?? 0 }),
    // Healthy once the broker listens too: the HTTP port opens first, as MQTT over WebSocket rides on it.
    health: () =>
      broker
        ? {
            siteId: site.siteId,
            seq: engine.state.seq,
            uptimeSeconds: Math.round((clock() - startedAt) / 1000),
            ...(contactCenter.mirror && { mirror: contactCenter.mirror.health() }),
          }
        : null,
  });
  const apiKeys = new ApiKeys(site.apiKeys, clock);
  http.register((api) => apiRoutes(api, { engine, log, contactCenter: contactCenter.commands, mirrorHealth: contactCenter.health, webhookHealth: contactCenter.webhookHealth, apiKeys }), { prefix: '/api/v1' });
  http.register((desk) => deskRoutes(desk, { engine, log, staff, feed: deskFeed, defaultCountry: remoteWait.defaultCountry, printTicket: jobs.printTicket, printScannerSetup: jobs.printScannerSetup }), { prefix: '/desk/api' });
  http.register((wait) => waitRoutes(wait, remoteWait), { prefix: WAIT_API_PATH });
  if (smsGateway) http.register((texts) => smsRoutes(texts, smsGateway));
  if (phoneCalls) http.register((calls) => voiceRoutes(calls, phoneCalls));
  const waitLive = new WaitLive(http.server, remoteWait, logger, (request) => clientAddresses.of(request));
  if (certificate) certificate.serve(http.server as unknown as TlsServer);
  await http.listen({ port: options.httpPort, host });
  const httpPort = (http.server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const secure = certificate ? 's' : '';
  httpUrl = `http${secure}://${shownHost}:${httpPort}`;
  warnAboutPublicAddress({ url: publicUrl(), configured: configuredPublicUrl !== null, host, httpPort, behindProxy: Boolean(site.trustedProxies?.length) }, (message, fields) =>
    logger.warn(message, fields),
  );

  const devices = new Map(site.devices.map((d) => [d.id, d]));
  broker = await startBroker({
    siteId: site.siteId,
    host,
    mqttPort: options.mqttPort,
    httpServer: http.server,
    ...(certificate && { tls: certificate }),
    allowAnonymousPublicRead: site.mqtt.anonymousPublicRead,
    findDevice: (username) => {
      const device = devices.get(username);
      return device && { identity: deviceIdentity(device), secretHash: device.secretHash };
    },
    // Kiosk tickets also go to the kiosk's printer (devices/print-jobs.ts).
    executeCommand: jobs.withPrintJobs(
      withVisitLookupLimits((identity, type, payload, clientId) => submitCommand(engine, { kind: 'device', identity, clientId }, type, payload), site.remoteWait.joinWindowMinutes, clock),
    ),
    log: (level, message, fields) => logger[level](message, fields),
    clock,
  });
  deskFeed.watchDevices(broker);
  publishLobbyState(engine, site, broker, clock);

  const running = broker;
  return {
    httpUrl,
    publicUrl: publicUrl(),
    mqttUrl: `mqtt${secure}://${shownHost}:${running.port}`,
    wsUrl: `ws${secure}://${shownHost}:${httpPort}/mqtt`,
    engine,
    broker: running,
    mirror: contactCenter.mirror,
    checkCallbackDeadlines: contactCenter.checkCallbackDeadlines,
    async close() {
      // Nothing scheduled runs on; then the broker, which ends the WebSocket clients that would keep the HTTP server open.
      await retention.stop();
      await sms?.stop();
      await running.close();
      await waitLive.close();
      await http.close();
      certificate?.close();
      // Stores last, once nothing can reach them.
      await remoteWait.close();
      await contactCenter.close();
      await engine.close();
      await staff.close();
      await log.close();
    },
  };
}
