/**
 * Keeps the retained public topics equal to the committed line: now serving,
 * each service's waiting count and estimate, each counter's ticket. A TV that
 * (re)connects gets the truth at once from the retained messages. Payloads
 * here carry no personal data; only ticket numbers, counters and counts.
 */
import { systemClock } from '../context.ts';
import { siteTopics } from '../contract/index.ts';
import {
  publicCounterState,
  publicNowServing,
  publicServiceState,
  publicSite,
  type QueueConfig,
  type QueueEvent,
  type QueueState,
} from '../queue/index.ts';

export interface Publisher {
  publishRetained(topic: string, payload: object): void;
  publish(topic: string, payload: object): void;
}

export class PublicStatePublisher {
  private readonly topics;
  /** Last payload published per topic, without its timestamp, to skip repeats. */
  private readonly lastPublished = new Map<string, string>();

  constructor(
    /** The engine's own config: estimates computed for one state are then shared with command replies. */
    private readonly config: QueueConfig,
    private readonly site: { name: string; languages: string[] },
    private readonly out: Publisher,
    private readonly clock: () => number = systemClock,
  ) {
    this.topics = siteTopics(config.siteId);
  }

  /** At start-up: the site layout and every public topic, so retained state matches the log. */
  publishAll(state: QueueState): void {
    this.out.publishRetained(this.topics.publicSite, publicSite({ ...this.config, ...this.site }));
    this.publishLine(state);
  }

  /** After a commit: the private event stream, then whichever public topics changed. */
  onCommitted(events: QueueEvent[], state: QueueState): void {
    for (const event of events) this.out.publish(this.topics.events, event);
    this.publishLine(state);
  }

  /**
   * Recomputes every public view and publishes the ones that differ from what
   * was last sent. A site has a handful of services and counters, and one
   * commit holds many commands, so this is cheaper than tracking what each event touched.
   */
  private publishLine(state: QueueState): void {
    const now = this.clock();
    this.publishIfChanged(this.topics.nowServing, publicNowServing(state, this.config, now));
    for (const service of this.config.services) {
      this.publishIfChanged(this.topics.service(service.id), publicServiceState(state, this.config, service.id, now));
    }
    for (const counter of this.config.counters) {
      this.publishIfChanged(this.topics.counter(counter.id), publicCounterState(state, this.config, counter.id, now));
    }
  }

  private publishIfChanged(topic: string, payload: { updatedAt: string }): void {
    const { updatedAt: _ignored, ...content } = payload;
    const key = JSON.stringify(content);
    if (this.lastPublished.get(topic) === key) return;
    this.lastPublished.set(topic, key);
    this.out.publishRetained(topic, payload);
  }
}
