/** Small promise helpers around real mqtt.js clients and raw MQTT bytes, for broker tests. */
import { connect as netConnect, type Socket } from 'node:net';
import mqtt, { type IClientOptions, type IClientPublishOptions, type MqttClient } from 'mqtt';

export type ConnectOutcome = { ok: true; client: MqttClient } | { ok: false; returnCode: number; message: string };

/** Connects once (no reconnects); resolves with the client, or with the CONNACK return code when refused. */
export function tryConnect(url: string, options: IClientOptions = {}): Promise<ConnectOutcome> {
  const client = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5_000, ...options });
  return new Promise((resolve) => {
    const onConnect = () => {
      client.off('error', onError);
      resolve({ ok: true, client });
    };
    const onError = (error: Error & { code?: number | string }) => {
      client.off('connect', onConnect);
      client.end(true);
      resolve({ ok: false, returnCode: typeof error.code === 'number' ? error.code : -1, message: error.message });
    };
    client.once('connect', onConnect);
    client.once('error', onError);
  });
}

/** Connects or throws. */
export async function connectClient(url: string, options: IClientOptions = {}): Promise<MqttClient> {
  const outcome = await tryConnect(url, options);
  if (!outcome.ok) throw new Error(`connect refused (${outcome.returnCode}): ${outcome.message}`);
  return outcome.client;
}

/**
 * The return codes of the SUBACK, one per filter: the granted QoS, or 128 when
 * refused. mqtt.js reports any 128 as an error, but still hands over the SUBACK.
 */
export function subscribeGranted(client: MqttClient, topics: string | string[], qos: 0 | 1 = 1): Promise<number[]> {
  return new Promise((resolve, reject) => {
    client.subscribe(topics, { qos }, (error, granted, packet) => {
      const suback = packet as { granted?: number[] } | undefined;
      if (suback?.granted) resolve(suback.granted);
      else if (error) reject(error);
      else resolve((granted ?? []).map((g) => g.qos));
    });
  });
}

export function publishAsync(client: MqttClient, topic: string, payload: string | Buffer, options: IClientPublishOptions = { qos: 1 }): Promise<void> {
  return new Promise((resolve, reject) => {
    client.publish(topic, payload, options, (error) => (error ? reject(error) : resolve()));
  });
}

export interface Received<T> {
  topic: string;
  payload: T;
  retain: boolean;
}

/** The next message on `topic` whose parsed JSON payload passes `match`; rejects after `timeoutMs`. */
export function nextMessage<T = any>(client: MqttClient, topic: string, match: (payload: T) => boolean = () => true, timeoutMs = 3_000): Promise<Received<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      reject(new Error(`no message on ${topic} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (t: string, raw: Buffer, packet: { retain: boolean }) => {
      if (t !== topic) return;
      const payload = JSON.parse(raw.toString()) as T;
      if (!match(payload)) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve({ topic: t, payload, retain: packet.retain });
    };
    client.on('message', onMessage);
  });
}

/** Every message this client receives from now on, for asserting that something did NOT arrive. */
export function recordMessages(client: MqttClient): Received<string>[] {
  const seen: Received<string>[] = [];
  client.on('message', (topic, payload, packet) => seen.push({ topic, payload: payload.toString(), retain: packet.retain }));
  return seen;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves when the client's connection has closed. */
export function closed(client: MqttClient, timeoutMs = 3_000): Promise<void> {
  if (!client.connected && client.disconnected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connection still open')), timeoutMs);
    client.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

// ---- raw MQTT 3.1.1 bytes, for what mqtt.js will not send ----

function utf8Field(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const length = Buffer.alloc(2);
  length.writeUInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

export function remainingLength(length: number): Buffer {
  const bytes: number[] = [];
  do {
    let byte = length % 128;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    bytes.push(byte);
  } while (length > 0);
  return Buffer.from(bytes);
}

export function connectPacket(options: { clientId: string; clean: boolean; username?: string; password?: string; keepalive?: number }): Buffer {
  let flags = options.clean ? 0x02 : 0;
  if (options.username !== undefined) flags |= 0x80;
  if (options.password !== undefined) flags |= 0x40;
  const keepalive = Buffer.alloc(2);
  keepalive.writeUInt16BE(options.keepalive ?? 60);
  const body = Buffer.concat([
    utf8Field('MQTT'),
    Buffer.from([4, flags]),
    keepalive,
    utf8Field(options.clientId),
    ...(options.username !== undefined ? [utf8Field(options.username)] : []),
    ...(options.password !== undefined ? [utf8Field(options.password)] : []),
  ]);
  return Buffer.concat([Buffer.from([0x10]), remainingLength(body.length), body]);
}

export interface RawConnection {
  socket: Socket;
  /** Every byte received so far. */
  received: () => Buffer;
  /** Resolves once at least `count` bytes have arrived. */
  waitForBytes: (count: number, timeoutMs?: number) => Promise<Buffer>;
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>;
}

export async function rawConnect(port: number, host = '127.0.0.1'): Promise<RawConnection> {
  const socket = netConnect(port, host);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let buffer = Buffer.alloc(0);
  const waiters = new Set<() => void>();
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (const wake of waiters) wake();
  });
  socket.on('error', () => {});
  const closedPromise = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    received: () => buffer,
    closed: closedPromise,
    waitForBytes: (count, timeoutMs = 3_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (buffer.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(buffer);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`only ${buffer.length} of ${count} bytes within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}
