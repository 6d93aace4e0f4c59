/**
 * Puts the hub together: event log → queue engine → HTTP (REST, health) and
 * the embedded broker (MQTT/TCP and MQTT/WebSocket on the HTTP port), with the
 * public state publisher listening to commits.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startBroker, type HubBroker } from './broker/broker.ts';
import type { DeviceIdentity } from './access/topic-rights.ts';
import { apiRoutes } from './api/routes.ts';
import { WAIT_API_PATH } from './contract/wait.ts';
import { deskRoutes } from './desk/routes.ts';
import { DeskFeed } from './desk/service.ts';
import { submitCommand } from './engine/command-gateway.ts';
import { ContactRetention } from './retention/contact-retention.ts';
import { QueueEngine } from './engine/engine.ts';
import { PublicStatePublisher } from './devices/public-state.ts';
import { ticketPrinter, withPrintJobs, type PrintJobsOptions } from './devices/print-jobs.ts';
import { scannerSetupPrinter } from './devices/scanner-setup-jobs.ts';
import { ApiKeys } from './access/api-keys.ts';
import { createMetrics } from './http/metrics.ts';
import { createHttpServer } from './http/server.ts';
import { createLogger, type Logger } from './log.ts';
import { ContactCenterCommands } from './mirror/contact-center-commands.ts';
import { Mirror } from './mirror/service.ts';
import { MirrorStore } from './mirror/mirror-store.ts';
import { WebhookDelivery } from './mirror/webhooks.ts';
import { DEFAULT_CONTACT_RETENTION_HOURS } from './queue/commands/purge-contacts.ts';
import { queueConfigOf, secretFromEnv, type SiteConfig } from './site/config.ts';
import { RemoteWait } from './wait/service.ts';
import { waitRoutes } from './wait/routes.ts';
import { createSmsGateway, registerSmsGatewayRoutes } from './sms/gateways/config.ts';
import { startSmsNotifier } from './sms/service.ts';
import { queueActions } from './sms/queue-actions.ts';
import { WaitLinks } from './wait/links.ts';
import { WaitLive } from './wait/live.ts';
import { StaffAuth } from './staff/staff-auth.ts';
import { EventLog } from './store/event-log.ts';

export interface HubOptions {
  site: SiteConfig;
  dataDir: string;
  /** 0 picks a free port (tests). */
  httpPort: number;
  mqttPort: number;
  host?: string;
  clock?: () => number;
  snapshotEvery?: number;
  logger?: Logger;
  /** Where secrets named in the site file are looked up. */
  env?: NodeJS.ProcessEnv;
  /** For tests: faster webhook retries and mirror reconnects. */
  webhookBackoffMs?: number;
  mirrorReconnectMs?: number;
}

export interface Hub {
  httpUrl: string;
  mqttUrl: string;
  wsUrl: string;
  engine: QueueEngine;
  broker: HubBroker;
  mirror: Mirror | null;
  close(): Promise<void>;
}

/** Phone numbers typed without a country code are read as this country's until the site's SMS settings say otherwise. */
const DEFAULT_PHONE_COUNTRY = 'US';

export async function startHub(options: HubOptions): Promise<Hub> {
  const { site } = options;
  const host = options.host ?? '0.0.0.0';
  const logger = options.logger ?? createLogger();
  await mkdir(options.dataDir, { recursive: true });
  const log = await EventLog.open(join(options.dataDir, `${site.siteId}.events.sqlite`));
  const engine = await QueueEngine.open({
    config: queueConfigOf(site),
    log,
    ...(options.clock && { clock: options.clock }),
    ...(options.snapshotEvery && { snapshotEvery: options.snapshotEvery }),
    logger,
  });
  engine.onFatal((error) => logger.error('event log failed; refusing changes until restart', { error: error.message }));

  const retention = new ContactRetention({
    engine,
    log,
    logger,
    retentionHours: engine.config.contactRetentionHours ?? DEFAULT_CONTACT_RETENTION_HOURS,
    ...(options.clock && { clock: options.clock }),
  });

  const env = options.env ?? process.env;
  const contactStore = await MirrorStore.open(join(options.dataDir, `${site.siteId}.mirror.sqlite`));
  const contactCenter = new ContactCenterCommands(engine, contactStore, site.callbacks);
  const mirror = site.mirror
    ? await Mirror.start({
        siteId: site.siteId,
        url: site.mirror.url,
        clientId: site.mirror.clientId ?? `lobbyline-${site.siteId}`,
        ...(site.mirror.username && { username: site.mirror.username }),
        ...(site.mirror.passwordEnv && { password: secretFromEnv(site.mirror.passwordEnv, env) }),
        ...(site.mirror.caFile && { caFile: site.mirror.caFile }),
        rejectUnauthorized: site.mirror.rejectUnauthorized,
        ...(options.mirrorReconnectMs && { reconnectPeriodMs: options.mirrorReconnectMs }),
        log,
        engine,
        store: contactStore,
        commands: contactCenter,
        logger,
      })
    : null;
  const webhooks = site.webhooks.map(
    (hook) =>
      new WebhookDelivery(
        { id: hook.id, url: hook.url, secret: secretFromEnv(hook.secretEnv, env) },
        { siteId: site.siteId, log, engine, store: contactStore, logger, ...(options.webhookBackoffMs && { backoffMs: options.webhookBackoffMs }) },
      ),
  );
  for (const hook of webhooks) hook.kick(); // deliver whatever an earlier run left undelivered

  const startedAt = Date.now();
  // The broker is attached to the HTTP server, so it starts after it; metrics read it lazily.
  let brokerClients = () => 0;
  const mirrorHealth = () => mirror?.health() ?? null;
  const staff = await StaffAuth.open({
    accounts: site.staff,
    storePath: join(options.dataDir, `${site.siteId}.staff.sqlite`),
    ...(options.clock && { clock: options.clock }),
    warn: (message, fields) => logger.warn(message, fields),
  });
  const links = await WaitLinks.open(join(options.dataDir, `${site.siteId}.remote.sqlite`));
  const remoteWait = new RemoteWait({
    engine,
    links,
    site,
    hubUrl: () => `http://${shownHost}:${httpPort}`,
    defaultCountry: site.sms?.defaultCountry ?? DEFAULT_PHONE_COUNTRY,
    logger,
    ...(options.clock && { clock: options.clock }),
  });
  // Tickets go to a kiosk's printer for the kiosk's own requests (withPrintJobs) and for reprints from the desk.
  const printJobs: PrintJobsOptions = {
    site,
    statusUrl: (entryId) => remoteWait.statusUrl(entryId),
    publish: (topic, job) => broker.publish(topic, job),
  };
  const smsGateway = site.sms ? createSmsGateway(site.sms.gateway, { log: logger, env }) : null;
  const deskFeed = new DeskFeed({ engine, site, mirrorHealth, smsHealth: () => sms?.health() ?? null, ...(options.clock && { clock: options.clock }) });
  const http = createHttpServer({
    metrics: createMetrics({ engine, mirrorHealth, brokerClients: () => brokerClients() }),
    health: () => ({
      siteId: site.siteId,
      seq: engine.state.seq,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      ...(mirror && { mirror: mirror.health() }),
    }),
  });
  http.register((api) => apiRoutes(api, { engine, log, contactCenter, mirrorHealth, apiKeys: new ApiKeys(site.apiKeys) }), { prefix: '/api/v1' });
  http.register(
    (desk) =>
      deskRoutes(desk, {
        engine,
        log,
        staff,
        feed: deskFeed,
        printTicket: ticketPrinter(printJobs),
        printScannerSetup: scannerSetupPrinter({ siteId: site.siteId, devices: site.devices, publish: printJobs.publish }),
      }),
    { prefix: '/desk/api' },
  );
  http.register((wait) => waitRoutes(wait, remoteWait), { prefix: WAIT_API_PATH });
  const waitLive = new WaitLive(http.server, remoteWait, logger);
  // Texts: the provider's webhooks (HTTP gateways) are routes, so they go in before listening.
  if (smsGateway) registerSmsGatewayRoutes(http, smsGateway);
  const sms =
    site.sms && smsGateway
      ? await startSmsNotifier({
          engine,
          site,
          config: site.sms,
          gateway: smsGateway,
          dbPath: join(options.dataDir, `${site.siteId}.sms.sqlite`),
          log: logger,
          act: queueActions(engine),
          ...(options.clock && { now: options.clock }),
        })
      : null;
  // Started once every store that keeps phone numbers is known, so the first purge reaches them all.
  if (sms) retention.alsoPurge(async (before) => void (await sms.purgeContacts(before)));
  retention.start();
  await http.listen({ port: options.httpPort, host });

  const devices = new Map(site.devices.map((d) => [d.id, d]));
  const broker = await startBroker({
    siteId: site.siteId,
    host,
    mqttPort: options.mqttPort,
    httpServer: http.server,
    allowAnonymousPublicRead: site.mqtt.anonymousPublicRead,
    findDevice: (username) => {
      const device = devices.get(username);
      if (!device) return undefined;
      const identity: DeviceIdentity = { deviceId: device.id, role: device.role, ...(device.counterId && { counterId: device.counterId }) };
      return { identity, secretHash: device.secretHash };
    },
    // Kiosk tickets also go to the kiosk's printer (devices/print-jobs.ts).
    executeCommand: withPrintJobs((identity, type, payload, clientId) => submitCommand(engine, { kind: 'device', identity, clientId }, type, payload), printJobs),
    log: (level, message, fields) => logger[level](message, fields),
  });

  brokerClients = () => broker.aedes.connectedClients;
  deskFeed.watchDevices(broker);
  const publisher = new PublicStatePublisher(engine.config, { name: site.name, languages: site.languages }, broker);
  publisher.publishAll(engine.state);
  engine.onCommitted((events, state) => publisher.onCommitted(events, state));

  const httpPort = (http.server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    httpUrl: `http://${shownHost}:${httpPort}`,
    mqttUrl: `mqtt://${shownHost}:${broker.port}`,
    wsUrl: `ws://${shownHost}:${httpPort}/mqtt`,
    engine,
    broker,
    mirror,
    async close() {
      // The broker first: it ends the WebSocket clients that would keep the HTTP server open.
      for (const hook of webhooks) hook.close();
      await retention.stop();
      await sms?.stop();
      await mirror?.close();
      await broker.close();
      await waitLive.close();
      remoteWait.close();
      await http.close();
      await engine.close();
      await contactStore.close();
      await staff.close();
      await links.close();
      await log.close();
    },
  };
}
