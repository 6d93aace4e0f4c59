/**
 * One MQTT 3.1.1 connection over WebSocket for the browser apps (lobby display,
 * kiosk screen), kept up by itself for as long as the page wants it.
 *
 * u8-mqtt encodes and decodes the packets and numbers and matches their
 * acknowledgements. What a screen left alone in a lobby also needs, u8-mqtt
 * leaves to its user, so it is here: every attempt on a fresh WebSocket and a
 * fresh u8-mqtt client, signed in with the same credentials and Last Will; a
 * connect timeout; a keepalive that notices a silent network; retrying at a
 * steady pace, refusals included; and closing without DISCONNECT so the broker
 * publishes the Last Will.
 */
/// <reference path="./u8-mqtt.d.ts" />
import mqttClient, { type U8MqttClient } from 'u8-mqtt/esm/web/basic-v4.js';

/** CONNACK return codes (MQTT 3.1.1): bad user name or password, not authorised. */
const REFUSED_CODES = new Set([4, 5]);

export interface MqttSocketOptions {
  /** ws:// or wss:// URL of the broker's MQTT endpoint. */
  url: string;
  /** Must be unique per connection. */
  clientId: string;
  username?: string;
  password?: string;
  /** Published by the broker, retained at QoS 1, when the connection ends without DISCONNECT. */
  will?: { topic: string; payload: string };
  /** A silent network is noticed after one to two of these. */
  keepaliveSeconds: number;
  /** Wait after a lost connection or a failed attempt before the next one. */
  reconnectMs: number;
  /** An attempt with no CONNACK by then is abandoned. */
  connectTimeoutMs: number;
}

export interface MqttSocketEvents {
  /** The broker accepted a clean session: subscribe (again) here. */
  onOpen(): void;
  /** The connection, or an attempt at one, ended; the next attempt follows after reconnectMs. */
  onClose(): void;
  /** The broker refused the credentials; onClose follows unless the socket is closed meanwhile. */
  onRefused(): void;
  onMessage(topic: string, payload: Uint8Array): void;
}

/** One WebSocket and the u8-mqtt client speaking over it. */
interface Link {
  ws: WebSocket;
  client: U8MqttClient;
  online: boolean;
  /** Anything received since the last keepalive ping. */
  heard: boolean;
  connectTimer: ReturnType<typeof setTimeout>;
  keepaliveTimer?: ReturnType<typeof setInterval>;
}

export class MqttSocket {
  private link: Link | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly options: MqttSocketOptions,
    private readonly events: MqttSocketEvents,
  ) {}

  get connected(): boolean {
    return this.link?.online === true;
  }

  open(): void {
    const { url, clientId, username, password, will, keepaliveSeconds, connectTimeoutMs } = this.options;
    const ws = new WebSocket(url, 'mqtt');
    const link: Link = {
      ws,
      client: mqttClient({
        // Pinging is done here (keepalive), where an unanswered ping can end the connection.
        keep_alive: 0,
        on_mqtt_type: {
          mqtt_publish: (packet) => {
            if (packet.qos === 1) void link.client.puback(packet);
            this.events.onMessage(packet.topic, packet.payload);
          },
        },
        log_conn() {},
      }),
      online: false,
      heard: false,
      connectTimer: setTimeout(() => this.drop(link), connectTimeoutMs),
    };
    this.link = link;
    ws.addEventListener('message', () => (link.heard = true));
    ws.addEventListener('close', () => this.drop(link));
    link.client.with_websock(ws);
    link.client
      .connect({
        client_id: clientId,
        keep_alive: keepaliveSeconds,
        flags: { clean_start: true },
        ...(username !== undefined && { username, password }),
        ...(will && { will: { ...will, qos: 1, retain: true } }),
      })
      .then(
        () => this.onAccepted(link),
        (error: { reason?: unknown } | undefined) => {
          if (this.link !== link) return;
          if (REFUSED_CODES.has(Number(error?.reason))) this.events.onRefused();
          this.drop(link);
        },
      );
  }

  /** Ends the connection for good, without DISCONNECT: the broker publishes the Last Will. */
  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    if (this.link) this.drop(this.link);
  }

  /** At QoS 1. Offline it does nothing: a clean session subscribes afresh in onOpen. */
  subscribe(topics: readonly string[]): void {
    const link = this.link;
    if (!link?.online || topics.length === 0) return;
    link.client.subscribe([...topics], { qos: 1 }).then(([suback]) => {
      const refused = topics.filter((_, i) => Number(suback?.answers[i] ?? 0) >= 0x80);
      if (refused.length > 0) console.warn(`The hub refused the subscription to ${refused.join(', ')}`);
    });
  }

  unsubscribe(topics: readonly string[]): void {
    if (this.link?.online && topics.length > 0) void this.link.client.unsubscribe([...topics]);
  }

  /** At QoS 1; offline it is dropped, so callers publish what must be known again in onOpen. */
  publish(topic: string, payload: string, options: { retain?: boolean } = {}): void {
    if (this.link?.online) void this.link.client.pub({ topic, payload, qos: 1, retain: options.retain === true });
  }

  private onAccepted(link: Link): void {
    if (this.link !== link) return;
    clearTimeout(link.connectTimer);
    link.online = true;
    link.heard = true;
    link.keepaliveTimer = setInterval(() => {
      if (!link.heard) return this.drop(link);
      link.heard = false;
      void link.client.ping();
    }, this.options.keepaliveSeconds * 1_000);
    this.events.onOpen();
  }

  /** The one way a connection ends: close it, tell the owner, try again later unless closed for good. */
  private drop(link: Link): void {
    if (this.link !== link) return;
    this.link = null;
    clearTimeout(link.connectTimer);
    clearInterval(link.keepaliveTimer);
    link.ws.close();
    if (this.closed) return;
    this.events.onClose();
    this.retryTimer = setTimeout(() => this.open(), this.options.reconnectMs);
  }
}

/** The hub's MQTT endpoint on the page's own origin: the hub serves the apps and the broker together. */
export function sameOriginMqttUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/mqtt`;
}

/** Client and request ids must be unique; crypto.randomUUID is missing on plain-http origins. */
export function randomSuffix(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
