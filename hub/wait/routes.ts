/**
 * The public join page's API (/wait/api): what the site offers, and joining a
 * line as a remote waiter. Anyone on the internet may reach it, so every join
 * is counted against flood limits before anything else, the phone number is
 * checked and made E.164, and the answer is a capability token for the
 * person's own status link: never an entry id.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { because, idField, languageField, lobbylineError } from '../contract/index.ts';
import type { JoinReply } from '../contract/wait.ts';
import { submitCommand } from '../engine/command-gateway.ts';
import type { EntryView } from '../contract/views.ts';
import { sendError } from '../http/send-error.ts';
import { normalizePhone } from '../sms/phone-numbers.ts';
import type { RemoteWait } from './service.ts';

const joinSchema = z.strictObject({
  serviceId: idField,
  language: languageField,
  phone: z.string().trim().max(32).optional(),
  /** Prefixed on the hub's side, so it has room for that within an id's 64 characters. */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,56}$/, 'must be 8-56 letters, digits, _ or -'),
  /** The person chose to be texted: a number without it is refused, never silently dropped. */
  textConsent: z.boolean().optional(),
});

export async function waitRoutes(app: FastifyInstance, remote: RemoteWait): Promise<void> {
  app.get('/site', async () => remote.site());

  /** The QR code for the poster at the entrance: the join page, or one service's join page. */
  app.get<{ Querystring: { service?: string } }>('/join-qr.png', async (request, reply) => {
    const serviceId = request.query.service;
    if (serviceId !== undefined && !remote.engine.config.services.some((s) => s.id === serviceId)) {
      return sendError(reply, lobbylineError('not_found', `No service '${serviceId}' at this site`, because('service.not_found', { serviceId })));
    }
    // Loaded at the first QR code drawn, not at every start.
    const { default: QRCode } = await import('qrcode');
    // Large enough to print on a poster without blurring.
    const png = await QRCode.toBuffer(remote.joinUrl(serviceId), { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 16 });
    return reply.type('image/png').header('cache-control', 'no-cache').send(png);
  });

  app.post('/join', async (request, reply) => {
    const limit = remote.joinLimits.attempt(clientOf(request), remote.now());
    if (!limit.ok) {
      reply.header('Retry-After', String(limit.retryAfterSeconds));
      const who = limit.scope === 'client' ? 'from this device' : 'at the moment';
      return sendError(
        reply,
        lobbylineError(
          'rate_limited',
          `Too many people are joining ${who}. Please try again in ${Math.ceil(limit.retryAfterSeconds / 60)} min, or join at the kiosk.`,
          because('join.too_many', { scope: limit.scope === 'client' ? 'device' : 'site', minutes: Math.ceil(limit.retryAfterSeconds / 60) }),
        ),
      );
    }
    const parsed = joinSchema.safeParse(request.body);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
      return sendError(reply, lobbylineError('invalid_request', `Invalid join request: ${details}`));
    }
    const { serviceId, language, requestId } = parsed.data;
    let phone: string | undefined;
    if (parsed.data.phone && !parsed.data.textConsent) {
      return sendError(
        reply,
        lobbylineError('invalid_request', 'A phone number was given without consent to be texted: send textConsent true to be texted, or no phone to join without texts'),
      );
    }
    if (parsed.data.phone) {
      const normal = normalizePhone(parsed.data.phone, remote.defaultCountry);
      if (!normal.ok) return sendError(reply, lobbylineError('invalid_request', normal.message, because('phone.invalid', { problem: normal.problem })));
      phone = normal.e164;
    }
    const person = { kind: 'person', entryId: null, via: 'wait-page', address: request.ip } as const;
    if (phone) {
      // Already in line by this number (a caller, a walk-in who left): the same visit goes on as a remote waiter.
      // Its status link is texted to the number (hub/sms), so typing someone else's number gives nothing away here.
      const continued = await submitCommand(remote.engine, person, 'continue-visit', { phone, channel: 'remote' });
      if (continued.ok) return reply.code(200).send({ alreadyInLine: true } satisfies JoinReply);
      if (continued.error.code !== 'not_found') return sendError(reply, continued.error);
    }
    const outcome = await submitCommand(
      remote.engine,
      person,
      'enroll',
      { serviceId, channel: 'remote', language, requestId: `wait-${requestId}`, ...(phone && { phone }) },
    );
    if (!outcome.ok) return sendError(reply, outcome.error);
    const entry = outcome.result as EntryView;
    const body: JoinReply = { ticket: entry.ticket ?? '', token: await remote.links.issue(entry.entryId, remote.now()) };
    return reply.code(201).send(body);
  });
}

/** Behind a reverse proxy named in the site file's trustedProxies, this is the person's address, not the proxy's. */
function clientOf(request: FastifyRequest): string {
  return request.ip;
}
