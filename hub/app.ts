/**
 * Puts the hub together: event log → queue engine → HTTP (REST, health) and
 * the embedded broker (MQTT/TCP and MQTT/WebSocket on the HTTP port), with the
 * public state publisher listening to commits.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startBroker, type HubBroker } from './broker/broker.ts';
import type { DeviceIdentity } from './broker/acl.ts';
import { submitCommand } from './engine/command-gateway.ts';
import { QueueEngine } from './engine/engine.ts';
import { PublicStatePublisher } from './engine/public-state.ts';
import { ApiKeys } from './http/api-keys.ts';
import { createHttpServer } from './http/server.ts';
import { createLogger, type Logger } from './log.ts';
import { queueConfigOf, type SiteConfig } from './site/config.ts';
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
}

export interface Hub {
  httpUrl: string;
  mqttUrl: string;
  wsUrl: string;
  engine: QueueEngine;
  broker: HubBroker;
  close(): Promise<void>;
}

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
  });
  engine.onFatal((error) => logger.error('event log failed; refusing changes until restart', { error: error.message }));

  const startedAt = Date.now();
  const http = createHttpServer({
    engine,
    log,
    apiKeys: new ApiKeys(site.apiKeys),
    health: () => ({ siteId: site.siteId, seq: engine.state.seq, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) }),
  });
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
    executeCommand: (identity, type, payload, clientId) =>
      submitCommand(engine, { kind: 'device', identity, clientId }, type, payload),
    log: (level, message, fields) => logger[level](message, fields),
  });

  const publisher = new PublicStatePublisher({ ...queueConfigOf(site), name: site.name, languages: site.languages }, broker);
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
    async close() {
      // The broker first: it ends the WebSocket clients that would keep the HTTP server open.
      await broker.close();
      await http.close();
      await engine.close();
      await log.close();
    },
  };
}
