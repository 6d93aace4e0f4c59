/**
 * Texts through an HTTP SMS provider with Twilio's Messages API (Twilio, and
 * the providers that copy its API): one form POST per text, HTTP Basic auth
 * with the account SID and auth token, and the notification's idempotency
 * key in I-Twilio-Idempotency-Token, so a retry after a lost answer is not
 * sent twice. Replies and status callbacks come back to the hub's webhook
 * routes (../routes.ts), which hand them to `webhooks` (http-webhooks.ts).
 */
import type { Logger } from '../../log.ts';
import type { GatewayHandlers, GatewayHealth, OutgoingSms, SendResult, SmsGateway } from '../gateway.ts';
import { maskPhone, maskPhonesIn } from '../mask-phone.ts';
import type { HttpSmsConfig } from './config.ts';
import { ProviderWebhooks, SMS_WEBHOOK_PATHS } from './http-webhooks.ts';

export interface HttpSmsGatewayOptions extends Omit<HttpSmsConfig, 'type' | 'authTokenEnv'> {
  authToken: string;
  log: Logger;
}

/** 429: the provider asks us to slow down, which is worth waiting for. */
const RETRYABLE_CLIENT_ERRORS = new Set([408, 429]);

export class HttpSmsGateway implements SmsGateway {
  readonly description: string;
  /** What the provider POSTs back, read and handed to the notifier once started. */
  readonly webhooks: ProviderWebhooks;
  private handlers: GatewayHandlers | undefined;
  private health: GatewayHealth | undefined;
  private readonly messagesUrl: string;

  constructor(private readonly options: HttpSmsGatewayOptions) {
    const base = options.baseUrl.replace(/\/+$/, '');
    this.messagesUrl = `${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
    this.description = `HTTP SMS provider ${new URL(base).host}`;
    this.webhooks = new ProviderWebhooks({
      authToken: options.authToken,
      webhookBaseUrl: options.webhookBaseUrl,
      handlers: () => this.handlers,
      log: options.log,
    });
  }

  async start(handlers: GatewayHandlers): Promise<void> {
    this.handlers = handlers;
  }

  async send(sms: OutgoingSms): Promise<SendResult> {
    const form = new URLSearchParams({ To: sms.to });
    if (this.options.messagingServiceSid) form.set('MessagingServiceSid', this.options.messagingServiceSid);
    else if (this.options.from) form.set('From', this.options.from);
    form.set('Body', sms.text);
    form.set('StatusCallback', `${this.options.webhookBaseUrl.replace(/\/+$/, '')}${SMS_WEBHOOK_PATHS.status}`);

    let response: Response;
    try {
      response = await fetch(this.messagesUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${this.options.accountSid}:${this.options.authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          'i-twilio-idempotency-token': sms.idempotencyKey,
        },
        body: form,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `The SMS provider did not answer within ${this.options.requestTimeoutMs} ms`
          : `Could not reach the SMS provider: ${causeOf(error)}`;
      this.options.log.warn('SMS not sent through the HTTP provider', { to: maskPhone(sms.to), reason });
      return { ok: false, retryable: true, reason };
    }
    const body = await readJson(response);
    if (response.ok) {
      if (typeof body?.sid !== 'string') return { ok: false, retryable: true, reason: `The SMS provider answered ${response.status} without a message SID` };
      this.reportHealth({ ok: true, message: `The ${this.description} accepts texts` });
      this.options.log.info('SMS sent through the HTTP provider', { to: maskPhone(sms.to), providerId: body.sid });
      return { ok: true, providerId: body.sid };
    }
    const detail = typeof body?.message === 'string' ? `${body.message}${body.code !== undefined ? ` (error ${String(body.code)})` : ''}` : response.statusText;
    const reason = `The SMS provider answered ${response.status}: ${detail}`;
    const retryable = response.status >= 500 || RETRYABLE_CLIENT_ERRORS.has(response.status);
    if (response.status === 401 || response.status === 403) this.reportHealth({ ok: false, message: `The ${this.description} refuses the account SID and auth token: ${detail}` });
    this.options.log.warn('SMS not sent through the HTTP provider', { to: maskPhone(sms.to), status: response.status, reason: maskPhonesIn(reason), retryable });
    return { ok: false, retryable, reason };
  }

  async stop(): Promise<void> {
    this.handlers = undefined;
  }

  private reportHealth(health: GatewayHealth): void {
    if (this.health?.ok === health.ok && this.health.message === health.message) return;
    this.health = health;
    this.handlers?.onHealth?.(health);
  }
}

async function readJson(response: Response): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = await response.json();
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** fetch reports "fetch failed" and hides why (refused, unknown host) in `cause`. */
function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : error.message;
}
