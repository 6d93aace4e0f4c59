/**
 * The SMS health the staff desk's alerts show (the feed's `smsHealth`):
 * whether the gateway is usable and since when, and how many texts failed
 * for good in the last hour.
 */
import type { SmsGatewayHealth } from '../contract/desk.ts';
import type { Logger } from '../log.ts';
import type { GatewayHealth } from './gateway.ts';
import { maskPhonesIn } from './mask-phone.ts';
import type { SmsOutbox } from './outbox.ts';

const HOUR = 3_600_000;

export interface SmsHealthOptions {
  /** The gateway's description, e.g. "GSM modem /dev/ttyUSB2". */
  gateway: string;
  clock: () => number;
  log: Logger;
}

export class SmsHealth {
  // Until the gateway says otherwise, it is usable once started.
  private gatewayHealth: GatewayHealth;
  private reported = false;
  private since: number;

  private constructor(
    private readonly options: SmsHealthOptions,
    /** When texts failed for good, pruned to the last hour when read. */
    private failures: number[],
  ) {
    this.gatewayHealth = { ok: false, message: `${options.gateway} is starting` };
    this.since = options.clock();
  }

  /** Counts the texts that already failed in the last hour, as the outbox recorded them. */
  static async load(outbox: SmsOutbox, options: SmsHealthOptions): Promise<SmsHealth> {
    return new SmsHealth(options, await outbox.failuresSince(options.clock() - HOUR));
  }

  /** What the gateway says of itself; going down is logged. */
  gatewayReported(health: GatewayHealth): void {
    this.reported = true;
    if (health.ok !== this.gatewayHealth.ok) this.since = this.options.clock();
    if (!health.ok && this.gatewayHealth.ok) this.options.log.warn('SMS gateway unavailable', { gateway: this.options.gateway, reason: maskPhonesIn(health.message) });
    this.gatewayHealth = health;
  }

  /** The gateway started and has said nothing of itself: it is usable. */
  gatewayStarted(): void {
    if (!this.reported) this.gatewayReported({ ok: true, message: '' });
  }

  /** A text failed for good (or was reported undelivered). */
  textFailed(): void {
    this.failures.push(this.options.clock());
  }

  current(): SmsGatewayHealth {
    const cutoff = this.options.clock() - HOUR;
    this.failures = this.failures.filter((at) => at >= cutoff);
    const recent = this.failures.length;
    const detail = [this.gatewayHealth.message, recent > 0 ? `${recent} text${recent === 1 ? '' : 's'} failed in the last hour` : '']
      .filter(Boolean)
      .join('; ');
    return { connected: this.gatewayHealth.ok, since: new Date(this.since).toISOString(), detail: detail || null, failedLastHour: recent };
  }
}
