/**
 * The status page's live channel to the hub (/wait/api/live), free of any UI:
 * says hello with the token, keeps the latest waiter view, reconnects with
 * backoff when the socket drops (phones lose networks all the time), and sends
 * the person's actions with a reply for each. It never polls: the hub pushes.
 */
import type { LobbylineError } from '../hub/contract/errors.ts';
import { WAIT_LIVE_PATH, type WaitAction, type WaitClientMessage, type WaiterView, type WaitServerMessage } from '../hub/contract/wait.ts';

export type Connection = 'connecting' | 'live' | 'reconnecting';

export interface LiveState {
  connection: Connection;
  entry: WaiterView | null;
  /** The hub does not know this link (or it expired): nothing more to follow. */
  unknownLink: boolean;
}

/** `error`: the hub's refusal, for describeRefusal (web-lib/refusals); none when the connection dropped. */
export type ActionResult = { ok: true } | { ok: false; message: string | null; error?: LobbylineError };

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

export class LiveChannel {
  private state: LiveState = { connection: 'connecting', entry: null, unknownLink: false };
  private socket: WebSocket | null = null;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private nextActionId = 1;
  private readonly pending = new Map<string, (result: ActionResult) => void>();
  private onChange: (state: LiveState) => void = () => {};

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  snapshot(): LiveState {
    return this.state;
  }

  start(onChange: (state: LiveState) => void): void {
    this.onChange = onChange;
    this.stopped = false;
    // Back online, or back to the page after the phone slept: try now instead of waiting out the backoff.
    window.addEventListener('online', this.reconnectNow);
    document.addEventListener('visibilitychange', this.reconnectNow);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    window.removeEventListener('online', this.reconnectNow);
    document.removeEventListener('visibilitychange', this.reconnectNow);
    this.socket?.close();
    this.socket = null;
    this.failPending();
  }

  /** Resolves with the hub's reply; a dropped connection fails it with no message. */
  act(action: WaitAction, phone?: string): Promise<ActionResult> {
    const socket = this.socket;
    if (!socket || this.state.connection !== 'live') return Promise.resolve({ ok: false, message: null });
    const id = String(this.nextActionId++);
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send(socket, { type: 'action', id, action, ...(phone !== undefined && { phone }) });
    });
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => this.send(socket, { type: 'hello', token: this.token });
    socket.onmessage = (event) => this.receive(JSON.parse(String(event.data)) as WaitServerMessage);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failPending();
      if (this.stopped || this.state.unknownLink) return;
      this.update({ connection: 'reconnecting' });
      this.scheduleRetry();
    };
  }

  private receive(message: WaitServerMessage): void {
    if (message.type === 'entry') {
      this.retryMs = FIRST_RETRY_MS;
      this.update({ connection: 'live', entry: message.entry });
    } else if (message.type === 'unknown-link') {
      this.update({ unknownLink: true });
    } else {
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.ok ? { ok: true } : { ok: false, message: message.message ?? null, ...(message.error && { error: message.error }) });
    }
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    // Jitter, so that phones dropped together by a hub restart do not all come back in the same instant.
    const delay = this.retryMs * (0.5 + Math.random() / 2);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private readonly reconnectNow = (): void => {
    if (this.stopped || this.socket || this.state.unknownLink || document.visibilityState === 'hidden') return;
    clearTimeout(this.retryTimer);
    this.connect();
  };

  private failPending(): void {
    for (const resolve of this.pending.values()) resolve({ ok: false, message: null });
    this.pending.clear();
  }

  private send(socket: WebSocket, message: WaitClientMessage): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }

  private update(change: Partial<LiveState>): void {
    this.state = { ...this.state, ...change };
    this.onChange(this.state);
  }
}

/** The live channel on the same host and port as the page, ws: or wss: to match it. */
export function liveChannelUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${WAIT_LIVE_PATH}`;
}
