/** Whose address a request is: X-Forwarded-For counts only when it comes from a proxy the site file trusts. */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddresses } from '../../hub/http/client-address.ts';

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } }) as unknown as IncomingMessage;

describe('client addresses', () => {
  it('believes X-Forwarded-For only from a trusted proxy', () => {
    const addresses = clientAddresses(['10.0.0.5']);
    expect(addresses.of(request('10.0.0.5', '203.0.113.9'))).toBe('203.0.113.9');
    expect(addresses.of(request('198.51.100.1', '203.0.113.9'))).toBe('198.51.100.1');
    expect(clientAddresses().of(request('10.0.0.5', '203.0.113.9'))).toBe('10.0.0.5');
  });

  it('takes the nearest untrusted hop, so a forged entry at the far end is ignored', () => {
    const addresses = clientAddresses(['10.0.0.0/24', '::1']);
    expect(addresses.of(request('10.0.0.5', '6.6.6.6, 203.0.113.9, 10.0.0.7'))).toBe('203.0.113.9');
    expect(addresses.of(request('::1', '203.0.113.9'))).toBe('203.0.113.9');
  });

  it('reads IPv4 clients of a dual-stack socket as IPv4', () => {
    const addresses = clientAddresses(['127.0.0.1']);
    expect(addresses.isTrustedProxy('::ffff:127.0.0.1')).toBe(true);
    expect(addresses.of(request('::ffff:127.0.0.1', '203.0.113.9'))).toBe('203.0.113.9');
    expect(addresses.isTrustedProxy('not an address')).toBe(false);
  });

  it('keeps the proxy address when the header is missing', () => {
    expect(clientAddresses(['10.0.0.5']).of(request('10.0.0.5'))).toBe('10.0.0.5');
  });
});
