/**
 * Where the broker keeps MQTT sessions: aedes' in-memory persistence, with the
 * limits it lacks and two MQTT 3.1.1 rules it gets wrong, all in methods of
 * its documented persistence interface (aedes calls nothing else here):
 *
 * - Each session's queue of QoS 1/2 messages is bounded, like Mosquitto's
 *   `max_queued_messages`: when it is full the newest message is not queued
 *   for that client (Mosquitto drops new messages too). Only QoS > 0 is ever
 *   queued: aedes stores no QoS 0 subscription for offline delivery. A
 *   connected client that leaves a full queue unacknowledged is disconnected
 *   (see outgoingUpdate); Mosquitto would keep it and drop the message.
 * - A persistent session whose client has been gone longer than the expiry is
 *   removed with its queue (`expireSessions`), like Mosquitto's
 *   `persistent_client_expiration`.
 * - A message resent from the queue after a reconnect, having been sent
 *   before (it already has a packet id), carries DUP=1 [MQTT-3.3.1-1].
 * - A resumed session with no subscriptions still reports Session Present 1
 *   [MQTT-3.2.2-2]: see `subscriptionsByClient`.
 */
/// <reference path="./aedes-persistence.d.ts" />
import type { Readable } from 'node:stream';
import MemoryPersistence from 'aedes-persistence/asyncPersistence.js';
import type { Client } from 'aedes';
import type { AedesPacket } from 'aedes-packet';

/**
 * Returned as the only subscription of a stored session that has none: aedes
 * sets Session Present from "were any subscriptions stored" (handlers/connect.js
 * restoreSubs), which says 0 for a session that exists but follows nothing.
 * aedes restores it through authorizeSubscribe, which refuses it (authorize.ts),
 * so it never becomes a live subscription.
 */
export const SESSION_MARKER_TOPIC = '$lobbyline/session';

export interface SessionLimits {
  /** QoS 1/2 messages held per session, sent or not yet acknowledged. */
  maxQueuedMessages: number;
  /** How long a persistent session outlives its client's last disconnect. */
  sessionExpiryMs: number;
}

export interface SessionCounts {
  /** Persistent sessions (clean=false) the broker holds, online or not. */
  sessions: number;
  /** QoS 1/2 messages queued across all sessions. */
  queuedMessages: number;
  /** Messages not queued since start-up because a session's queue was full. */
  droppedMessages: number;
}

type ClientRef = Pick<Client, 'id'>;

export class SessionStore extends MemoryPersistence {
  private readonly queued = new Map<string, number>();
  /** Persistent sessions by client id: when the client went away, or null while connected. */
  private readonly persistent = new Map<string, number | null>();
  private dropped = 0;

  constructor(private readonly limits: SessionLimits) {
    super();
  }

  override async outgoingEnqueue(sub: { clientId: string }, packet: AedesPacket): Promise<void> {
    await this.outgoingEnqueueCombi([sub], packet);
  }

  override async outgoingEnqueueCombi(subs: { clientId: string }[], packet: AedesPacket): Promise<void> {
    const room = subs.filter((sub) => (this.queued.get(sub.clientId) ?? 0) < this.limits.maxQueuedMessages);
    this.dropped += subs.length - room.length;
    for (const sub of room) this.queued.set(sub.clientId, (this.queued.get(sub.clientId) ?? 0) + 1);
    await super.outgoingEnqueueCombi(room, packet);
  }

  /**
   * aedes records here that it is sending a queued message. A message that was not queued because the
   * connected client's queue is full is not found, and aedes then drops the client (client.js writeQoS):
   * the error says why.
   */
  override async outgoingUpdate(client: Client, packet: AedesPacket): Promise<void> {
    try {
      await super.outgoingUpdate(client, packet);
    } catch (error) {
      if ((this.queued.get(client.id) ?? 0) < this.limits.maxQueuedMessages) throw error;
      throw new Error(`${this.limits.maxQueuedMessages} messages to this client are unacknowledged; it is disconnected and gets them again when it returns`);
    }
  }

  override async outgoingClearMessageId(client: Client, packet: AedesPacket): Promise<AedesPacket> {
    const cleared = await super.outgoingClearMessageId(client, packet);
    if (cleared) this.countDown(client.id);
    return cleared;
  }

  override outgoingStream(client: Client): Readable {
    // [MQTT-3.3.1-1]: a packet id is given when a message is first sent (outgoingUpdate), so one already
    // set means this is a redelivery. The stream's copies are what aedes sends; the queue keeps its own.
    return super.outgoingStream(client).map((packet: AedesPacket) =>
      packet.cmd === 'publish' && packet.messageId !== undefined ? { ...packet, dup: true } : packet,
    );
  }

  /**
   * aedes asks for a session's subscriptions only when a client connects with
   * clean=false (handlers/connect.js fetchSubs); that is when the session is
   * resumed or begins.
   */
  override async subscriptionsByClient(client: ClientRef): Promise<{ topic: string; qos: 0 | 1 | 2 }[]> {
    const subs = await super.subscriptionsByClient(client as Client);
    const existed = this.persistent.has(client.id);
    this.persistent.set(client.id, null);
    // [MQTT-3.2.2-2] Session Present is 1 whenever session state was stored, subscriptions or not.
    return existed && subs.length === 0 ? [{ topic: SESSION_MARKER_TOPIC, qos: 0 }] : subs;
  }

  /** aedes calls this when a client connects with clean=true: any earlier session ends [MQTT-3.1.2-6]. */
  override async cleanSubscriptions(client: Client): Promise<void> {
    this.persistent.delete(client.id);
    await super.cleanSubscriptions(client);
  }

  /** A client finished connecting: its session, if persistent, is in use (after any takeover's disconnect). */
  clientBack(clientId: string): void {
    if (this.persistent.has(clientId)) this.persistent.set(clientId, null);
  }

  /** A persistent session's client went away at `now`: its expiry starts. */
  clientGone(clientId: string, now: number): void {
    if (this.persistent.has(clientId)) this.persistent.set(clientId, now);
  }

  /** Removes the sessions of clients gone longer than the expiry, with their queues; returns their client ids. */
  async expireSessions(now: number): Promise<string[]> {
    const expired = [...this.persistent].filter(([, goneAt]) => goneAt !== null && now - goneAt >= this.limits.sessionExpiryMs).map(([id]) => id);
    for (const id of expired) await this.removeSession(id);
    return expired;
  }

  counts(): SessionCounts {
    let queuedMessages = 0;
    for (const count of this.queued.values()) queuedMessages += count;
    return { sessions: this.persistent.size, queuedMessages, droppedMessages: this.dropped };
  }

  private async removeSession(clientId: string): Promise<void> {
    const client = { id: clientId } as Client;
    this.persistent.delete(clientId);
    await super.cleanSubscriptions(client);
    await this.cleanIncoming(client);
    for await (const packet of super.outgoingStream(client)) await super.outgoingClearMessageId(client, packet as AedesPacket);
    this.queued.delete(clientId);
  }

  private countDown(clientId: string): void {
    const left = (this.queued.get(clientId) ?? 1) - 1;
    if (left > 0) this.queued.set(clientId, left);
    else this.queued.delete(clientId);
  }
}
