/**
 * What an HTTP SMS provider POSTs back to the hub: texts people send to the
 * site's number, and status callbacks for texts the hub sent. Both are form
 * posts signed with X-Twilio-Signature; an unsigned or wrongly signed one is
 * refused with 403 and changes nothing.
 *
 * The form parser is registered in its own scope, so the rest of the hub's
 * HTTP API keeps accepting JSON only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../log.ts';
import type { DeliveryReport, GatewayHandlers } from '../gateway.ts';
import { maskPhone } from '../mask-phone.ts';
import { hasValidTwilioSignature } from './twilio-signature.ts';

export const SMS_WEBHOOK_PATHS = { incoming: '/sms/v1/incoming', status: '/sms/v1/status' } as const;

export interface SmsWebhookOptions {
  authToken: string;
  /** The hub's address as the provider calls it, e.g. https://lobby.example.org; signatures cover it. */
  webhookBaseUrl: string;
  /** The notifier's handlers once the gateway has started; until then the provider is asked to come back later. */
  handlers: () => GatewayHandlers | undefined;
  log: Logger;
}

const FORM_BODY_LIMIT = 64 * 1024;
/** Replies go out through the outbox, so the provider is told to send nothing itself. */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

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

export function registerSmsWebhookRoutes(app: FastifyInstance, options: SmsWebhookOptions): void {
  const base = options.webhookBaseUrl.replace(/\/+$/, '');
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) =>
      done(null, new URLSearchParams(body as string)),
    );

    /** The signed form, or undefined once the reply (403, 503) is sent. */
    const signedForm = (request: FastifyRequest, reply: FastifyReply, path: string): URLSearchParams | undefined => {
      const params = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const signature = request.headers['x-twilio-signature'];
      if (!hasValidTwilioSignature(options.authToken, `${base}${path}${query}`, params, typeof signature === 'string' ? signature : undefined)) {
        options.log.warn('Refused an SMS webhook without a valid signature', { path, ip: request.ip });
        void reply.code(403).send(errorBody('forbidden', 'The X-Twilio-Signature is missing or does not match this hub’s auth token and address'));
        return undefined;
      }
      if (!options.handlers()) {
        void reply.code(503).header('retry-after', '30').send(errorBody('unavailable', 'The SMS gateway is not running yet'));
        return undefined;
      }
      return params;
    };

    scope.post(SMS_WEBHOOK_PATHS.incoming, async (request, reply) => {
      const form = signedForm(request, reply, SMS_WEBHOOK_PATHS.incoming);
      if (!form) return reply;
      const from = form.get('From');
      const text = form.get('Body');
      if (!from || text === null) return reply.code(400).send(errorBody('bad_request', 'An incoming text needs From and Body'));
      options.log.info('SMS received through the HTTP provider', { from: maskPhone(from), messageSid: form.get('MessageSid') ?? undefined });
      options.handlers()?.onIncoming({ from, text, receivedAt: new Date() });
      return reply.code(200).type('text/xml').send(EMPTY_TWIML);
    });

    scope.post(SMS_WEBHOOK_PATHS.status, async (request, reply) => {
      const form = signedForm(request, reply, SMS_WEBHOOK_PATHS.status);
      if (!form) return reply;
      const providerId = form.get('MessageSid');
      const status = DELIVERY_STATUS[form.get('MessageStatus') ?? ''];
      if (!providerId || !status) return reply.code(400).send(errorBody('bad_request', 'A status callback needs MessageSid and a known MessageStatus'));
      const errorCode = form.get('ErrorCode');
      const reason = errorCode ? `Provider error ${errorCode}${form.get('ErrorMessage') ? `: ${form.get('ErrorMessage')}` : ''}` : undefined;
      options.handlers()?.onDelivery?.({ providerId, status, ...(reason ? { reason } : {}) });
      return reply.code(204).send();
    });
  });
}

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}
