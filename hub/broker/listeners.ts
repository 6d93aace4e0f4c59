/**
 * The broker's two ways in: MQTT over TCP (or TLS) on its own port, and MQTT
 * over WebSocket at /mqtt on the hub's HTTP server (browsers: lobby displays,
 * the desk). Both pass through the packet size limit before aedes sees a byte.
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { createServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import type { Aedes } from 'aedes';
import { createWebSocketStream, WebSocketServer } from 'ws';
import type { HubCertificate } from '../http/tls.ts';
import { routeUpgrades } from '../http/upgrades.ts';
import { limitFrames } from './frame-limit.ts';
import type { BrokerLog } from './types.ts';

export const WEBSOCKET_PATH = '/mqtt';

export interface ListenerOptions {
  aedes: Aedes;
  host: string;
  port: number;
  httpServer?: HttpServer;
  maxPacketBytes: number;
  /** MQTT over TLS on the TCP port (the WebSocket rides on the HTTP server, HTTPS or not). */
  tls?: HubCertificate;
  log: BrokerLog;
}

export interface Listeners {
  /** The TCP port actually bound. */
  port: number;
  /** Stops accepting, and ends every connection, including those that never sent CONNECT. */
  close(): Promise<void>;
}

export async function openListeners(options: ListenerOptions): Promise<Listeners> {
  const { aedes, log, maxPacketBytes } = options;
  const open = new Set<Duplex>();
  const track = (conn: Duplex) => {
    open.add(conn);
    conn.once('close', () => open.delete(conn));
  };

  const accept = (socket: Socket) => {
    socket.setNoDelay(true);
    aedes.handle(limitFrames(socket, maxPacketBytes, socket.remoteAddress));
  };
  // Over TLS the plain socket is tracked from its first byte, so one that never finishes the handshake is ended on close too.
  const tcp: NetServer = options.tls ? createTlsServer(options.tls.options, accept) : createServer(accept);
  tcp.on('connection', track);
  if (options.tls) {
    options.tls.serve(tcp as TlsServer);
    tcp.on('tlsClientError', (error: Error, socket: Socket) => log('debug', 'MQTT TLS handshake failed', { remoteAddress: socket.remoteAddress, error: error.message }));
  }
  tcp.on('error', (error) => log('error', 'MQTT TCP listener failed', { error: error.message }));
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(options.port, options.host, () => {
      tcp.off('error', reject);
      resolve();
    });
  });

  let wss: WebSocketServer | undefined;
  if (options.httpServer) {
    wss = new WebSocketServer({
      noServer: true,
      // The MQTT frame limit does the real work; this only stops ws from buffering huge WebSocket messages first.
      // A WebSocket message may hold several MQTT packets, hence the headroom.
      maxPayload: maxPacketBytes * 4,
      perMessageDeflate: false,
    });
    routeUpgrades(options.httpServer, WEBSOCKET_PATH, wss);
    wss.on('connection', (ws, request: IncomingMessage) => {
      const stream = createWebSocketStream(ws);
      track(stream);
      aedes.handle(limitFrames(stream, maxPacketBytes, request.socket.remoteAddress), request);
    });
    wss.on('error', (error) => log('error', 'MQTT WebSocket listener failed', { error: error.message }));
  }

  return {
    port: (tcp.address() as AddressInfo).port,
    async close() {
      const tcpClosed = new Promise<void>((resolve) => tcp.close(() => resolve()));
      const wsClosed = wss ? new Promise<void>((resolve) => wss.close(() => resolve())) : Promise.resolve();
      for (const conn of open) conn.destroy();
      for (const ws of wss?.clients ?? []) ws.terminate();
      await Promise.all([tcpClosed, wsClosed]);
    },
  };
}
