/**
 * The desk's live view: every open desk holds one Server-Sent Events stream
 * (GET /desk/api/live) and is pushed the whole board after each commit and
 * the alerts after each device or mirror change. Changes that arrive close
 * together are sent as one push, and each push is made and serialised once
 * for every desk.
 *
 * Streams ride on the session cookie: the browser holds no token of its own,
 * and a stream ends as soon as its session does.
 */
import { systemClock } from '../context.ts';
import type { ServerResponse } from 'node:http';
import type { DeviceStatus } from '../contract/index.ts';
import type { QueueEngine } from '../engine/engine.ts';
import type { MirrorHealth } from '../mirror/service.ts';
import type { WebhookHealth } from '../mirror/webhooks.ts';
import type { DeviceConfig } from '../site/config.ts';
import type { SessionEnd } from '../contract/desk.ts';
import { LIVE_EVENTS, type DeskAlerts, type DeskBoard, type DeskSite, type PhonesJoinAt, type SmsGatewayHealth } from '../contract/desk.ts';
import { deskAlerts, webhookProblems, type MirrorAlertState } from './alerts.ts';
import { deskBoard, deskSite } from './board.ts';

/** Where device statuses come from: the broker (attached once it runs). */
export interface DeviceStatusSource {
  deviceStatuses(): Map<string, DeviceStatus>;
  onDeviceStatus(listener: (status: DeviceStatus) => void): () => void;
}

export interface DeskFeedOptions {
  engine: QueueEngine;
  site: { name: string; languages: string[]; devices: readonly DeviceConfig[] };
  mirrorHealth: () => MirrorHealth | null;
  /** Each webhook's delivery; absent when the site has none. */
  webhookHealth?: () => readonly WebhookHealth[];
  /** The SMS notifier's gateway and outbox health; absent when the site sends no texts. */
  smsHealth?: () => SmsGatewayHealth | null;
  /** The site's join page on its public address, shown as where phones join. */
  phonesJoinAt: () => PhonesJoinAt;
  clock?: () => number;
  /** Changes within this many ms go out as one push (default 50). */
  coalesceMs?: number;
  /** How often the mirror's connection and the webhooks are looked at (default 2 s). */
  mirrorPollMs?: number;
  /** A comment line keeps idle streams open through proxies, and expired sessions are noticed (default 20 s). */
  heartbeatMs?: number;
}

interface LiveStream {
  res: ServerResponse;
  sessionId: string;
  staffId: string;
  /** Why its session is over, or null while it is valid. */
  sessionEnded: () => SessionEnd | null;
}

/** A desk that has this much unsent is not keeping up: it is dropped and reconnects to a fresh board. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export class DeskFeed {
  private readonly streams = new Set<LiveStream>();
  private readonly clock: () => number;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly pending = new Map<'board' | 'alerts', NodeJS.Timeout>();
  private devices: DeviceStatusSource | null = null;
  private stopWatchingDevices: () => void = () => {};
  private mirror: MirrorAlertState | null = null;
  /** The webhook problems last pushed, to push again only when they change. */
  private webhookAlerts = '[]';
  /** Since when some desk has been open in a browser; null while none is. */
  private browserDesksSince: number | null = null;
  /** How long the last board took to make: a big floor is pushed less often, so making boards never crowds out commands. */
  private boardCostMs = 0;
  private closed = false;

  constructor(private readonly options: DeskFeedOptions) {
    this.clock = options.clock ?? systemClock;
    options.engine.onCommitted(() => this.schedule('board'));
    this.pollLinks();
    this.timers.push(setInterval(() => this.pollLinks(), options.mirrorPollMs ?? 2_000).unref());
    this.timers.push(setInterval(() => this.heartbeat(), options.heartbeatMs ?? 20_000).unref());
  }

  watchDevices(source: DeviceStatusSource): void {
    this.stopWatchingDevices();
    this.devices = source;
    this.stopWatchingDevices = source.onDeviceStatus(() => this.schedule('alerts'));
  }

  deviceName(deviceId: string): string | undefined {
    return this.options.site.devices.find((d) => d.id === deviceId)?.name;
  }

  site(): DeskSite {
    return deskSite(this.options.engine.config, this.options.site, this.options.phonesJoinAt());
  }

  board(): DeskBoard {
    return deskBoard(this.options.engine.state, this.options.engine.config, this.clock());
  }

  alerts(): DeskAlerts {
    return deskAlerts(
      this.options.site.devices,
      this.devices?.deviceStatuses() ?? new Map(),
      this.mirror,
      this.options.smsHealth?.() ?? null,
      this.clock(),
      { staff: this.browserStaff(), since: this.browserDesksSince },
      this.options.webhookHealth?.() ?? [],
    );
  }

  /** Takes over a response as a live stream and sends the current board and alerts at once. */
  open(res: ServerResponse, session: { id: string; staffId: string }, sessionEnded: () => SessionEnd | null): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    const stream: LiveStream = { res, sessionId: session.id, staffId: session.staffId, sessionEnded };
    const staffBefore = this.browserStaff();
    this.streams.add(stream);
    this.browserDesksSince ??= this.clock();
    res.on('close', () => this.forget(stream));
    res.write('retry: 2000\n\n');
    this.send(stream, this.boardFrame());
    const alerts = frame(LIVE_EVENTS.alerts, this.alerts());
    this.send(stream, alerts);
    // Who has the desk open is part of the alerts (a desk device in use): the other desks hear of a newcomer.
    if (this.browserStaff() !== staffBefore) for (const other of this.streams) if (other !== stream) this.send(other, alerts);
  }

  /** Ends the streams of a session that was signed out, telling the desk why. */
  endSession(sessionId: string, reason: SessionEnd): void {
    for (const stream of this.streams) if (stream.sessionId === sessionId) this.end(stream, reason);
  }

  close(): void {
    this.closed = true;
    for (const timer of [...this.timers, ...this.pending.values()]) clearTimeout(timer);
    this.stopWatchingDevices();
    for (const stream of this.streams) stream.res.end();
    this.streams.clear();
  }

  private schedule(what: 'board' | 'alerts'): void {
    if (this.closed || this.pending.has(what) || this.streams.size === 0) return;
    const wait = Math.max(this.options.coalesceMs ?? 50, what === 'board' ? 4 * this.boardCostMs : 0);
    this.pending.set(
      what,
      setTimeout(() => {
        this.pending.delete(what);
        this.broadcast(what === 'board' ? this.boardFrame() : frame(LIVE_EVENTS.alerts, this.alerts()));
      }, wait),
    );
  }

  private boardFrame(): string {
    const started = performance.now();
    const message = frame(LIVE_EVENTS.board, this.board());
    this.boardCostMs = performance.now() - started;
    return message;
  }

  private broadcast(message: string): void {
    for (const stream of this.streams) {
      const ended = stream.sessionEnded();
      if (ended) this.end(stream, ended);
      else this.send(stream, message);
    }
  }

  private heartbeat(): void {
    this.broadcast(': still here\n\n');
  }

  /** The mirror and the webhooks have no events of their own to push alerts on: they are looked at now and then. */
  private pollLinks(): void {
    const webhookAlerts = JSON.stringify(webhookProblems(this.options.webhookHealth?.() ?? [], this.clock()));
    if (webhookAlerts !== this.webhookAlerts) this.schedule('alerts');
    this.webhookAlerts = webhookAlerts;
    this.pollMirror();
  }

  private pollMirror(): void {
    const health = this.options.mirrorHealth();
    if (!health) return;
    const changed = this.mirror?.connected !== health.connected;
    this.mirror = {
      connected: health.connected,
      since: changed ? this.clock() : this.mirror!.since,
      backlog: health.depth,
      lastError: health.lastError,
    };
    if (changed) this.schedule('alerts');
  }

  private send(stream: LiveStream, message: string): void {
    // A response the client already closed (its 'close' event not yet run) takes no more writes.
    if (stream.res.writableEnded || stream.res.destroyed) return this.forget(stream);
    if (stream.res.writableLength > MAX_BUFFERED_BYTES) {
      stream.res.destroy();
      this.forget(stream);
      return;
    }
    stream.res.write(message);
  }

  private end(stream: LiveStream, reason: SessionEnd): void {
    this.forget(stream);
    if (!stream.res.writableEnded && !stream.res.destroyed) stream.res.end(frame(LIVE_EVENTS.ended, { reason }));
  }

  private forget(stream: LiveStream): void {
    const staffBefore = this.browserStaff();
    if (!this.streams.delete(stream)) return;
    if (this.streams.size === 0) this.browserDesksSince = null;
    if (this.browserStaff() !== staffBefore) this.schedule('alerts');
  }

  /** How many staff have the desk open in a browser now. */
  private browserStaff(): number {
    return new Set([...this.streams].map((stream) => stream.staffId.toLowerCase())).size;
  }
}

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
