/**
 * CONNECTs are let through a few at a time. After a hub restart or a network
 * blip every lobby screen and kiosk reconnects at once; aedes takes each
 * CONNECT through several turns of the event loop (checks, the session, the
 * queue, CONNACK), and with hundreds in step those turns grow to a tenth of a
 * second or more each, so a kiosk's enrolment or a counter's call-next waits
 * behind every one of them. With a few in flight the turns stay short and the
 * requests go in between; the storm takes about as long, the work being the same.
 *
 * A CONNECT is in flight from the moment the packet is read until the client is
 * ready or gone; a connection that never sends one takes no place, so
 * strangers holding connections open cannot hold the devices back.
 */
import type { Client } from 'aedes';

/** CONNECTs handled at once: enough to keep the hub busy, few enough that every turn stays short. */
export const CONNECTS_IN_FLIGHT = 8;
/** A CONNECT that has neither finished nor closed by then gives up its place anyway, so a lost event cannot stop the queue. */
const IN_FLIGHT_LIMIT_MS = 2_000;

export class ConnectionPacer {
  private readonly waiting: { client: Client; start: () => void }[] = [];
  private readonly inFlight = new Map<Client, NodeJS.Timeout>();

  constructor(private readonly limit = CONNECTS_IN_FLIGHT) {}

  /** Runs `start` (the rest of the CONNECT) as soon as fewer than the limit are in flight. */
  admit(client: Client, start: () => void): void {
    this.waiting.push({ client, start });
    this.next();
  }

  /** The client is ready (CONNACK sent) or gone: its place goes to the next CONNECT. */
  finished(client: Client): void {
    const timer = this.inFlight.get(client);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.inFlight.delete(client);
    // The next turn: this one may be deep inside the CONNECT that just finished.
    setImmediate(() => this.next());
  }

  private next(): void {
    while (this.inFlight.size < this.limit && this.waiting.length > 0) {
      const { client, start } = this.waiting.shift()!;
      if (client.conn.destroyed) continue;
      this.inFlight.set(client, setTimeout(() => this.finished(client), IN_FLIGHT_LIMIT_MS).unref());
      client.conn.once('close', () => this.finished(client));
      start();
    }
  }
}
