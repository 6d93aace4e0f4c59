/**
 * The console's connection to the contact center's broker: a persistent
 * session (QoS 1, clean: false) following every site of its partition. Each
 * site's events go through its SiteStream (repeats dropped, gaps replayed from
 * the hub) into the store; state, status and callback requests are kept as
 * they come. Whatever arrives while the store commits waits in one WriteBatch
 * for the next commit (group commit): one fsync serves every site's events.
 * Requests to a hub (lookup …) go out on cc/commands and their answers are
 * matched by requestId on cc/replies.
 */
import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { TOPIC_ROOT, upstreamSessionOptions, upstreamTopics, type CallbackRequest, type MirrorStatus, type UpstreamCommandType, type UpstreamEvent, type UpstreamReply, type UpstreamState } from '../hub/contract/index.ts';
import { followsSite, type Partition } from './partition.ts';
import { SiteStream } from './site-stream.ts';
import type { ConsoleStore } from './store.ts';
import { WriteBatch } from './write-batch.ts';

export interface UpstreamOptions {
  /** The broker, then other nodes of its cluster tried in turn when the connection is lost. */
  urls: string[];
  clientId: string;
  username?: string;
  password?: string;
  /** The sites this instance follows; every site (`+`) when left out. */
  sites?: string[];
  /** This instance's share of the sites, when several run side by side (partition.ts). */
  partition?: Partition;
  store: ConsoleStore;
  /** How long a gap may stay open before the replay is asked again. */
  replayRetryMs?: number;
  requestTimeoutMs?: number;
  reconnectPeriodMs?: number;
  onProblem?: (message: string) => void;
  /** Told after the store kept something a site sent (events only when some were applied), for the agents' live screens. */
  onStored?: (site: string, what: StoredKind) => void;
  /** After a site's events are committed to the store (and so visible through the API): the live feed, and the load bench's lag. */
  onApplied?: (site: string, events: UpstreamEvent[]) => void;
}

export type StoredKind = 'events' | 'state' | 'status' | 'callbacks';

type Kind = 'events' | 'replayed' | 'state' | 'status' | 'callbacks' | 'replies';
const KINDS: Kind[] = ['events', 'replayed', 'state', 'status', 'callbacks', 'replies'];
const STORE_RETRY_MS = 1_000;
const MAX_PENDING_EVENTS = 5_000;
const TOPIC = new RegExp(`^${TOPIC_ROOT}/([^/]+)/cc/(${KINDS.join('|')})$`);

export class Upstream {
  private readonly client: MqttClient;
  private readonly streams = new Map<string, SiteStream>();
  /** Accepted but not yet written; written in arrival order, so each site's events strictly in order. */
  private pending = new WriteBatch();
  /** The store writes under way, if any: batches are written one at a time. */
  private writing: Promise<void> | null = null;
  private readonly replayAsked = new Map<string, { fromSeq: number; at: number }>();
  private readonly waitingReplies = new Map<string, (reply: UpstreamReply) => void>();
  private readonly gapTimer: NodeJS.Timeout;
  private counters = { repeats: 0, replaysAsked: 0 };

  private constructor(
    private readonly options: UpstreamOptions,
    cursors: Map<string, number>,
  ) {
    for (const [site, seq] of cursors) this.streams.set(site, new SiteStream(seq));
    const [first] = options.urls;
    if (!first) throw new Error('The console needs the URL of the contact center broker');
    this.client = mqtt.connect(first, upstreamSessionOptions(options));
    this.client.on('connect', () => this.subscribe());
    this.client.on('message', (topic, payload) => this.onMessage(topic, payload));
    // mqtt.js reads the next packet (and acknowledges this one) only after this callback: while too many events wait
    // for the store, the broker keeps the rest, and the console's memory stays bounded however far behind it is.
    this.client.handleMessage = (_packet, callback) => {
      if (this.pending.eventCount < MAX_PENDING_EVENTS) return callback();
      void this.settled().then(() => callback());
    };
    this.client.on('error', (error) => options.onProblem?.(`contact center broker: ${error.message}`));
    this.gapTimer = setInterval(() => this.askAgainForGaps(), options.replayRetryMs ?? 2_000);
    this.gapTimer.unref();
  }

  static async start(options: UpstreamOptions): Promise<Upstream> {
    return new Upstream(options, await options.store.cursors());
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Repeats dropped and replays asked so far, for health and tests. */
  stats(): { repeats: number; replaysAsked: number; positions: Record<string, number> } {
    return { ...this.counters, positions: Object.fromEntries([...this.streams].map(([site, s]) => [site, s.position])) };
  }

  /** Sends a request to one site's hub and waits for its answer. */
  request(site: string, type: UpstreamCommandType, body: Record<string, unknown>): Promise<UpstreamReply> {
    const requestId = `console-${randomUUID()}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waitingReplies.delete(requestId);
        reject(new Error(`The hub of site ${site} did not answer within ${this.options.requestTimeoutMs ?? 10_000} ms`));
      }, this.options.requestTimeoutMs ?? 10_000);
      this.waitingReplies.set(requestId, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.client.publish(upstreamTopics(site).command(type), JSON.stringify({ ...body, requestId }), { qos: 1 });
    });
  }

  /** Waits until everything accepted so far is written. */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  async close(): Promise<void> {
    clearInterval(this.gapTimer);
    await this.client.endAsync();
    await this.settled();
  }

  /** Subscribes on every connection: a broker that lost the session (a node gone) must learn the subscriptions again. */
  private subscribe(): void {
    const sites = this.options.sites ?? ['+'];
    const filters = sites.flatMap((site) => KINDS.map((kind) => `${TOPIC_ROOT}/${site}/cc/${kind}`));
    this.client.subscribe(filters, { qos: 1 }, (error) => {
      if (error) this.options.onProblem?.(`cannot subscribe: ${error.message}`);
    });
  }

  private onMessage(topic: string, payload: Buffer): void {
    const match = TOPIC.exec(topic);
    if (!match) return;
    const [, site, kind] = match as unknown as [string, string, Kind];
    // Replies answer this instance's own requests, whichever site they are for.
    const { partition } = this.options;
    if (partition && kind !== 'replies' && !followsSite(partition, site)) return;
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      this.options.onProblem?.(`site ${site} sent a message that is not JSON on ${kind}`);
      return;
    }
    switch (kind) {
      case 'events':
      case 'replayed':
        this.onEvent(site, body as UpstreamEvent);
        return;
      case 'state':
        this.pending.addState(body as UpstreamState);
        this.write();
        return;
      case 'status':
        this.pending.addStatus(body as MirrorStatus);
        this.write();
        return;
      case 'callbacks':
        this.pending.addCallback(body as CallbackRequest);
        this.write();
        return;
      case 'replies': {
        const reply = body as UpstreamReply;
        // A request the hub could not read has no id to answer to: nobody here waits for it.
        if (reply.requestId === null) return;
        this.waitingReplies.get(reply.requestId)?.(reply);
        this.waitingReplies.delete(reply.requestId);
        return;
      }
    }
  }

  private onEvent(site: string, event: UpstreamEvent): void {
    if (event.site !== site || !Number.isInteger(event.seq) || event.seq < 1) {
      this.options.onProblem?.(`site ${site} sent an event without a valid site and seq`);
      return;
    }
    let stream = this.streams.get(site);
    if (!stream) this.streams.set(site, (stream = new SiteStream(0)));
    if (event.seq <= stream.position) this.counters.repeats += 1;
    const { ready, missing } = stream.accept(event);
    if (missing) this.askReplay(site, missing);
    else this.replayAsked.delete(site);
    if (ready.length === 0) return;
    this.pending.addEvents(site, ready);
    this.write();
  }

  private askReplay(site: string, gap: { fromSeq: number; toSeq: number }): void {
    const asked = this.replayAsked.get(site);
    // One request per gap; the timer asks again if it stays open.
    if (asked && asked.fromSeq === gap.fromSeq) return;
    this.replayAsked.set(site, { fromSeq: gap.fromSeq, at: performance.now() });
    this.counters.replaysAsked += 1;
    this.client.publish(upstreamTopics(site).replay, JSON.stringify(gap), { qos: 1 });
  }

  private askAgainForGaps(): void {
    const retryMs = this.options.replayRetryMs ?? 2_000;
    for (const [site, stream] of this.streams) {
      const gap = stream.missing();
      const asked = this.replayAsked.get(site);
      if (!gap || !this.client.connected) continue;
      if (asked && performance.now() - asked.at < retryMs) continue;
      this.replayAsked.delete(site);
      this.askReplay(site, gap);
    }
  }

  /** After a commit: which sites' events, state, status and callbacks are now in the store. */
  private tellStored(batch: WriteBatch): void {
    const { onApplied, onStored } = this.options;
    for (const [site, events] of batch.events) {
      onApplied?.(site, events);
      onStored?.(site, 'events');
    }
    for (const site of batch.states.keys()) onStored?.(site, 'state');
    for (const site of batch.statuses.keys()) onStored?.(site, 'status');
    for (const request of batch.callbacks) onStored?.(request.site, 'callbacks');
  }

  /**
   * Writes what is pending, one batch at a time, until nothing is: messages
   * that arrive during a commit join the next batch. A batch that cannot be
   * written is kept and tried again a second later (the hubs keep everything
   * else on the broker meanwhile).
   */
  private write(): void {
    if (this.writing) return;
    this.writing = (async () => {
      // Messages read from the socket in the same turn join this batch.
      await new Promise((resolve) => setImmediate(resolve));
      while (!this.pending.empty) {
        const batch = this.pending;
        this.pending = new WriteBatch();
        try {
          await this.options.store.applyBatch(batch);
        } catch (error) {
          this.options.onProblem?.(`storing what the sites sent: ${(error as Error).message}`);
          this.pending.takeBack(batch);
          await new Promise((resolve) => setTimeout(resolve, STORE_RETRY_MS));
          continue;
        }
        this.tellStored(batch);
      }
    })().finally(() => {
      this.writing = null;
      if (!this.pending.empty) this.write();
    });
  }
}
