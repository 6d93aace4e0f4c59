/**
 * A message matching several of one client's subscriptions is delivered once,
 * at the highest QoS those subscriptions were granted [MQTT-3.3.5-1], and
 * never above it [MQTT-3.8.4-6]. That is what Mosquitto does.
 *
 * aedes delivers once too (client.js `dedupe`), but through whichever matching
 * subscription's handler happens to run first: when that is a QoS 0 one
 * (`client.deliver0`), the message goes out at QoS 0 although a QoS 1
 * subscription also matched. aedes offers no hook for this, so each client's
 * `deliver0` is wrapped before it subscribes (addSubs in handlers/subscribe.js
 * binds the handler at SUBSCRIBE time): a QoS 0 handler steps aside when a
 * higher-QoS subscription of the same client matches, and that one delivers.
 */
import type { Client, PublishPacket } from 'aedes';
import { filterCovers } from '../access/index.ts';

type QoS = 0 | 1 | 2;
type Deliver = (packet: PublishPacket, callback: () => void) => void;

/** The parts of an aedes Client used here that aedes does not declare in its types. */
interface ClientInternals {
  subscriptions: Record<string, { qos: QoS }>;
  deliver0: Deliver;
}

/** The highest QoS granted to this client's subscriptions that match the topic, or -1 when none does. */
export function highestGrantedQos(client: Client, topic: string): QoS | -1 {
  let highest: QoS | -1 = -1;
  for (const [filter, subscription] of Object.entries((client as unknown as ClientInternals).subscriptions)) {
    // [MQTT-4.7.2-1] Filters starting with a wildcard do not match topics starting with '$'.
    if (topic.startsWith('$') && /^[+#]/.test(filter)) continue;
    if (subscription.qos > highest && filterCovers(filter, topic)) highest = subscription.qos;
  }
  return highest;
}

/** The lowest QoS granted to any of this client's subscriptions (2 when it has none): no message at or below it needs capping. */
export function lowestGrantedQos(client: Client): QoS {
  let lowest: QoS = 2;
  for (const { qos } of Object.values((client as unknown as ClientInternals).subscriptions)) if (qos < lowest) lowest = qos;
  return lowest;
}

/** Call before the client subscribes to anything (preConnect). */
export function deliverOnceAtHighestQos(client: Client): void {
  const internals = client as unknown as ClientInternals;
  const deliverAtQos0 = internals.deliver0;
  internals.deliver0 = (packet, callback) => {
    // [MQTT-3.3.5-1] A QoS 1 or 2 subscription matches too: its handler delivers this message.
    if (packet.qos > 0 && highestGrantedQos(client, packet.topic) > 0) return void setImmediate(callback);
    deliverAtQos0(packet, callback);
  };
}
