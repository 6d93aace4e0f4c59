/**
 * Works through the outbox: one text at a time (a modem sends one at a time
 * anyway, and order is kept), retrying failures that may pass with
 * exponential backoff up to `maxAttempts`, failing the others at once.
 *
 * The gateway's `retryable` is trusted to mean the text was not taken (or
 * that the provider drops a repeat of the same idempotency key). A gateway
 * that throws broke its promise never to: the outcome is unknown, so the text
 * is failed rather than risked twice.
 */
import type { SendResult, SmsGateway } from './gateway.ts';
import type { OutboxRow, SmsOutbox } from './outbox.ts';

export interface RetryPolicy {
  maxAttempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

/** The wait after the `attempt`-th failed try (1-based): doubling from firstDelayMs, at most maxDelayMs. */
export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (attempt - 1));
}

export interface OutboxSenderOptions {
  outbox: SmsOutbox;
  gateway: SmsGateway;
  retry: RetryPolicy;
  now: () => number;
  /** Checked just before each send: a number may have opted out since the text was stored. */
  refusal: (row: OutboxRow) => string | null;
  /** `final`: the text will not be tried again. */
  onFailure: (row: OutboxRow, reason: string, final: boolean) => void;
  /** The outbox itself failed (SQLite): the sender tries again after the first retry delay. */
  onError: (error: Error) => void;
}

export class OutboxSender {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: OutboxSenderOptions) {}

  /** Sends whatever is due now; a text stored meanwhile is picked up before the sender rests. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.again = false;
    this.running = this.sendDue()
      .catch((error: Error) => {
        this.options.onError(error);
        this.wakeIn(this.options.retry.firstDelayMs);
      })
      .finally(() => {
        this.running = null;
        if (this.again) this.wake();
      });
  }

  /** Resolves once everything due has been tried and nothing is in flight. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Lets a send in flight finish (the gateway has its own time limits), then sends nothing more. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.idle();
  }

  private async sendDue(): Promise<void> {
    const { outbox, now } = this.options;
    for (let row = await outbox.nextDue(now()); row && !this.stopped; row = await outbox.nextDue(now())) {
      await this.attempt(row);
    }
    const next = await outbox.nextDueAt();
    if (next !== null) this.wakeIn(next - now());
  }

  private async attempt(row: OutboxRow): Promise<void> {
    const { outbox, gateway, retry, now } = this.options;
    const refusal = this.options.refusal(row);
    if (refusal) return outbox.markCancelled(row.id, refusal, now());
    // Durably "sending" before the gateway sees it: a restart from here on never sends it again.
    await outbox.markSending(row.id);
    const attempts = row.attempts + 1;
    let result: SendResult;
    try {
      result = await gateway.send({ to: row.phone, text: row.text, idempotencyKey: row.key });
    } catch (error) {
      const reason = `${gateway.description} failed unexpectedly (${(error as Error).message}); not tried again in case it was sent`;
      result = { ok: false, retryable: false, reason };
    }
    if (result.ok) return outbox.markSent(row.id, result.providerId, now());
    const final = !result.retryable || attempts >= retry.maxAttempts;
    if (final) await outbox.markFailed(row.id, result.reason, now());
    else await outbox.markRetry(row.id, now() + retryDelayMs(retry, attempts), result.reason);
    this.options.onFailure({ ...row, attempts }, result.reason, final);
  }

  private wakeIn(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), Math.max(0, delayMs));
    this.timer.unref();
  }
}
