/**
 * The phone menu's HTTP routes: Twilio's voice webhooks, one per menu step
 * (./phone-menu.ts). Every call is signed with X-Twilio-Signature over the
 * hub's public address, checked as the SMS webhooks check theirs; a call
 * without a valid signature is refused with 403 and changes nothing.
 *
 * Registered as a plugin in its own scope, so the form parser stays with
 * these routes and the rest of the hub's HTTP API keeps accepting JSON only.
 */
import type { FastifyInstance } from 'fastify';
import { lobbylineError } from '../contract/index.ts';
import type { Logger } from '../log.ts';
import { SIGNATURE_HEADER } from '../sms/gateways/http-webhooks.ts';
import { hasValidTwilioSignature } from '../sms/gateways/twilio-signature.ts';
import { VOICE_WEBHOOK_PATHS, type MenuStep, type PhoneMenu } from './phone-menu.ts';

const FORM_BODY_LIMIT = 64 * 1024;

export interface VoiceRoutesOptions {
  menu: PhoneMenu;
  authToken: string;
  /** The hub's address as Twilio calls it; signatures cover it. */
  webhookBaseUrl: string;
  log: Logger;
}

export async function voiceRoutes(app: FastifyInstance, options: VoiceRoutesOptions): Promise<void> {
  const base = options.webhookBaseUrl.replace(/\/+$/, '');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) =>
    done(null, new URLSearchParams(body as string)),
  );
  for (const [step, path] of Object.entries(VOICE_WEBHOOK_PATHS) as [MenuStep, string][]) {
    app.post<{ Querystring: Record<string, string> }>(path, async (request, reply) => {
      const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const signature = request.headers[SIGNATURE_HEADER];
      if (!hasValidTwilioSignature(options.authToken, `${base}${path}${query}`, form, typeof signature === 'string' ? signature : undefined)) {
        options.log.warn('Refused a voice webhook without a valid signature', { path, ip: request.ip });
        return reply.code(403).send({ error: lobbylineError('forbidden', 'The X-Twilio-Signature is missing or does not match this hub’s auth token and address') });
      }
      const { lang, service, phone } = request.query;
      const twiml = await options.menu.answer(step, form, { ...(lang && { lang }), ...(service && { service }), ...(phone && { phone }) });
      return reply.code(200).type('text/xml').send(twiml);
    });
  }
}
