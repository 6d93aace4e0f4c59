/**
 * The site's one public address for phones (the site file's `publicUrl`),
 * and what would stop a phone from opening it. Every link a person receives
 * (the entrance poster, a ticket's QR code, the kiosk screen, a text) starts
 * with it, so a hub that would hand out `localhost` says so loudly at start.
 * The checks only look at this machine: its addresses and its own name
 * lookup, never a connection to the address itself.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export interface PublicAddress {
  /** What phones are given, without a trailing slash. */
  url: string;
  /** Set by the site file or --public-url; otherwise it is the hub's own address. */
  configured: boolean;
  /** Where the hub listens (--host), and its HTTP port. */
  host: string;
  httpPort: number;
  /** A reverse proxy stands in front of the hub (the site file's trustedProxies): its address is not this machine's. */
  behindProxy: boolean;
}

/** How long the name in the public address may take to look up before the check gives up on it. */
const LOOKUP_TIMEOUT_MS = 3_000;

export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1' || name.startsWith('::ffff:127.');
}

function isAnyAddress(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/** This machine's own addresses, loopback left out. */
export function machineAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => !address.internal)
    .map((address) => address.address);
}

/** The address to suggest: the machine's first IPv4 address on the network, with the hub's port. */
export function suggestedPublicUrl(address: Pick<PublicAddress, 'url'>, addresses: readonly string[] = machineAddresses()): string {
  const url = new URL(address.url);
  const lan = addresses.find((a) => isIP(a) === 4);
  return lan ? `${url.protocol}//${lan}${url.port ? `:${url.port}` : ''}` : 'https://wait.example.org';
}

function fix(address: PublicAddress, addresses: readonly string[]): string {
  const example = suggestedPublicUrl(address, addresses);
  return `set publicUrl in the site file to the address phones reach this hub at (for example publicUrl: ${example}), or start the hub with --public-url ${example}`;
}

/** What is wrong with the public address, from this machine's addresses alone; each problem says how to fix it. */
export function publicAddressProblems(address: PublicAddress, addresses: readonly string[] = machineAddresses()): string[] {
  const problems: string[] = [];
  const hostname = new URL(address.url).hostname.replace(/^\[|\]$/g, '');
  if (isLoopback(hostname)) {
    const why = address.configured ? 'the public address is' : isLoopback(address.host) ? `no public address is set and the hub listens only on ${address.host}, so they are` : 'no public address is set, so they are';
    problems.push(
      `Phones cannot open the QR codes and links this hub hands out: ${why} ${address.url}, which on a phone means the phone itself. To fix it, ${fix(address, addresses)}.`,
    );
  } else if (isIP(hostname) && !address.behindProxy && !addresses.includes(hostname)) {
    problems.push(
      `The public address ${address.url} is not an address of this machine (${addresses.join(', ') || 'none on the network'}): phones reach the hub there only if a router or reverse proxy forwards it. If none does, ${fix(address, addresses)}.`,
    );
  } else if (hostname.endsWith('.local')) {
    problems.push(`Many phones cannot look up .local names such as ${hostname} in the public address ${address.url}. Use the hub's IP address or a name in the clinic's DNS: ${fix(address, addresses)}.`);
  }
  const url = new URL(address.url);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (address.configured && !address.behindProxy && addresses.includes(hostname) && port !== address.httpPort) {
    problems.push(
      `The public address ${address.url} is this machine on port ${port}, but the hub listens on port ${address.httpPort}: phones reach nothing there unless something forwards it. To fix it, use port ${address.httpPort} in publicUrl, or start the hub with --http-port ${port}.`,
    );
  }
  if (address.configured && isLoopback(address.host) && !isLoopback(hostname) && !address.behindProxy) {
    problems.push(
      `The hub listens only on ${address.host}, so phones cannot reach ${address.url} unless a reverse proxy on this machine forwards it. To fix it, start the hub with --host 0.0.0.0 (or the address phones reach), or name the proxy in trustedProxies.`,
    );
  }
  return problems;
}

/**
 * What the name in the public address means on this machine: a name that
 * does not resolve, or that resolves to a loopback address or to none of
 * this machine's, is worth a warning. Answers null when all is well or the
 * lookup took too long.
 */
export async function publicNameProblem(address: PublicAddress, addresses: readonly string[] = machineAddresses()): Promise<string | null> {
  const hostname = new URL(address.url).hostname;
  if (!address.configured || isIP(hostname.replace(/^\[|\]$/g, '')) || isLoopback(hostname)) return null;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), LOOKUP_TIMEOUT_MS);
    timer.unref();
  });
  const found = await Promise.race([lookup(hostname, { all: true }).catch((error: NodeJS.ErrnoException) => error), timeout]).finally(() => clearTimeout(timer));
  if (found === null) return null;
  if (found instanceof Error) {
    return `The name ${hostname} in the public address ${address.url} cannot be looked up on this machine (${found.code ?? found.message}), so phones will likely not find it either. Put it in the clinic's DNS, or ${fix(address, addresses)}.`;
  }
  const resolved = found.map((a) => a.address);
  if (resolved.every(isLoopback)) {
    return `On this machine ${hostname} (the public address ${address.url}) means ${resolved.join(', ')}, a loopback address. Make sure phones' DNS gives them this hub's network address, or ${fix(address, addresses)}.`;
  }
  if (!address.behindProxy && !resolved.some((a) => addresses.includes(a))) {
    return `${hostname} (the public address ${address.url}) means ${resolved.join(', ')}, none of which is this machine's (${addresses.join(', ') || 'none on the network'}): phones reach the hub there only if a router or reverse proxy forwards it.`;
  }
  return null;
}

/** The address phones are given, and every warning about it: logged at once, the name lookup's when it answers; start-up never waits for it. */
export function warnAboutPublicAddress(address: PublicAddress, warn: (message: string, fields: Record<string, unknown>) => void): void {
  for (const problem of publicAddressProblems(address)) warn(problem, { publicUrl: address.url });
  void publicNameProblem(address).then((problem) => problem && warn(problem, { publicUrl: address.url }));
}
