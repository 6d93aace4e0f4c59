/**
 * What an HTTP SMS provider POSTs back to the hub, read the way Twilio (and
 * the providers that copy its API) writes it: texts people send to the
 * site's number, and status callbacks for texts the hub sent. Both are form
 * posts signed with X-Twilio-Signature over the hub's public address. The
 * routes that receive them are in ../routes.ts.
 */
import type { Logger } from '../../log.ts';
import type { DeliveryReport, GatewayHandlers } from '../gateway.ts';
import { maskPhone } from '../mask-phone.ts';
import { hasValidTwilioSignature } from './twilio-signature.ts';

export const SMS_WEBHOOK_PATHS = { incoming: '/sms/v1/incoming', status: '/sms/v1/status' } as const;
export const SIGNATURE_HEADER = 'x-twilio-signature';
/** Replies go out through the outbox, so the provider is told to send nothing itself. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const DELIVERY_STATUS: Record<string, DeliveryReport['status']> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
};

export interface ProviderWebhooksOptions {
  authToken: string;
  /** The hub's address as the provider calls it, e.g. https://lobby.example.org; signatures cover it. */
  webhookBaseUrl: string;
  /** The notifier's handlers once the gateway has started. */
  handlers: () => GatewayHandlers | undefined;
  log: Logger;
}

/** One webhook call as it arrived: the path called (without its query), the query, the form and the signature header. */
export interface WebhookCall {
  path: string;
  query: string;
  form: URLSearchParams;
  signature: string | undefined;
  ip: string;
}

export class ProviderWebhooks {
  private readonly base: string;

  constructor(private readonly options: ProviderWebhooksOptions) {
    this.base = options.webhookBaseUrl.replace(/\/+$/, '');
  }

  /** Whether the call carries the provider's signature for this hub's address and auth token; a refusal is logged. */
  isSigned(call: WebhookCall): boolean {
    const signed = hasValidTwilioSignature(this.options.authToken, `${this.base}${call.path}${call.query}`, call.form, call.signature);
    if (!signed) this.options.log.warn('Refused an SMS webhook without a valid signature', { path: call.path, ip: call.ip });
    return signed;
  }

  /** False until the notifier has started the gateway: the provider is asked to come back later. */
  get receiving(): boolean {
    return this.options.handlers() !== undefined;
  }

  /** Hands a text someone sent on to the notifier; says what is missing when the form is not one. */
  textReceived(form: URLSearchParams): string | null {
    const from = form.get('From');
    const text = form.get('Body');
    if (!from || text === null) return 'An incoming text needs From and Body';
    this.options.log.info('SMS received through the HTTP provider', { from: maskPhone(from), messageSid: form.get('MessageSid') ?? undefined });
    this.options.handlers()?.onIncoming({ from, text });
    return null;
  }

  /** Hands a status callback on to the notifier as a delivery report; says what is missing when the form is not one. */
  statusReported(form: URLSearchParams): string | null {
    const providerId = form.get('MessageSid');
    const status = DELIVERY_STATUS[form.get('MessageStatus') ?? ''];
    if (!providerId || !status) return 'A status callback needs MessageSid and a known MessageStatus';
    const errorCode = form.get('ErrorCode');
    const reason = errorCode ? `Provider error ${errorCode}${form.get('ErrorMessage') ? `: ${form.get('ErrorMessage')}` : ''}` : undefined;
    this.options.handlers()?.onDelivery?.({ providerId, status, ...(reason ? { reason } : {}) });
    return null;
  }
}
