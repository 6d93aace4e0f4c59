/**
 * The contact-center mirror: an ordinary MQTT client with a persistent
 * session that publishes the site's committed events upstream, in sequence
 * order, QoS 1, from the event log. Its position (the last sequence number the
 * upstream broker acknowledged) is stored, so after an outage of any length,
 * or a restart of the hub, it resumes right after it: no gap, and no repeat of
 * anything acknowledged. It also takes the contact center's requests.
 */
import { readFileSync } from 'node:fs';
import type { connect, IClientOptions, MqttClient } from 'mqtt';
import { lobbylineError, upstreamSessionOptions, replayRequestSchema, upstreamTopics, type MirrorStatus } from '../contract/index.ts';
import type { Caller } from '../access/index.ts';
import type { QueueEngine } from '../engine/engine.ts';
import type { Logger } from '../log.ts';
import type { QueueEvent } from '../queue/index.ts';
import type { EventLog } from '../store/event-log.ts';
import type { ContactCenterCommands } from './contact-center-commands.ts';
import { toUpstreamEvent, upstreamMessages, upstreamState } from './event-stream.ts';
import type { MirrorStore } from './mirror-store.ts';

export const UPSTREAM_CURSOR = 'upstream';

export interface MirrorOptions {
  siteId: string;
  /** The site's name and languages, for the retained state summary. */
  siteName: string;
  languages: string[];
  url: string;
  /** Other nodes of the same broker cluster: after a lost connection the next URL is tried, in turn. */
  failoverUrls?: string[];
  clientId: string;
  username?: string;
  password?: string;
  caFile?: string;
  rejectUnauthorized: boolean;
  log: EventLog;
  engine: QueueEngine;
  store: MirrorStore;
  commands: ContactCenterCommands;
  logger: Logger;
  /** Events published but not yet acknowledged, at most. */
  window?: number;
  reconnectPeriodMs?: number;
  /** How often the retained state summary may be refreshed. */
  stateIntervalMs?: number;
}

export interface MirrorHealth {
  connected: boolean;
  /** Last sequence number the upstream broker acknowledged. */
  ackedSeq: number;
  latestSeq: number;
  /** Committed events not yet acknowledged upstream. */
  depth: number;
  /** Age of the oldest unacknowledged event, when known. */
  lagMs: number | null;
  lastError: string | null;
}

interface Pending {
  /** Messages of this event still waiting for their PUBACK. */
  remaining: number;
  at: number;
}

const READ_BATCH = 256;
const CURSOR_RETRY_MS = 1_000;

export class Mirror {
  private readonly client: MqttClient;
  private readonly topics;
  private acked: number;
  /** The position stored in the mirror's database: after a kill, publishing starts again right after it. */
  private saved: number;
  private nextSeq: number;
  private buffer: QueueEvent[] = [];
  private readonly pending = new Map<number, Pending>();
  private pumping = false;
  private pumpAgain = false;
  /** The position write under way, if any; at most one at a time, always of the newest position. */
  private savingCursor: Promise<void> | null = null;
  private commandChain: Promise<void> = Promise.resolve();
  private lastError: string | null = null;
  private stateTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** The contact center, as the audit trail records it. */
  private readonly caller: Caller;

  private constructor(
    private readonly options: MirrorOptions,
    acked: number,
    connectUpstream: typeof connect,
  ) {
    this.topics = upstreamTopics(options.siteId);
    this.caller = { kind: 'integration', keyId: 'contact-center', address: new URL(options.url).host };
    this.acked = acked;
    this.saved = acked;
    this.nextSeq = acked + 1;
    this.client = connectUpstream(options.url, this.clientOptions());
    this.client.on('connect', (connack) => this.onConnect(connack.sessionPresent));
    this.client.on('message', (topic, payload) => this.onMessage(topic, payload));
    this.client.on('error', (error) => this.noteError(`upstream broker: ${error.message}`));
    this.client.on('offline', () => options.logger.warn('mirror disconnected from the upstream broker', { broker: this.brokerAddress() }));
    options.engine.onCommitted(() => {
      this.pump();
      this.scheduleState();
    });
  }

  static async start(options: MirrorOptions): Promise<Mirror> {
    // The MQTT client (and the streams it brings) is loaded only by a hub that mirrors, not at every start.
    const [{ connect: connectUpstream }, acked] = await Promise.all([import('mqtt'), options.store.cursor(UPSTREAM_CURSOR)]);
    return new Mirror(options, acked, connectUpstream);
  }

  health(): MirrorHealth {
    const latestSeq = this.options.engine.state.seq;
    const depth = Math.max(0, latestSeq - this.acked);
    const oldest = this.pending.get(this.acked + 1)?.at ?? this.buffer[0]?.at;
    return {
      connected: this.client.connected,
      ackedSeq: this.acked,
      latestSeq,
      depth,
      lagMs: depth === 0 ? 0 : oldest === undefined ? null : this.options.engine.now() - oldest,
      lastError: this.lastError,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.stateTimer) clearTimeout(this.stateTimer);
    await this.commandChain;
    while (this.savingCursor) await this.savingCursor;
    if (this.client.connected) await this.publishStatus(false).catch(() => {});
    await this.client.endAsync();
  }

  private clientOptions(): IClientOptions {
    const { options } = this;
    const offline: MirrorStatus = { site: options.siteId, online: false, at: new Date(options.engine.now()).toISOString() };
    return {
      ...upstreamSessionOptions({ ...options, urls: [options.url, ...(options.failoverUrls ?? [])] }),
      ...(options.caFile && { ca: readFileSync(options.caFile) }),
      rejectUnauthorized: options.rejectUnauthorized,
      will: { topic: this.topics.status, payload: Buffer.from(JSON.stringify(offline)), qos: 1, retain: true },
    };
  }

  private onConnect(sessionPresent: boolean): void {
    this.lastError = null;
    this.options.logger.info('mirror connected to the upstream broker', { broker: this.brokerAddress(), ackedSeq: this.acked, sessionPresent });
    void this.publishStatus(true).catch(() => {});
    if (!sessionPresent) {
      this.client.subscribe([this.topics.commandAll, this.topics.replay], { qos: 1 }, (error) => {
        if (error) this.noteError(`cannot subscribe upstream: ${error.message}`);
      });
    }
    this.scheduleState();
    this.pump();
  }

  /** Publishes events from the log while connected and the window has room. */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void this.fill()
      .catch((error: Error) => this.noteError(`reading the event log: ${error.message}`))
      .finally(() => {
        this.pumping = false;
        if (this.pumpAgain && !this.closed) {
          this.pumpAgain = false;
          this.pump();
        }
      });
  }

  /**
   * The window counts from the stored position, not from the broker's last
   * acknowledgement: a hub killed at any moment publishes again at most
   * `window` events, those after the stored position (README: guarantees).
   */
  private async fill(): Promise<void> {
    const window = this.options.window ?? 128;
    while (!this.closed && this.client.connected && this.nextSeq - 1 - this.saved < window) {
      if (this.buffer.length === 0) {
        this.buffer = await this.options.log.readEvents(this.nextSeq - 1, READ_BATCH);
        if (this.buffer.length === 0) return;
      }
      this.send(this.buffer.shift()!);
    }
  }

  private send(event: QueueEvent): void {
    const { engine, siteId } = this.options;
    const messages = upstreamMessages(siteId, engine.config, event, (id) => engine.state.entries[id]);
    this.pending.set(event.seq, { remaining: messages.length, at: event.at });
    this.nextSeq = event.seq + 1;
    for (const message of messages) {
      this.client.publish(message.topic, JSON.stringify(message.payload), { qos: 1 }, (error) => {
        if (error) {
          // Not acknowledged and no longer retried by the client: start again from the last acknowledged event.
          this.noteError(`publishing event ${event.seq}: ${error.message}`);
          this.resync();
          return;
        }
        this.onAcknowledged(event.seq);
      });
    }
  }

  private onAcknowledged(seq: number): void {
    const entry = this.pending.get(seq);
    if (!entry) return;
    entry.remaining -= 1;
    const before = this.acked;
    while (this.pending.get(this.acked + 1)?.remaining === 0) {
      this.pending.delete(this.acked + 1);
      this.acked += 1;
    }
    if (this.acked !== before) this.saveCursor();
    this.pump();
  }

  private resync(): void {
    this.pending.clear();
    this.buffer = [];
    this.nextSeq = this.acked + 1;
  }

  /**
   * Stores the newest position, one write at a time; acknowledgements that
   * arrive meanwhile are stored by the next write. A failed write is tried
   * again a second later: the window waits on the stored position.
   */
  private saveCursor(): void {
    if (this.savingCursor) return;
    const position = this.acked;
    this.savingCursor = this.options.store.setCursor(UPSTREAM_CURSOR, position).then(
      () => {
        this.savingCursor = null;
        this.saved = position;
        if (this.acked > this.saved) this.saveCursor();
        this.pump();
      },
      (error: Error) => {
        this.savingCursor = null;
        this.noteError(`saving the mirror position: ${error.message}`);
        if (!this.closed) setTimeout(() => this.saveCursor(), CURSOR_RETRY_MS).unref();
      },
    );
  }

  private onMessage(topic: string, payload: Buffer): void {
    if (topic === this.topics.replay) {
      void this.replay(payload).catch((error: Error) => this.noteError(`replay: ${error.message}`));
      return;
    }
    if (!topic.startsWith(this.topics.commandPrefix)) return;
    const type = topic.slice(this.topics.commandPrefix.length);
    // One request at a time, so a repeated requestId always finds the first answer.
    this.commandChain = this.commandChain.then(async () => {
      let body: unknown;
      try {
        body = JSON.parse(payload.toString('utf8'));
      } catch {
        body = undefined;
      }
      const reply =
        body === undefined
          ? { requestId: null, ok: false, error: lobbylineError('invalid_request', 'The request is not valid JSON') }
          : await this.options.commands.handle(type, body, this.caller);
      this.client.publish(this.topics.replies, JSON.stringify(reply), { qos: 1 });
    });
  }

  /** Publishes events again, on the replay topic, for a consumer that lost some. */
  private async replay(payload: Buffer): Promise<void> {
    let request;
    try {
      request = replayRequestSchema.parse(JSON.parse(payload.toString('utf8')));
    } catch (error) {
      this.options.logger.warn('mirror ignored a malformed replay request', { error: (error as Error).message });
      return;
    }
    const last = Math.min(request.toSeq ?? Number.MAX_SAFE_INTEGER, this.options.engine.state.seq);
    for (let after = request.fromSeq - 1; after < last; ) {
      const events = await this.options.log.readEvents(after, READ_BATCH);
      if (events.length === 0) break;
      for (const event of events) {
        if (event.seq > last) break;
        await this.client.publishAsync(this.topics.replayed, JSON.stringify({ ...toUpstreamEvent(this.options.siteId, event), replay: true }), {
          qos: 1,
        });
      }
      after = events.at(-1)!.seq;
    }
  }

  private publishStatus(online: boolean): Promise<unknown> {
    const status: MirrorStatus = { site: this.options.siteId, online, at: new Date(this.options.engine.now()).toISOString() };
    return this.client.publishAsync(this.topics.status, JSON.stringify(status), { qos: 1, retain: true });
  }

  /** The retained summary of the lines, at most once per interval. */
  private scheduleState(): void {
    if (this.stateTimer || this.closed) return;
    this.stateTimer = setTimeout(() => {
      this.stateTimer = null;
      if (!this.client.connected) return;
      const { engine, siteId } = this.options;
      const state = upstreamState({ siteId, name: this.options.siteName, languages: this.options.languages }, engine.state, engine.config, engine.now());
      this.client.publish(this.topics.state, JSON.stringify(state), { qos: 1, retain: true });
    }, this.options.stateIntervalMs ?? 1_000);
  }

  /** The broker of the current (or last) connection: with failover URLs, mqtt.js sets it on each attempt. */
  private brokerAddress(): string {
    const { host, port } = this.client.options;
    return `${host}:${port}`;
  }

  private noteError(message: string): void {
    if (this.lastError !== message) this.options.logger.warn('mirror problem', { error: message });
    this.lastError = message;
  }
}
