/**
 * Who is at the other end of a request. Behind a reverse proxy the socket is
 * the proxy's, and the person's address is in X-Forwarded-For; that header is
 * believed only from the proxies the site file lists (trustedProxies), since
 * anyone else could write it to slip past the per-address limits. Fastify's
 * request.ip and the raw WebSocket upgrades (the wait page's live channel)
 * both ask this one rule.
 */
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

export interface ClientAddresses {
  /** Whether `address` is a trusted proxy (fastify's trustProxy takes this). */
  isTrustedProxy(address: string): boolean;
  /** The person's address: the socket's, or behind trusted proxies the nearest untrusted hop in X-Forwarded-For. */
  of(request: IncomingMessage): string;
}

export function clientAddresses(trustedProxies: readonly string[] = []): ClientAddresses {
  const trusted = new BlockList();
  for (const entry of trustedProxies) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) trusted.addAddress(address, type);
    else trusted.addSubnet(address, Number(bits), type);
  }
  const isTrustedProxy = (address: string) => {
    const plain = unmapped(address);
    return isIP(plain) !== 0 && trusted.check(plain, isIP(plain) === 6 ? 'ipv6' : 'ipv4');
  };
  return {
    isTrustedProxy,
    of(request) {
      const socketAddress = request.socket.remoteAddress ?? 'unknown';
      if (!isTrustedProxy(socketAddress)) return socketAddress;
      const header = request.headers['x-forwarded-for'];
      const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((hop) => hop.trim()).filter(Boolean);
      // From the nearest hop outwards: the first one that is not a trusted proxy is the person.
      for (let i = hops.length - 1; i >= 0; i--) if (!isTrustedProxy(hops[i]!)) return hops[i]!;
      return hops[0] ?? socketAddress;
    },
  };
}

/** An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d. */
function unmapped(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
