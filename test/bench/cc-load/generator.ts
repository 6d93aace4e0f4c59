/**
 * The load generator: speaks the upstream contract as N sites (not N hubs)
 * on a few MQTT connections. Per site: its retained `cc/status` (online), its
 * day's `cc/events` in sequence order (QoS 1), `cc/callbacks` for phone
 * callers, a retained `cc/state` at most once per second as a mirror does,
 * and answers to `cc/replay` from its own log on `cc/replayed`. A small share
 * of events is left out of `cc/events` on purpose, as a lost session would,
 * so that the consumer's gap handling (replay requests) runs under load.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { replayRequestSchema, TOPIC_ROOT, upstreamTopics, type MirrorStatus, type UpstreamEvent } from '../../../hub/contract/index.ts';
import { seededRandom } from '../../../hub/insights/day-model.ts';
import type { UpstreamMessage } from '../../../hub/mirror/event-stream.ts';
import { benchConfig } from '../engine-bench.ts';
import { SimulatedSite } from './simulated-site.ts';

export interface LoadOptions {
  url: string;
  sites: number;
  /** Visits per site over the whole day. */
  visits: number;
  /** The day compressed into this much wall-clock time. */
  dayMs: number;
  connections?: number;
  /** Share of events left out of cc/events, for the consumer to ask again (cc/replay). */
  dropShare?: number;
  stateIntervalMs?: number;
  seed?: number;
}

export interface LoadCounts {
  events: number;
  callbacks: number;
  states: number;
  statuses: number;
  /** Events left out of cc/events, and events published again on cc/replayed. */
  dropped: number;
  replayed: number;
  replayRequests: number;
  /** Payload bytes published, by topic kind. */
  bytes: Record<'events' | 'callbacks' | 'state' | 'status' | 'replayed', number>;
}

/** Events kept per site to answer replays from: a gap is asked for within seconds. */
const LOG_KEPT = 4_000;
/** Publishes not yet acknowledged, at most: beyond it the day waits (its events are stamped when they happen). */
const MAX_UNACKED = 20_000;
const TICK_MS = 5;

interface SiteLog {
  site: SimulatedSite;
  client: MqttClient;
  topics: ReturnType<typeof upstreamTopics>;
  firstSeq: number;
  events: string[];
  lastPublished: number;
  lastSeq: number;
  stateDue: number | null;
}

export const loadSiteId = (index: number) => `load-${String(index).padStart(4, '0')}`;

export class LoadGenerator {
  readonly counts: LoadCounts = { events: 0, callbacks: 0, states: 0, statuses: 0, dropped: 0, replayed: 0, replayRequests: 0, bytes: { events: 0, callbacks: 0, state: 0, status: 0, replayed: 0 } };
  private readonly logs = new Map<string, SiteLog>();
  private unacked = 0;
  private readonly random: () => number;

  private constructor(
    private readonly options: LoadOptions,
    private readonly clients: MqttClient[],
  ) {
    this.random = seededRandom(options.seed ?? 17);
    const config = benchConfig();
    for (let i = 0; i < options.sites; i++) {
      const siteId = loadSiteId(i);
      const day = { visits: options.visits, dayMs: options.dayMs, random: seededRandom((options.seed ?? 17) * 1_000 + i) };
      const client = clients[i % clients.length]!;
      this.logs.set(siteId, { site: new SimulatedSite(siteId, i, config, day), client, topics: upstreamTopics(siteId), firstSeq: 1, events: [], lastPublished: 0, lastSeq: 0, stateDue: null });
    }
    clients[0]!.on('message', (topic, payload) => this.onReplayRequest(topic, payload));
  }

  static async start(options: LoadOptions): Promise<LoadGenerator> {
    const clients = await Promise.all(
      Array.from({ length: options.connections ?? 4 }, (_, i) => mqtt.connectAsync(options.url, { clientId: `load-generator-${i}`, clean: true, reconnectPeriod: 500 })),
    );
    await clients[0]!.subscribeAsync(`${TOPIC_ROOT}/+/cc/replay`, { qos: 1 });
    return new LoadGenerator(options, clients);
  }

  get siteIds(): string[] {
    return [...this.logs.keys()];
  }

  /** The last sequence number each site committed. */
  lastSeqs(): Map<string, number> {
    return new Map([...this.logs].map(([id, log]) => [id, log.lastSeq]));
  }

  /** Every site says it is online (retained), as its mirror does on connecting. */
  async announce(): Promise<void> {
    await Promise.all(
      [...this.logs.values()].map((log) => {
        const status: MirrorStatus = { site: log.site.siteId, online: true, at: new Date().toISOString() };
        return this.publish(log, log.topics.status, JSON.stringify(status), 'status', true);
      }),
    );
    this.counts.statuses += this.logs.size;
  }

  /** Plays every site's day to its end; resolves once the broker acknowledged everything. */
  async run(): Promise<void> {
    for (const log of this.logs.values()) this.send(log, log.site.open());
    while ([...this.logs.values()].some((log) => !log.site.done)) {
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
      if (this.unacked > MAX_UNACKED) continue;
      for (const log of this.logs.values()) {
        this.send(log, log.site.advance());
        this.publishStateWhenDue(log);
      }
    }
    for (const log of this.logs.values()) {
      // A site whose last event was left out would never show its gap: publish the rest, as a mirror's next event would.
      if (log.lastPublished < log.lastSeq) this.replay(log, log.lastPublished + 1, log.lastSeq, 'events');
      log.stateDue = 0;
      this.publishStateWhenDue(log);
    }
    while (this.unacked > 0) await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.endAsync()));
  }

  private send(log: SiteLog, messages: UpstreamMessage[]): void {
    for (const message of messages) {
      const payload = JSON.stringify(message.payload);
      if (message.topic !== log.topics.events) {
        this.counts.callbacks += 1;
        void this.publish(log, message.topic, payload, 'callbacks');
        continue;
      }
      const { seq } = message.payload as UpstreamEvent;
      this.keep(log, seq, payload);
      log.stateDue ??= Date.now() + (this.options.stateIntervalMs ?? 1_000);
      this.counts.events += 1;
      if (this.random() < (this.options.dropShare ?? 0)) {
        this.counts.dropped += 1;
        continue;
      }
      log.lastPublished = seq;
      void this.publish(log, message.topic, payload, 'events');
    }
  }

  private keep(log: SiteLog, seq: number, payload: string): void {
    log.events.push(payload);
    log.lastSeq = seq;
    if (log.events.length > 2 * LOG_KEPT) {
      log.events = log.events.slice(LOG_KEPT);
      log.firstSeq += LOG_KEPT;
    }
  }

  private publishStateWhenDue(log: SiteLog): void {
    if (log.stateDue === null || log.stateDue > Date.now()) return;
    log.stateDue = null;
    this.counts.states += 1;
    void this.publish(log, log.topics.state, JSON.stringify(log.site.summary()), 'state', true);
  }

  private onReplayRequest(topic: string, payload: Buffer): void {
    const site = topic.slice(TOPIC_ROOT.length + 1, -'/cc/replay'.length);
    const log = this.logs.get(site);
    const request = replayRequestSchema.safeParse(JSON.parse(payload.toString('utf8')));
    if (!log || !request.success) return;
    this.counts.replayRequests += 1;
    this.replay(log, request.data.fromSeq, Math.min(request.data.toSeq ?? log.lastSeq, log.lastSeq), 'replayed');
  }

  private replay(log: SiteLog, fromSeq: number, toSeq: number, kind: 'events' | 'replayed'): void {
    for (let seq = Math.max(fromSeq, log.firstSeq); seq <= toSeq; seq++) {
      const event = log.events[seq - log.firstSeq]!;
      if (kind === 'events') {
        log.lastPublished = seq;
        void this.publish(log, log.topics.events, event, 'events');
      } else {
        this.counts.replayed += 1;
        void this.publish(log, log.topics.replayed, `${event.slice(0, -1)},"replay":true}`, 'replayed');
      }
    }
  }

  private publish(log: SiteLog, topic: string, payload: string, kind: keyof LoadCounts['bytes'], retain = false): Promise<void> {
    this.unacked += 1;
    this.counts.bytes[kind] += Buffer.byteLength(payload);
    return new Promise((resolve) =>
      log.client.publish(topic, payload, { qos: 1, retain }, () => {
        this.unacked -= 1;
        resolve();
      }),
    );
  }
}
