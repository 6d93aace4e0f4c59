/**
 * The broker's access checks: SUBSCRIBE, PUBLISH and the delivery of each
 * message. The rules themselves are in hub/access.
 */
import type { AedesOptions, Client, PublishPacket } from 'aedes';
import { kioskScanSchema, parseTopic } from '../contract/index.ts';
import { allowedFilters, canPublish, canSubscribe, filterCovers } from '../access/index.ts';
import { dateOf } from '../context.ts';
import type { CommandRequests } from './command-requests.ts';
import { parseDeviceStatus } from './device-status.ts';
import { errorReply, type SendReply } from './replies.ts';
import { highestGrantedQos, lowestGrantedQos } from './overlapping-subscriptions.ts';
import { SESSION_MARKER_TOPIC } from './session-store.ts';
import { isWillOf, type Sessions } from './sessions.ts';
import type { BrokerLog } from './types.ts';

/**
 * Where refused and consumed publishes go: a topic no client can subscribe to
 * (hub/access grants only filters under the site's own prefix, and `#`/`+` never
 * match topics starting with `$`), so routing it reaches nobody. It is an
 * aedes detail, not part of the Lobbyline topic layout in contract/topics.ts.
 */
export const DISCARD_TOPIC = '$lobbyline/discarded';

/**
 * Drops a publish without dropping the client. An error passed to aedes'
 * authorizePublish callback makes aedes emit clientError and close the
 * connection (lib/handlers/publish.js runs authorizePublish then
 * enqueuePublish in series, and any error ends the client). MQTT 3.1.1
 * §3.3.5 also allows acknowledging a PUBLISH and discarding it, which keeps a
 * kiosk with one wrong topic online. So the packet is authorized but emptied
 * and re-addressed to DISCARD_TOPIC before aedes routes it: the client still
 * gets its PUBACK/PUBREC, nothing is retained (retain is cleared) and no
 * subscriber or offline queue matches the topic.
 */
export function discard(packet: PublishPacket): void {
  packet.topic = DISCARD_TOPIC;
  packet.retain = false;
  packet.payload = Buffer.alloc(0);
}

export interface AuthorizeDeps {
  siteId: string;
  sessions: Sessions;
  commands: CommandRequests;
  reply: SendReply;
  log: BrokerLog;
  clock: () => number;
}

/** Refused filters get SUBACK 0x80 (a null subscription); the client stays connected. */
export function createAuthorizeSubscribe(deps: AuthorizeDeps): NonNullable<AedesOptions['authorizeSubscribe']> {
  return (client, subscription, callback) => {
    // Not a real subscription: how a resumed session without any reports Session Present (session-store.ts).
    if (subscription.topic === SESSION_MARKER_TOPIC) return callback(null, null);
    const identity = deps.sessions.identityOf(client);
    const allowed = identity !== undefined && canSubscribe(deps.siteId, identity, client.id, subscription.topic);
    if (!allowed) {
      deps.log('info', 'MQTT subscription refused', { clientId: client.id, deviceId: identity?.deviceId, role: identity?.role, topic: subscription.topic });
    }
    callback(null, allowed ? subscription : null);
  };
}

/**
 * Checked again for every message a client is about to receive, and capped at its QoS. Subscriptions
 * were checked when made, but aedes also stores a persistent session's whole
 * SUBSCRIBE packet, refused filters included, and queues matching QoS 1
 * messages for it while the client is offline; this keeps those from being delivered.
 */
export function createAuthorizeForward(deps: AuthorizeDeps): NonNullable<AedesOptions['authorizeForward']> {
  // Runs once per delivery (every screen, every message), so each connection's allowed filters are worked
  // out once, and whether they cover a topic once per topic: the hub publishes to a handful of topics.
  const rightsByClient = new WeakMap<object, ForwardRights>();
  return (client, packet) => {
    let rights = rightsByClient.get(client);
    if (!rights) {
      const identity = deps.sessions.identityOf(client);
      if (!identity) return null;
      rights = new ForwardRights(allowedFilters(deps.siteId, identity, client.id));
      rightsByClient.set(client, rights);
    }
    if (!rights.covers(packet.topic)) return null;
    // [MQTT-3.8.4-6] Never above the QoS granted: aedes caps it only for a subscription to exactly this topic.
    if (packet.qos <= lowestGrantedQos(client)) return packet;
    const granted = highestGrantedQos(client, packet.topic);
    return granted === -1 || packet.qos <= granted ? packet : { ...packet, qos: granted };
  };
}

/** The filters one connection may receive, and which topics they cover, remembered. */
class ForwardRights {
  private readonly covered = new Map<string, boolean>();

  constructor(private readonly filters: string[]) {}

  covers(topic: string): boolean {
    let covered = this.covered.get(topic);
    if (covered === undefined) {
      covered = this.filters.some((allowed) => filterCovers(allowed, topic));
      // A client that sees many distinct topics (device statuses, its own replies) keeps a bounded memory.
      if (this.covered.size >= MAX_REMEMBERED_TOPICS) this.covered.clear();
      this.covered.set(topic, covered);
    }
    return covered;
  }
}

const MAX_REMEMBERED_TOPICS = 256;

export function createAuthorizePublish(deps: AuthorizeDeps): NonNullable<AedesOptions['authorizePublish']> {
  return (client, packet, callback) => {
    try {
      const now = dateOf(deps.clock);
      if (client === null || isWillOf(client, packet)) authorizeWill(deps, client, packet, now);
      else authorizeClientPublish(deps, client, packet, now);
    } catch (error) {
      deps.log('error', 'MQTT publish check failed; message dropped', {
        clientId: client?.id,
        topic: packet.topic,
        error: error instanceof Error ? error.message : String(error),
      });
      discard(packet);
    }
    callback(null);
  };
}

function authorizeClientPublish(deps: AuthorizeDeps, client: Client, packet: PublishPacket, now: Date): void {
  const identity = deps.sessions.identityOf(client);
  if (!identity) return discard(packet);
  const parsed = parseTopic(deps.siteId, packet.topic);

  if (parsed?.kind === 'command') {
    // A request for the hub, not a message for other clients: taken off the bus before it is routed.
    const payload = toBuffer(packet.payload);
    discard(packet);
    deps.commands.handle(identity, client.id, parsed.type, payload);
    return;
  }

  const permission = canPublish(deps.siteId, identity, client.id, packet.topic);
  if (!permission.ok) {
    deps.log('info', 'MQTT publish refused', { clientId: client.id, deviceId: identity.deviceId, topic: packet.topic, reason: permission.reason });
    discard(packet);
    deps.reply(client.id, errorReply('', 'forbidden', `${permission.reason}; the message was dropped`));
    return;
  }

  if (parsed?.kind === 'device-status') {
    const status = parseDeviceStatus(parsed.deviceId, toBuffer(packet.payload), now);
    if (!status.ok) {
      discard(packet);
      deps.reply(client.id, errorReply('', 'invalid_request', `${status.message}; the status was dropped`));
      return;
    }
    // Stored as the hub read it, and always retained: it is the device's current state.
    packet.payload = Buffer.from(JSON.stringify(status.status));
    packet.retain = true;
    return;
  }
  if (parsed?.kind === 'device-scans') {
    if (!isKioskScan(toBuffer(packet.payload))) {
      discard(packet);
      deps.reply(client.id, errorReply('', 'invalid_request', 'A scan must be {kind: "ticket", token} or {kind: "appointment", reference}; the scan was dropped'));
      return;
    }
    // A scan is acted on once, when it happens: a retained one would act again on every reconnect.
    packet.retain = false;
    return;
  }
  // canPublish allows nothing else; anything reaching here is a rule added without a handler.
  discard(packet);
}

/**
 * A Last Will, published by aedes after the client has gone (client is null
 * for a stale will of an earlier broker). It was checked at CONNECT
 * (authenticate.ts); here it is stamped with the time the device went away.
 */
function authorizeWill(deps: AuthorizeDeps, client: Client | null, packet: PublishPacket, now: Date): void {
  const parsed = parseTopic(deps.siteId, packet.topic);
  const identity = client ? deps.sessions.identityOf(client) : undefined;
  if (parsed?.kind !== 'device-status' || (client && identity?.deviceId !== parsed.deviceId)) return discard(packet);
  const status = parseDeviceStatus(parsed.deviceId, toBuffer(packet.payload), now, true);
  if (!status.ok) return discard(packet);
  packet.payload = Buffer.from(JSON.stringify(status.status));
  packet.retain = true;
}

function isKioskScan(payload: Buffer): boolean {
  try {
    return kioskScanSchema.safeParse(JSON.parse(payload.toString('utf8'))).success;
  } catch {
    return false;
  }
}

function toBuffer(payload: Buffer | string): Buffer {
  return typeof payload === 'string' ? Buffer.from(payload) : payload;
}
