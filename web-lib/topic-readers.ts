/**
 * The topics a browser client follows and what each one's payload goes to, in
 * one place (as Home Assistant's MQTT `subscription.py` does for its entities).
 * Clients follow exact topics built by hub/contract/topics.ts, so a message is
 * matched by lookup and never parsed; the broker's subscriptions are kept equal
 * to the topics followed, across reconnects.
 */
import type { MqttSocket } from './mqtt-socket.ts';

/** Gets the topic's payload as JSON, or null when the retained message was cleared. */
export type TopicReader = (payload: unknown) => void;

type Subscriber = Pick<MqttSocket, 'subscribe' | 'unsubscribe'>;

const decoder = new TextDecoder();

export class TopicReaders {
  private readonly readers = new Map<string, TopicReader>();
  /** Per topic, the newest `updatedAt` read since connecting (ISO times compare as strings). */
  private readonly newestUpdate = new Map<string, string>();
  private subscriber: Subscriber | null = null;

  /** Reads these topics from now on; the new ones are subscribed to at once if connected, else on connecting. */
  follow(readers: Readonly<Record<string, TopicReader>>): void {
    const added = Object.keys(readers).filter((topic) => !this.readers.has(topic));
    for (const [topic, reader] of Object.entries(readers)) this.readers.set(topic, reader);
    this.subscriber?.subscribe(added);
  }

  unfollow(topics: readonly string[]): void {
    const followed = topics.filter((topic) => this.readers.delete(topic));
    for (const topic of followed) this.newestUpdate.delete(topic);
    this.subscriber?.unsubscribe(followed);
  }

  /** From the socket's onOpen: a clean session subscribes afresh to every topic followed, whatever changed while offline. */
  connected(subscriber: Subscriber): void {
    this.subscriber = subscriber;
    this.newestUpdate.clear();
    subscriber.subscribe([...this.readers.keys()]);
  }

  /** From the socket's onMessage: hands the payload to the topic's reader, unless it is older than one already read. */
  read(topic: string, bytes: Uint8Array): void {
    const reader = this.readers.get(topic);
    if (!reader) return;
    let payload: unknown = null;
    if (bytes.length > 0) {
      try {
        payload = JSON.parse(decoder.decode(bytes));
      } catch {
        console.warn(`Ignoring a message on ${topic} that is not JSON`);
        return;
      }
    }
    // The retained copy sent on subscribing can arrive after a newer live message on the same topic.
    const updatedAt = (payload as { updatedAt?: unknown } | null)?.updatedAt;
    if (typeof updatedAt === 'string') {
      const newest = this.newestUpdate.get(topic);
      if (newest !== undefined && updatedAt < newest) return;
      this.newestUpdate.set(topic, updatedAt);
    }
    reader(payload);
  }
}
