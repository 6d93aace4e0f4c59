/**
 * Texts on their way out: stored in the outbox in the site's wording
 * (./templates.ts) and sent by the outbox sender (./outbox-sender.ts), never
 * to a number that said STOP but for the answers such a number still gets.
 * What becomes of each text (failed for good, reported undelivered) counts in
 * the SMS health and is logged with the number masked; texts are never logged.
 */
import type { HubContext } from '../context.ts';
import type { SmsConfig } from './config.ts';
import type { DeliveryReport, SmsGateway } from './gateway.ts';
import { maskPhone, maskPhonesIn } from './mask-phone.ts';
import type { OptOutList } from './opt-outs.ts';
import type { SmsOutbox } from './outbox.ts';
import { OutboxSender } from './outbox-sender.ts';
import type { SmsHealth } from './sms-health.ts';
import { smsText, TEXTS_WITH_STATUS_LINK, type SmsMessage, type SmsSite } from './templates.ts';

/** The only texts a number that said STOP still gets: the confirmation, and answers to HELP. */
const ANSWERS_AFTER_STOP: ReadonlySet<string> = new Set(['opted-out', 'help']);
const OPTED_OUT = 'the number opted out (STOP)';

export interface SmsSendingOptions {
  outbox: SmsOutbox;
  gateway: SmsGateway;
  config: Pick<SmsConfig, 'maxAttempts' | 'backoff'>;
  optOuts: OptOutList;
  health: SmsHealth;
  site: SmsSite;
  /** The entry's status link on the site's public address, for the texts that carry one. */
  statusUrl?: (entryId: string) => Promise<string>;
  context: HubContext;
}

/** A text to store: who gets it, in which language, under which idempotency key. */
export interface TextToStore {
  key: string;
  entryId: string | null;
  to: string;
  message: SmsMessage;
  language: string;
}

export class SmsSending {
  private readonly sender: OutboxSender;

  private constructor(private readonly options: SmsSendingOptions) {
    const { outbox, gateway, config, optOuts, health, context } = options;
    this.sender = new OutboxSender({
      outbox,
      gateway,
      retry: { maxAttempts: config.maxAttempts, firstDelayMs: config.backoff.firstSeconds * 1000, maxDelayMs: config.backoff.maxSeconds * 1000 },
      now: context.clock,
      refusal: (row) => (optOuts.has(row.phone) && !ANSWERS_AFTER_STOP.has(row.kind) ? OPTED_OUT : null),
      onFailure: (row, reason, final) => {
        if (final) health.textFailed();
        context.logger.warn(final ? 'SMS failed' : 'SMS failed; will try again', { to: maskPhone(row.phone), key: row.key, attempts: row.attempts, reason: maskPhonesIn(reason) });
      },
      onError: (error) => context.logger.error('SMS outbox failed', { error: error.message }),
    });
  }

  /** Texts the gateway had when the hub stopped are failed first: it may have sent them, so they are never sent again. */
  static async start(options: SmsSendingOptions): Promise<SmsSending> {
    const { outbox, health, context } = options;
    for (const row of await outbox.failInterrupted(context.clock())) {
      health.textFailed();
      context.logger.warn('SMS may not have been sent: the hub stopped while the gateway had it', { to: maskPhone(row.phone), key: row.key });
    }
    return new SmsSending(options);
  }

  /** Stores a text unless its key is stored already; `send` has it sent. */
  async store(text: TextToStore): Promise<void> {
    const { key, entryId, to, message, language } = text;
    const { statusUrl } = this.options;
    const link = statusUrl && entryId && TEXTS_WITH_STATUS_LINK.has(message.kind) ? await statusUrl(entryId) : null;
    await this.options.outbox.enqueue({ key, kind: message.kind, entryId, phone: to, text: smsText(message, language, this.options.site, link) }, this.options.context.clock());
  }

  /** Sends whatever is stored and due. */
  send(): void {
    this.sender.wake();
  }

  /** An answer to a text someone sent: a key of its own, sent at once. */
  async answer(to: string, message: SmsMessage, language: string, entryId: string | null): Promise<void> {
    await this.store({ key: `reply:${this.options.context.newId()}`, entryId, to, message, language });
    this.send();
  }

  /** A number just said STOP: what still waits for it is dropped, but for the confirmation. */
  async cancelPendingTo(phone: string): Promise<void> {
    await this.options.outbox.cancelPendingTo(phone, OPTED_OUT, this.options.context.clock(), ['opted-out']);
  }

  /** The provider's later word on a text; one the network could not deliver counts as failed. */
  async recordDelivery(report: DeliveryReport): Promise<void> {
    const row = await this.options.outbox.recordDelivery(report.providerId, report.status, report.reason ?? null);
    if (row && (report.status === 'failed' || report.status === 'undelivered')) {
      this.options.health.textFailed();
      this.options.context.logger.warn('SMS not delivered', { to: maskPhone(row.phone ?? ''), key: row.key, reason: maskPhonesIn(report.reason ?? report.status) });
    }
  }

  /** Resolves once every text due now has been tried. */
  idle(): Promise<void> {
    return this.sender.idle();
  }

  /** Lets a send in flight finish, then sends nothing more. */
  stop(): Promise<void> {
    return this.sender.stop();
  }
}
