/**
 * The demo's contact-center broker when Mosquitto is not installed: an aedes
 * of its own on 127.0.0.1, apart from the hub's (in production the contact
 * center's broker is another machine). It keeps nothing across restarts.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Aedes } from 'aedes';
import type { DemoUpstreamBroker, UpstreamAccounts } from './upstream-broker.ts';

function knows(accounts: UpstreamAccounts, username: string | undefined, password: Buffer | undefined): boolean {
  const expected = username === undefined ? undefined : accounts[username];
  if (expected === undefined || password === undefined) return false;
  const wanted = Buffer.from(expected);
  return wanted.length === password.length && timingSafeEqual(wanted, password);
}

export async function startEmbeddedBroker(port: number, accounts: UpstreamAccounts): Promise<DemoUpstreamBroker> {
  const aedes = await Aedes.createBroker({
    authenticate: (_client, username, password, done) => done(null, knows(accounts, username, password)),
  });
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`,
    kind: 'embedded',
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await closed;
    },
  };
}
