/**
 * One HTTP server, several WebSocket endpoints (MQTT at /mqtt, the remote-wait
 * page's live channel). A `ws` server attached with `{ server, path }` answers
 * 400 to every upgrade for another path, so two of them cannot share a server;
 * each is made with `noServer` and this routes upgrades to it by path.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';

const routesByServer = new WeakMap<Server, Map<string, WebSocketServer>>();

export function routeUpgrades(server: Server, path: string, wss: WebSocketServer): void {
  let routes = routesByServer.get(server);
  if (!routes) {
    const table = new Map<string, WebSocketServer>();
    routes = table;
    routesByServer.set(server, table);
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const target = table.get(new URL(request.url ?? '/', 'http://hub').pathname);
      if (!target) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      target.handleUpgrade(request, socket, head, (ws) => target.emit('connection', ws, request));
    });
  }
  routes.set(path, wss);
}
