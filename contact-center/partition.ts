/**
 * Which sites a console instance follows when several run behind a load
 * balancer: `LOBBYLINE_CC_PARTITION=2/3` is the second of three, and follows
 * the sites whose stable hash (FNV-1a of the site id) mod 3 is 1. Every
 * instance subscribes with the same `+` filters and drops other sites'
 * messages as they arrive, before parsing them, so that a new site is followed
 * by exactly one instance without anyone listing it, and one site's events
 * all reach the one instance that applies them, in order.
 *
 * Why not MQTT 5 shared subscriptions ($share/group/…): the broker spreads
 * them per message, not per site, so one site's events would be split across
 * instances and its order lost; RabbitMQ 3.10's MQTT plugin (3.1.1 only) and
 * aedes do not offer them either. Where broker egress matters more than
 * configuration, LOBBYLINE_CC_SITES lists an instance's sites instead, and
 * the broker sends it only those.
 */
export interface Partition {
  /** 1-based: this is instance `index` of `count`. */
  index: number;
  count: number;
}

export function parsePartition(text: string): Partition {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new Error(`The partition "${text}" is not of the form i/n with 1 ≤ i ≤ n, such as 2/3 for the second of three instances`);
  }
  return { index, count };
}

export function followsSite(partition: Partition, site: string): boolean {
  return siteHash(site) % partition.count === partition.index - 1;
}

/** 32-bit FNV-1a of the site id's UTF-16 code units: the same on every instance, release and platform. */
function siteHash(site: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < site.length; i++) {
    hash ^= site.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
