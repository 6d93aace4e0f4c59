/**
 * Outgoing webhooks: every entry event is POSTed to each configured URL, in
 * sequence order, signed with HMAC-SHA256, and retried with backoff until the
 * receiver accepts it (WEBHOOK_POLICY). The event id (`{site}:{seq}`) lets
 * receivers drop repeats. A receiver that keeps failing holds back every later
 * event, so each webhook reports its backlog, its age and its last error
 * (WebhookHealth) for /metrics, GET /api/v1/mirror and the desk's alerts.
 *
 * Signature: `X-Lobbyline-Signature: sha256=<hex HMAC of "{timestamp}.{body}">`
 * with the timestamp (Unix seconds) in `X-Lobbyline-Timestamp`.
 */
import { createHmac } from 'node:crypto';
import type { QueueEngine } from '../engine/engine.ts';
import type { Logger } from '../log.ts';
import type { QueueEvent } from '../queue/index.ts';
import type { EventLog } from '../store/event-log.ts';
import { toUpstreamEvent } from './event-stream.ts';
import type { MirrorStore } from './mirror-store.ts';

/**
 * How an event is delivered (README: Webhooks). It counts as delivered when
 * the receiver answers 2xx within `timeoutMs`. Anything else is a failed
 * attempt: another status, a redirect (not followed: a 301 or 302 would turn
 * the POST into a GET without the event), no answer in time, a network or TLS
 * error. The same event is tried again after `firstRetryMs`, doubling up to
 * `maxRetryMs`, for as long as it takes; later events wait behind it.
 */
export const WEBHOOK_POLICY = {
  timeoutMs: 10_000,
  firstRetryMs: 1_000,
  maxRetryMs: 60_000,
} as const;

export interface WebhookTarget {
  id: string;
  url: string;
  secret: string;
}

export interface WebhookOptions {
  siteId: string;
  log: EventLog;
  engine: QueueEngine;
  store: MirrorStore;
  logger: Logger;
  /** The policy, for tests that cannot wait seconds between attempts. */
  firstRetryMs?: number;
  maxRetryMs?: number;
  timeoutMs?: number;
}

/** One webhook's delivery as operators see it. Never its URL, which may carry a token. */
export interface WebhookHealth {
  id: string;
  /** The last event delivered, or passed over as not an entry event. */
  deliveredSeq: number;
  latestSeq: number;
  /** Committed events after deliveredSeq: they wait, in order, behind the oldest. */
  backlog: number;
  /** Age of the oldest event waiting: 0 when none waits, null for the moment it is not yet read from the log. */
  oldestWaitingMs: number | null;
  /** Failed attempts on the event being delivered now. */
  attempts: number;
  /** When the first of those attempts failed; null while nothing fails. */
  failingSince: string | null;
  /** Why the last attempt failed (`HTTP 500`, `timed out after 10 s`, `network error: ECONNREFUSED`). */
  lastError: string | null;
  nextRetryAt: string | null;
}

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Delivers to one target; one instance per webhook so a slow receiver holds up only itself. */
export class WebhookDelivery {
  private running = false;
  private again = false;
  private closed = false;
  private wake: (() => void) | null = null;
  /** The stored cursor: the last event delivered or passed over. */
  private delivered: number;
  /** The event being looked at now, for the age of the oldest waiting one. */
  private current: QueueEvent | null = null;
  private attempts = 0;
  private failingSince: number | null = null;
  private lastError: string | null = null;
  private nextRetryAt: number | null = null;

  private constructor(
    private readonly target: WebhookTarget,
    private readonly options: WebhookOptions,
    delivered: number,
  ) {
    this.delivered = delivered;
    options.engine.onCommitted(() => this.kick());
  }

  /** Starts delivering, beginning with whatever an earlier run left undelivered. */
  static async start(target: WebhookTarget, options: WebhookOptions): Promise<WebhookDelivery> {
    const delivery = new WebhookDelivery(target, options, await options.store.cursor(cursorName(target.id)));
    delivery.kick();
    return delivery;
  }

  health(): WebhookHealth {
    const { engine } = this.options;
    const latestSeq = engine.state.seq;
    const backlog = Math.max(0, latestSeq - this.delivered);
    const oldest = this.current?.seq === this.delivered + 1 ? this.current.at : null;
    return {
      id: this.target.id,
      deliveredSeq: this.delivered,
      latestSeq,
      backlog,
      oldestWaitingMs: backlog === 0 ? 0 : oldest === null ? null : Math.max(0, engine.now() - oldest),
      attempts: this.attempts,
      failingSince: isoOrNull(this.failingSince),
      lastError: this.lastError,
      nextRetryAt: isoOrNull(this.nextRetryAt),
    };
  }

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.deliverAll()
      .catch((error: Error) => this.options.logger.error('webhook delivery stopped', { webhook: this.target.id, error: error.message }))
      .finally(() => {
        this.running = false;
        if (this.again && !this.closed) {
          this.again = false;
          this.kick();
        }
      });
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  private async deliverAll(): Promise<void> {
    const { store, log } = this.options;
    while (!this.closed) {
      const events = await log.readEvents(this.delivered, 100);
      if (events.length === 0) return;
      for (const event of events) {
        this.current = event;
        if (event.data.type.startsWith('entry.') && !(await this.deliverWithRetry(event))) return;
        await store.setCursor(cursorName(this.target.id), event.seq);
        this.delivered = event.seq;
      }
    }
  }

  /** Retries one event until it is accepted; false only when closing. */
  private async deliverWithRetry(event: QueueEvent): Promise<boolean> {
    const first = this.options.firstRetryMs ?? WEBHOOK_POLICY.firstRetryMs;
    const max = this.options.maxRetryMs ?? WEBHOOK_POLICY.maxRetryMs;
    for (let attempt = 0; !this.closed; attempt++) {
      const problem = await this.post(event);
      const now = this.options.engine.now();
      if (problem === null) {
        this.attempts = 0;
        this.failingSince = this.lastError = this.nextRetryAt = null;
        return true;
      }
      const delay = Math.min(max, first * 2 ** attempt);
      this.attempts = attempt + 1;
      this.failingSince ??= now;
      this.lastError = problem;
      this.nextRetryAt = now + delay;
      this.options.logger.warn('webhook not accepted; will retry', { webhook: this.target.id, seq: event.seq, problem, retryInMs: delay });
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, delay).unref();
      });
    }
    return false;
  }

  /** Null when the receiver accepted the event, else what went wrong (no address: it may carry a token). */
  private async post(event: QueueEvent): Promise<string | null> {
    const body = JSON.stringify(toUpstreamEvent(this.options.siteId, event));
    const timestamp = String(Math.floor(this.options.engine.now() / 1000));
    const timeoutMs = this.options.timeoutMs ?? WEBHOOK_POLICY.timeoutMs;
    try {
      const response = await fetch(this.target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-lobbyline-event-id': `${this.options.siteId}:${event.seq}`,
          'x-lobbyline-timestamp': timestamp,
          'x-lobbyline-signature': signWebhook(this.target.secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') return `timed out after ${timeoutMs / 1000} s`;
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return `network error: ${cause?.code ?? cause?.message ?? (error as Error).message}`;
    }
  }
}

const cursorName = (webhookId: string) => `webhook:${webhookId}`;
const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
