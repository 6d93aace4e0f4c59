/**
 * The status page's live channel: a WebSocket at /wait/api/live. The page
 * sends its token in the first message; from then on it is pushed its own
 * waiter view whenever that changes, and may say "on my way", ask for more
 * time or leave. A connection only ever sees the one entry its token names:
 * there is no topic to subscribe to and nothing to enumerate.
 */
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { because, lobbylineError } from '../contract/index.ts';
import { normalizePhone } from '../sms/phone-numbers.ts';
import { WAIT_LIVE_PATH, type WaitAction, type WaitClientMessage, type WaitServerMessage } from '../contract/wait.ts';
import { submitCommand } from '../engine/command-gateway.ts';
import { routeUpgrades } from '../http/upgrades.ts';
import type { Logger } from '../log.ts';
import type { QueueConfig, QueueEvent, QueueState } from '../queue/model.ts';
import type { RemoteWait } from './service.ts';
import { waiterView } from './waiter-view.ts';

/** Messages are a token or an action: anything bigger is not from our page. */
const MAX_MESSAGE_BYTES = 512;
const HELLO_TIMEOUT_MS = 10_000;
const PING_MS = 25_000;
/** Time spent rebuilding views before the event loop gets a turn while pushing places: the lobby and the desk go in between. */
const PUSH_SLICE_MS = 2;
/** Longest a slice waits for commands on their way to the log: a steady stream of them must not starve the waiters. */
const PUSH_YIELD_MAX_MS = 50;
/**
 * Places go out once the line has been still this long, and at the latest this long after the first change:
 * a desk's "serve, then call next" makes one round of places, not two, and the second command never waits
 * behind the first one's round.
 */
const PUSH_QUIET_MS = 10;
const PUSH_MAX_DELAY_MS = 100;

const COMMAND_OF: Record<WaitAction, { type: 'on-my-way' | 'more-time' | 'cancel' | 'arrived' | 'change-channel'; extra?: object }> = {
  'on-my-way': { type: 'on-my-way' },
  'more-time': { type: 'more-time' },
  leave: { type: 'cancel', extra: { reason: 'left' } },
  arrived: { type: 'arrived', extra: { via: 'status-page' } },
  'arrived-at-kiosk': { type: 'arrived', extra: { via: 'kiosk-scan' } },
  'call-me-back': { type: 'change-channel', extra: { channel: 'phone' } },
};

interface Watcher {
  ws: WebSocket;
  entryId: string;
  /** The last view sent, serialised: only changes go out. */
  last: string;
}

export class WaitLive {
  private readonly wss: WebSocketServer;
  private readonly watchers = new Set<Watcher>();
  private readonly pinger: NodeJS.Timeout;
  /** Services whose places may have changed since the last push (with every service sharing a counter with them), or all. */
  private dirtyServices: Set<string> | 'all' = new Set();
  private dirtyEntries = new Set<string>();
  private pushing = false;
  /** The round of places waiting for the line to be still (PUSH_QUIET_MS), and when its first change came. */
  private roundTimer: NodeJS.Timeout | undefined;
  private firstChangeAt = 0;
  /** A commit since the last slice of places: its lobby messages go out before the next slice. */
  private committedSinceSlice = false;
  private readonly linkedServices: Map<string, string[]>;

  constructor(
    server: Server,
    private readonly remote: RemoteWait,
    private readonly log: Logger,
    /** The person's address, through a trusted reverse proxy too (http/client-address.ts). */
    clientAddress: (request: IncomingMessage) => string,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
    routeUpgrades(server, WAIT_LIVE_PATH, this.wss);
    this.wss.on('connection', (ws, request: IncomingMessage) => this.accept(ws, clientAddress(request)));
    this.linkedServices = linkedServices(remote.engine.config);
    // Only noted here: the commit's reply, the lobby screens and the desk come first, places follow (pushChanges).
    remote.engine.onCommitted((events, state) => this.noteChanges(events, state));
    // Phones drop connections silently; a ping finds the dead ones.
    this.pinger = setInterval(() => {
      for (const ws of this.wss.clients) ws.ping();
    }, PING_MS);
    this.pinger.unref();
  }

  get connections(): number {
    return this.wss.clients.size;
  }

  async close(): Promise<void> {
    clearInterval(this.pinger);
    clearTimeout(this.roundTimer);
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket, address: string): void {
    let watcher: Watcher | null = null;
    const helloTimer = setTimeout(() => ws.close(4408, 'No link was given'), HELLO_TIMEOUT_MS);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      clearTimeout(helloTimer);
      if (watcher) this.watchers.delete(watcher);
    });
    ws.on('message', async (data, isBinary) => {
      const message = isBinary ? null : parseMessage(data.toString());
      if (!message) {
        ws.close(4400, 'Not a status page message');
        return;
      }
      if (message.type === 'hello') {
        if (watcher) return;
        clearTimeout(helloTimer);
        watcher = this.hello(ws, message.token, address);
        return;
      }
      if (!watcher) {
        ws.close(4401, 'Send the link first');
        return;
      }
      await this.act(watcher, message.id, message.action, message.phone);
    });
  }

  /**
   * A real link always opens, even from an address that has tried many wrong
   * ones: a clinic's or a mobile carrier's shared address must not shut
   * everyone behind it out. Only unknown links count against the address, and
   * nothing here waits, so guesses sent together are counted one by one.
   */
  private hello(ws: WebSocket, token: string, address: string): Watcher | null {
    const now = this.remote.now();
    const entryId = this.remote.links.entryOf(token, now);
    const entry = entryId === null ? undefined : this.remote.engine.state.entries[entryId];
    if (entryId === null || !entry) {
      const limit = this.remote.lookupLimits.attempt(address, now);
      if (!limit.ok) {
        send(ws, { type: 'unknown-link', message: 'Too many links were tried from this device. Please wait a few minutes.' });
        ws.close(4429, 'Too many unknown links');
        return null;
      }
      // Said once, by the last unknown link the address may try in this window.
      if (this.remote.lookupLimits.isBlocked(address, now)) this.log.warn('Remote-wait: too many unknown links from one address; its further unknown links are refused for a while, real ones still open', { address });
      send(ws, { type: 'unknown-link', message: 'This link is not valid, or its visit ended a while ago.' });
      ws.close(4404, 'Unknown link');
      return null;
    }
    const watcher: Watcher = { ws, entryId, last: '' };
    this.watchers.add(watcher);
    this.push(watcher);
    return watcher;
  }

  private async act(watcher: Watcher, id: string, action: WaitAction, typedPhone: string | undefined): Promise<void> {
    const command = COMMAND_OF[action];
    let phone: string | undefined;
    if (typedPhone !== undefined) {
      // As typed on a phone ("(212) 555-0101"): made E.164 here, as the join page's number is.
      const normal = normalizePhone(typedPhone, this.remote.defaultCountry);
      if (!normal.ok) {
        send(watcher.ws, { type: 'reply', id, ok: false, message: normal.message, error: lobbylineError('invalid_request', normal.message, because('phone.invalid', { problem: normal.problem })) });
        return;
      }
      phone = normal.e164;
    }
    const outcome = await submitCommand(this.remote.engine, { kind: 'person', entryId: watcher.entryId, via: 'wait-page' }, command.type, {
      entryId: watcher.entryId,
      ...command.extra,
      ...(phone && { phone }),
    });
    send(watcher.ws, outcome.ok ? { type: 'reply', id, ok: true } : { type: 'reply', id, ok: false, message: outcome.error.message, error: outcome.error });
  }

  private noteChanges(events: readonly QueueEvent[], state: QueueState): void {
    this.committedSinceSlice = true;
    if (this.watchers.size === 0) return;
    for (const event of events) {
      if (this.dirtyServices === 'all') break;
      const data = event.data as Partial<Record<string, unknown>>;
      const ids = typeof data.entryId === 'string' ? [data.entryId] : Array.isArray(data.entryIds) ? (data.entryIds as string[]) : [];
      for (const id of ids) {
        this.dirtyEntries.add(id);
        const entry = state.entries[id];
        if (entry) this.dirtyService(entry.serviceId);
        // A transfer also moves up everyone behind in the line the person left.
        else this.dirtyServices = 'all';
      }
      for (const key of ['serviceId', 'toServiceId'] as const) if (typeof data[key] === 'string') this.dirtyService(data[key]);
      if (typeof data.counterId === 'string') {
        for (const serviceId of this.remote.engine.config.counters.find((c) => c.id === data.counterId)?.serviceIds ?? []) this.dirtyService(serviceId);
      }
      const named = ids.length > 0 || typeof data.counterId === 'string' || typeof data.serviceId === 'string';
      if (event.data.type === 'entry.transferred' || !named) this.dirtyServices = 'all';
    }
    // A round under way picks these changes up when it ends.
    if (!this.pushing) this.scheduleRound();
  }

  private scheduleRound(): void {
    const now = performance.now();
    if (this.roundTimer === undefined) this.firstChangeAt = now;
    clearTimeout(this.roundTimer);
    const wait = Math.max(0, Math.min(PUSH_QUIET_MS, this.firstChangeAt + PUSH_MAX_DELAY_MS - now));
    // A timer fires after the broker's deliveries of the lobby's messages (each one turn after publishing).
    this.roundTimer = setTimeout(() => {
      this.roundTimer = undefined;
      this.pushing = true;
      this.pushChanges();
    }, wait);
  }

  private dirtyService(serviceId: string): void {
    if (this.dirtyServices === 'all') return;
    for (const linked of this.linkedServices.get(serviceId) ?? [serviceId]) this.dirtyServices.add(linked);
  }

  /**
   * Background work: the waiters whose line changed get their new view, a
   * slice of time at a time so the event loop stays free for the lobby in between.
   * Only views that changed are sent.
   */
  private pushChanges(): void {
    const services = this.dirtyServices;
    const entries = this.dirtyEntries;
    this.dirtyServices = new Set();
    this.dirtyEntries = new Set();
    const state = this.remote.engine.state;
    // Started by a timer after the commits that asked for it: their lobby messages are out.
    this.committedSinceSlice = false;
    const due: Watcher[] = [];
    for (const watcher of this.watchers) {
      const entry = state.entries[watcher.entryId];
      if (services === 'all' || entries.has(watcher.entryId) || (entry && services.has(entry.serviceId))) due.push(watcher);
    }
    // A command on its way to the log (a call-next, say), or just committed: its commit, reply and lobby update go first.
    const afterCommits = (from: number): void => {
      const resume = () => {
        if (!limit) return;
        clearTimeout(limit);
        limit = undefined;
        afterLobbyDelivery(() => next(from, true));
      };
      let limit: NodeJS.Timeout | undefined = setTimeout(resume, PUSH_YIELD_MAX_MS);
      this.remote.engine.afterCommits(resume);
    };
    const next = (from: number, waited = false): void => {
      if (!waited && (this.committedSinceSlice || this.remote.engine.committing)) return afterCommits(from);
      this.committedSinceSlice = false;
      const sliceEnd = performance.now() + PUSH_SLICE_MS;
      let i = from;
      while (i < due.length) {
        const watcher = due[i++]!;
        if (this.watchers.has(watcher)) this.push(watcher);
        if (performance.now() >= sliceEnd) break;
      }
      if (i < due.length) {
        setImmediate(() => next(i));
        return;
      }
      this.pushing = false;
      // Changes committed while pushing: one more round, for them only.
      if (this.dirtyServices === 'all' || this.dirtyServices.size > 0 || this.dirtyEntries.size > 0) this.scheduleRound();
    };
    next(0);
  }

  private push(watcher: Watcher): void {
    const { state, config } = this.remote.engine;
    const entry = state.entries[watcher.entryId];
    if (!entry) return;
    const message: WaitServerMessage = { type: 'entry', entry: waiterView(state, config, entry, this.remote.settings) };
    const text = JSON.stringify(message);
    if (text === watcher.last) return;
    watcher.last = text;
    if (watcher.ws.readyState === watcher.ws.OPEN) watcher.ws.send(text);
  }
}

/**
 * Runs `work` two turns of the event loop from now. The broker delivers each message one turn after it is
 * published (aedes' deliverQoS), so work started this way after a commit goes after the TV's now-serving.
 */
function afterLobbyDelivery(work: () => void): void {
  setImmediate(() => setImmediate(work));
}

/**
 * For each service, every service whose estimates can move with it: those
 * sharing a counter with it, and theirs in turn, as the line's projection
 * plays all open counters together.
 */
function linkedServices(config: QueueConfig): Map<string, string[]> {
  const groups = new Map<string, Set<string>>(config.services.map((s) => [s.id, new Set([s.id])]));
  for (const counter of config.counters) {
    const merged = new Set<string>();
    for (const serviceId of counter.serviceIds) for (const linked of groups.get(serviceId) ?? [serviceId]) merged.add(linked);
    for (const serviceId of merged) groups.set(serviceId, merged);
  }
  return new Map([...groups].map(([id, group]) => [id, [...group]]));
}

function send(ws: WebSocket, message: WaitServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

const ACTIONS: ReadonlySet<string> = new Set(Object.keys(COMMAND_OF));

function parseMessage(text: string): WaitClientMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const message = value as Partial<Record<string, unknown>> | null;
  if (message?.type === 'hello' && typeof message.token === 'string') return { type: 'hello', token: message.token };
  if (message?.type === 'action' && typeof message.id === 'string' && message.id.length <= 64 && typeof message.action === 'string' && ACTIONS.has(message.action)) {
    const phone = typeof message.phone === 'string' && message.phone.length <= 32 ? { phone: message.phone } : {};
    return { type: 'action', id: message.id, action: message.action as WaitAction, ...phone };
  }
  return null;
}
