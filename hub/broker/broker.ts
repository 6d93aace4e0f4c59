/**
 * The hub's embedded MQTT 3.1.1 broker (aedes). Kiosks, counter buttons and
 * the staff desk connect over TCP; lobby displays and browsers over WebSocket
 * at /mqtt on the HTTP port. This file only wires the parts together; each
 * concern has its own file:
 *
 *   authenticate.ts      CONNECT: client id rules, device passwords, anonymous readers, Last Will check
 *   authorize.ts         SUBSCRIBE / PUBLISH / delivery checks against hub/access; dropping refused publishes
 *   command-requests.ts  command/{type} requests → executeCommand → reply/{clientId}
 *   device-status.ts     devices/{id}/status payloads and the latest status per device
 *   frame-limit.ts       maximum MQTT packet size, in front of aedes; one socket write per turn of the event loop
 *   listeners.ts         TCP and WebSocket listeners
 *   connection-pacer.ts  a few CONNECTs in flight at a time, so a reconnect storm leaves room for requests
 *   session-store.ts     sessions and their queues: bounded, expiring (aedes persistence)
 *   overlapping-subscriptions.ts  one copy of a message at the highest QoS of the client's matching subscriptions
 */
import type { Server as HttpServer } from 'node:http';
import { Aedes, type Client } from 'aedes';
import { parseTopic, type DeviceStatus } from '../contract/index.ts';
import { dateOf, systemClock } from '../context.ts';
import { createAuthenticate, createPreConnect } from './authenticate.ts';
import { createAuthorizeForward, createAuthorizePublish, createAuthorizeSubscribe } from './authorize.ts';
import { CommandRequests } from './command-requests.ts';
import { DeviceStatusTracker, parseDeviceStatus, type DeviceStatusListener } from './device-status.ts';
import { DEFAULT_MAX_PACKET_BYTES, PacketTooLargeError } from './frame-limit.ts';
import { openListeners } from './listeners.ts';
import { ConnectionPacer } from './connection-pacer.ts';
import { deliverOnceAtHighestQos } from './overlapping-subscriptions.ts';
import type { HubCertificate } from '../http/tls.ts';
import { createReplySender } from './replies.ts';
import { SessionStore, type SessionCounts } from './session-store.ts';
import { Sessions } from './sessions.ts';
import type { BrokerLog, DeviceRecord, ExecuteCommand } from './types.ts';

export type { BrokerLog, BrokerLogLevel, CommandOutcome, DeviceRecord, ExecuteCommand } from './types.ts';

export interface BrokerOptions {
  siteId: string;
  /** Default 0.0.0.0. */
  host?: string;
  /** MQTT over TCP; 0 picks a free port (see HubBroker.port). */
  mqttPort: number;
  /** When given, MQTT over WebSocket is served at /mqtt on this server. */
  httpServer?: HttpServer;
  /** When given, the MQTT port speaks TLS with this certificate. */
  tls?: HubCertificate;
  /** The device whose MQTT username this is, with its password hash. */
  findDevice: (username: string) => DeviceRecord | undefined;
  /** Whether clients without a username may connect to read public/#. */
  allowAnonymousPublicRead: boolean;
  executeCommand: ExecuteCommand;
  log?: BrokerLog;
  /** Largest MQTT packet (remaining length) accepted; default 64 KiB. */
  maxPacketBytes?: number;
  /** Commands one client may have awaiting replies; default 32. */
  maxPendingCommands?: number;
  /** QoS 1/2 messages kept per session for a client that is away or slow; default 1000 (Mosquitto's default). */
  maxQueuedMessages?: number;
  /** A persistent session is removed once its client has been gone this long; default 24 hours. */
  sessionExpiryMs?: number;
  /** Milliseconds since the epoch, for the times on device statuses; default the system clock (the hub passes its own). */
  clock?: () => number;
}

export interface HubBroker {
  aedes: Aedes;
  /** The TCP port actually bound. */
  port: number;
  /** QoS 1, retained: for public state (now serving, services, counters, site). */
  publishRetained(topic: string, payload: object): void;
  /** QoS 1, not retained: for the private event stream. */
  publish(topic: string, payload: object): void;
  /** The latest status of each device heard from since start-up (a copy). */
  deviceStatuses(): Map<string, DeviceStatus>;
  /** Called with every new device status, including Last Wills; returns an unsubscribe function. */
  onDeviceStatus(listener: DeviceStatusListener): () => void;
  /** Persistent sessions and queued messages held now. */
  sessionCounts(): SessionCounts;
  /** Removes sessions whose clients have been gone longer than the expiry (also run every minute); returns their client ids. */
  expireSessions(): Promise<string[]>;
  close(): Promise<void>;
}

const DEFAULT_MAX_QUEUED_MESSAGES = 1000;
const DEFAULT_SESSION_EXPIRY_MS = 24 * 60 * 60 * 1000;
const EXPIRY_SWEEP_MS = 60_000;

export async function startBroker(options: BrokerOptions): Promise<HubBroker> {
  const { siteId } = options;
  const log: BrokerLog = options.log ?? (() => {});
  const clock = options.clock ?? systemClock;
  const sessions = new Sessions();
  const statuses = new DeviceStatusTracker((error) =>
    log('error', 'A device status listener failed', { error: error instanceof Error ? error.message : String(error) }),
  );

  const store = new SessionStore({
    maxQueuedMessages: options.maxQueuedMessages ?? DEFAULT_MAX_QUEUED_MESSAGES,
    sessionExpiryMs: options.sessionExpiryMs ?? DEFAULT_SESSION_EXPIRY_MS,
  });
  const broker = new Aedes({ connectTimeout: 10_000, drainTimeout: 30_000, maxTopicLevels: 16, persistence: store });
  const reply = createReplySender(broker, siteId, log);
  const commands = new CommandRequests({
    executeCommand: options.executeCommand,
    reply,
    log,
    ...(options.maxPendingCommands !== undefined && { maxPending: options.maxPendingCommands }),
  });
  const authorizeDeps = { siteId, sessions, commands, reply, log, clock };
  const noteConnect = createPreConnect(sessions);
  const pacer = new ConnectionPacer();
  broker.preConnect = (client, packet, callback) => {
    deliverOnceAtHighestQos(client);
    pacer.admit(client, () => noteConnect(client, packet, callback));
  };
  broker.authenticate = createAuthenticate({
    aedes: broker,
    siteId,
    sessions,
    findDevice: options.findDevice,
    allowAnonymousPublicRead: options.allowAnonymousPublicRead,
    log,
    clock,
  });
  broker.authorizeSubscribe = createAuthorizeSubscribe(authorizeDeps);
  broker.authorizePublish = createAuthorizePublish(authorizeDeps);
  broker.authorizeForward = createAuthorizeForward(authorizeDeps);
  await broker.listen();

  // Statuses are taken from what was actually published (after the checks in authorize.ts), wills included.
  broker.on('publish', (packet) => {
    const parsed = parseTopic(siteId, packet.topic);
    if (parsed?.kind !== 'device-status' || !packet.retain) return;
    const status = parseDeviceStatus(parsed.deviceId, packet.payload, dateOf(clock));
    if (status.ok) statuses.record(status.status);
  });
  broker.on('clientReady', (client) => {
    pacer.finished(client);
    store.clientBack(client.id);
    const identity = sessions.identityOf(client);
    log('info', 'MQTT client connected', { clientId: client.id, deviceId: identity?.deviceId, role: identity?.role });
  });
  broker.on('clientDisconnect', (client) => {
    store.clientGone(client.id, clock());
    log('info', 'MQTT client disconnected', { clientId: client.id });
  });
  const dropped = (message: string) => (client: Client, error: Error) =>
    log(error instanceof PacketTooLargeError ? 'warn' : 'info', message, {
      clientId: client.id ?? undefined,
      remoteAddress: (client.conn as { remoteAddress?: string }).remoteAddress,
      error: error.message,
    });
  broker.on('clientError', dropped('MQTT client dropped'));
  broker.on('connectionError', dropped('MQTT connection dropped before CONNECT completed'));

  let listeners;
  try {
    listeners = await openListeners({
      aedes: broker,
      host: options.host ?? '0.0.0.0',
      port: options.mqttPort,
      ...(options.httpServer && { httpServer: options.httpServer }),
      ...(options.tls && { tls: options.tls }),
      maxPacketBytes: options.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES,
      log,
    });
  } catch (error) {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw error;
  }

  const send = (topic: string, payload: object, retain: boolean) => {
    broker.publish({ cmd: 'publish', topic, payload: Buffer.from(JSON.stringify(payload)), qos: 1, retain, dup: false }, (error) => {
      if (error) log('error', 'MQTT publish failed', { topic, error: error.message });
    });
  };

  const expireSessions = async () => {
    const expired = await store.expireSessions(clock());
    if (expired.length > 0) log('info', 'MQTT sessions expired', { clientIds: expired });
    return expired;
  };
  const expiryTimer = setInterval(() => {
    expireSessions().catch((error: unknown) => log('error', 'MQTT session expiry failed', { error: error instanceof Error ? error.message : String(error) }));
  }, EXPIRY_SWEEP_MS);
  expiryTimer.unref();

  let closing: Promise<void> | undefined;
  return {
    aedes: broker,
    port: listeners.port,
    publishRetained: (topic, payload) => send(topic, payload, true),
    publish: (topic, payload) => send(topic, payload, false),
    deviceStatuses: () => statuses.snapshot(),
    onDeviceStatus: (listener) => statuses.subscribe(listener),
    sessionCounts: () => store.counts(),
    expireSessions,
    close() {
      closing ??= (async () => {
        clearInterval(expiryTimer);
        // aedes first: it ends every MQTT session (publishing Last Wills), then the sockets that never got that far.
        await new Promise<void>((resolve) => broker.close(() => resolve()));
        await listeners.close();
      })();
      return closing;
    },
  };
}
