/**
 * Outgoing webhooks: every entry event is POSTed to each configured URL, in
 * sequence order, signed with HMAC-SHA256, and retried with backoff until the
 * receiver answers 2xx. The event id (`{site}:{seq}`) lets receivers drop repeats.
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
  /** First retry delay; it doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  timeoutMs?: number;
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

  constructor(
    private readonly target: WebhookTarget,
    private readonly options: WebhookOptions,
  ) {
    options.engine.onCommitted(() => this.kick());
  }

  get cursorName(): string {
    return `webhook:${this.target.id}`;
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
    let cursor = await store.cursor(this.cursorName);
    while (!this.closed) {
      const events = await log.readEvents(cursor, 100);
      if (events.length === 0) return;
      for (const event of events) {
        if (event.data.type.startsWith('entry.') && !(await this.deliverWithRetry(event))) return;
        cursor = event.seq;
        await store.setCursor(this.cursorName, cursor);
      }
    }
  }

  /** Retries one event until it is accepted; false only when closing. */
  private async deliverWithRetry(event: QueueEvent): Promise<boolean> {
    const base = this.options.backoffMs ?? 1_000;
    const max = this.options.maxBackoffMs ?? 60_000;
    for (let attempt = 0; !this.closed; attempt++) {
      const problem = await this.post(event);
      if (problem === null) return true;
      const delay = Math.min(max, base * 2 ** attempt);
      this.options.logger.warn('webhook not accepted; will retry', { webhook: this.target.id, seq: event.seq, problem, retryInMs: delay });
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, delay).unref();
      });
    }
    return false;
  }

  /** Null when the receiver accepted the event, else what went wrong. */
  private async post(event: QueueEvent): Promise<string | null> {
    const body = JSON.stringify(toUpstreamEvent(this.options.siteId, event));
    const timestamp = String(Math.floor(this.options.engine.now() / 1000));
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
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await response.body?.cancel();
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      return (error as Error).message;
    }
  }
}
