/**
 * The SMS feature's HTTP routes: what an HTTP SMS provider POSTs back
 * (texts people send to the site's number, status callbacks for texts sent);
 * a GSM modem or the console outbox has none. How the provider writes and
 * signs them is read in ./gateways/http-webhooks.ts. An unsigned or wrongly
 * signed call is refused with 403 and changes nothing.
 *
 * Registered as a plugin in its own scope, so the form parser stays with
 * these routes and the rest of the hub's HTTP API keeps accepting JSON only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SmsGateway } from './gateway.ts';
import { HttpSmsGateway } from './gateways/http-gateway.ts';
import { EMPTY_TWIML, SIGNATURE_HEADER, SMS_WEBHOOK_PATHS, type ProviderWebhooks } from './gateways/http-webhooks.ts';

const FORM_BODY_LIMIT = 64 * 1024;

export async function smsRoutes(app: FastifyInstance, gateway: SmsGateway): Promise<void> {
  if (!(gateway instanceof HttpSmsGateway)) return;
  const webhooks = gateway.webhooks;
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) =>
    done(null, new URLSearchParams(body as string)),
  );

  app.post(SMS_WEBHOOK_PATHS.incoming, async (request, reply) => {
    const form = signedForm(webhooks, request, reply, SMS_WEBHOOK_PATHS.incoming);
    if (!form) return reply;
    const problem = webhooks.textReceived(form);
    if (problem) return reply.code(400).send(errorBody('bad_request', problem));
    return reply.code(200).type('text/xml').send(EMPTY_TWIML);
  });

  app.post(SMS_WEBHOOK_PATHS.status, async (request, reply) => {
    const form = signedForm(webhooks, request, reply, SMS_WEBHOOK_PATHS.status);
    if (!form) return reply;
    const problem = webhooks.statusReported(form);
    if (problem) return reply.code(400).send(errorBody('bad_request', problem));
    return reply.code(204).send();
  });
}

/** The signed form, or undefined once the refusal (403, or 503 while the gateway is not running) is sent. */
function signedForm(webhooks: ProviderWebhooks, request: FastifyRequest, reply: FastifyReply, path: string): URLSearchParams | undefined {
  const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
  const signature = request.headers[SIGNATURE_HEADER];
  if (!webhooks.isSigned({ path, query, form, signature: typeof signature === 'string' ? signature : undefined, ip: request.ip })) {
    void reply.code(403).send(errorBody('forbidden', 'The X-Twilio-Signature is missing or does not match this hub’s auth token and address'));
    return undefined;
  }
  if (!webhooks.receiving) {
    void reply.code(503).header('retry-after', '30').send(errorBody('unavailable', 'The SMS gateway is not running yet'));
    return undefined;
  }
  return form;
}

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}
