/**
 * The agents' live screens (GET /api/live, Server-Sent Events): one `change`
 * event ({kind, site}) after the console stored something a screen shows, so
 * screens refresh without polling. With 500 sites sending all day, changes
 * are coalesced: each (kind, site) at most once per COALESCE_MS, whatever
 * came in between.
 */
import type { ServerResponse } from 'node:http';
import type { LiveChange } from './api.ts';

const COALESCE_MS = 250;
/** A comment line now and then keeps proxies from closing a quiet stream. */
const KEEP_ALIVE_MS = 25_000;

interface Stream {
  response: ServerResponse;
  /** The agent's session; null for the API key. */
  sessionId: string | null;
}

export class LiveChanges {
  private readonly pending = new Map<string, LiveChange>();
  private readonly streams = new Set<Stream>();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly keepAlive: NodeJS.Timeout;

  constructor() {
    this.keepAlive = setInterval(() => this.writeAll(': keep-alive\n\n'), KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  changed(kind: LiveChange['kind'], site: string): void {
    if (this.streams.size === 0) return;
    this.pending.set(`${kind} ${site}`, { kind, site });
    this.flushTimer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  /** Takes over a response for the stream; its first line tells the client it is open. */
  open(response: ServerResponse, sessionId: string | null): void {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    response.write('retry: 2000\n\n');
    const stream = { response, sessionId };
    this.streams.add(stream);
    response.on('close', () => this.streams.delete(stream));
  }

  /** A signed-out (or timed-out) agent's screens stop hearing changes. */
  endSession(sessionId: string): void {
    for (const stream of this.streams) if (stream.sessionId === sessionId) stream.response.end();
  }

  close(): void {
    clearInterval(this.keepAlive);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const stream of this.streams) stream.response.end();
  }

  private flush(): void {
    this.flushTimer = null;
    const changes = [...this.pending.values()];
    this.pending.clear();
    this.writeAll(changes.map((change) => `event: change\ndata: ${JSON.stringify(change)}\n\n`).join(''));
  }

  private writeAll(text: string): void {
    for (const stream of this.streams) stream.response.write(text);
  }
}
