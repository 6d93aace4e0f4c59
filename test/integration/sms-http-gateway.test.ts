/**
 * The HTTP SMS gateway against a local server standing in for the provider,
 * with the official twilio SDK as the oracle: the SDK's own request for the
 * same message must match ours where it matters, and webhooks signed by the
 * SDK's helpers must pass our signature check (and tampered ones must not).
 */
import fastify, { type FastifyInstance } from 'fastify';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../hub/log.ts';
import type { DeliveryReport, IncomingSms, SmsGateway } from '../../hub/sms/gateway.ts';
import { createSmsGateway, smsGatewayConfigSchema, SmsGatewayConfigError } from '../../hub/sms/gateways/config.ts';
import { smsRoutes } from '../../hub/sms/routes.ts';
import { twilioSignature } from '../../hub/sms/gateways/twilio-signature.ts';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
const FROM = '+15550001111';
const PHONE = '+34612345678';
const PUBLIC_HUB = 'https://lobby.example.org';

interface ProviderRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  form: Record<string, string>;
}

interface FakeProvider {
  baseUrl: string;
  requests: ProviderRequest[];
  /** Messages created, by SID: one per idempotency token, as the real provider keeps them. */
  messages: Map<string, Record<string, string>>;
  /** Answers to come: 'fail-after-create' creates the message and still answers 500 (an answer lost to the caller). */
  script: ('fail-after-create' | 'hang' | 'bad-number')[];
}

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Twilio's Messages API, as much of it as a client sees: Basic auth, form fields, idempotency tokens. */
async function startFakeProvider(): Promise<FakeProvider> {
  const app = fastify();
  const provider: FakeProvider = { baseUrl: '', requests: [], messages: new Map(), script: [] };
  const byToken = new Map<string, string>();
  const hanging: (() => void)[] = [];
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.post<{ Params: { sid: string }; Body: Record<string, string> }>('/2010-04-01/Accounts/:sid/Messages.json', async (request, reply) => {
    provider.requests.push({ method: request.method, path: request.url, headers: request.headers, form: request.body });
    const expectedAuth = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
    if (request.headers.authorization !== expectedAuth || request.params.sid !== ACCOUNT_SID) {
      return reply.code(401).send({ code: 20003, message: 'Authenticate', status: 401 });
    }
    const step = provider.script.shift();
    if (step === 'hang') return new Promise<void>((resolve) => hanging.push(resolve)).then(() => reply.code(503).send({}));
    if (step === 'bad-number') {
      return reply.code(400).send({ code: 21211, message: `The 'To' number ${request.body.To} is not a valid phone number.`, status: 400 });
    }
    const token = request.headers['i-twilio-idempotency-token'];
    let sid = typeof token === 'string' ? byToken.get(token) : undefined;
    if (!sid) {
      sid = `SM${String(provider.messages.size + 1).padStart(32, '0')}`;
      provider.messages.set(sid, request.body);
      if (typeof token === 'string') byToken.set(token, sid);
    }
    if (step === 'fail-after-create') return reply.code(500).send({ code: 20500, message: 'Internal Server Error', status: 500 });
    return reply.code(201).send({ sid, status: 'queued', to: request.body.To, body: request.body.Body });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  closers.push(() => (hanging.forEach((release) => release()), app.close()));
  const address = app.server.address();
  provider.baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return provider;
}

function httpGateway(provider: FakeProvider, logLines: string[] = [], overrides: Record<string, unknown> = {}): SmsGateway {
  const config = smsGatewayConfigSchema.parse({
    type: 'http',
    baseUrl: provider.baseUrl,
    accountSid: ACCOUNT_SID,
    authTokenEnv: 'TEST_SMS_AUTH_TOKEN',
    from: FROM,
    webhookBaseUrl: PUBLIC_HUB,
    requestTimeoutMs: 5_000,
    ...overrides,
  });
  return createSmsGateway(config, { log: createLogger('info', (line) => logLines.push(line)), env: { TEST_SMS_AUTH_TOKEN: AUTH_TOKEN } });
}

/** The twilio SDK with its HTTP client sent to the local server instead of api.twilio.com. */
function twilioSdkClient(provider: FakeProvider) {
  class LocalRequestClient extends twilio.RequestClient {
    override request<TData>(options: RequestClient.RequestOptions<TData>) {
      return super.request<TData>({ ...options, uri: options.uri.replace('https://api.twilio.com', provider.baseUrl) });
    }
  }
  return twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient: new LocalRequestClient() });
}

describe('HTTP SMS gateway: sending', () => {
  it('sends the request the twilio SDK sends for the same message, plus the idempotency token', async () => {
    const provider = await startFakeProvider();
    const text = 'Señora Núñez: le toca en Análisis, ventanilla 3. Responda 1, 2 o 0 & gracias.';
    await twilioSdkClient(provider).messages.create({ to: PHONE, from: FROM, body: text, statusCallback: `${PUBLIC_HUB}/sms/v1/status` });
    const logLines: string[] = [];
    const gateway = httpGateway(provider, logLines);
    await gateway.start({ onIncoming: () => {} });

    const result = await gateway.send({ to: PHONE, text, idempotencyKey: 'notify-42' });

    expect(result).toEqual({ ok: true, providerId: `SM${'2'.padStart(32, '0')}` });
    const [sdk, ours] = provider.requests;
    expect(ours?.method).toBe(sdk?.method);
    expect(ours?.path).toBe(sdk?.path);
    expect(ours?.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(ours?.headers.authorization).toBe(sdk?.headers.authorization);
    expect(ours?.headers['content-type']).toBe(sdk?.headers['content-type']);
    expect(ours?.headers.accept).toBe(sdk?.headers.accept);
    expect(ours?.form).toEqual(sdk?.form);
    expect(ours?.form).toEqual({ To: PHONE, From: FROM, Body: text, StatusCallback: `${PUBLIC_HUB}/sms/v1/status` });
    expect(ours?.headers['i-twilio-idempotency-token']).toBe('notify-42');
    expect(logLines.join('')).not.toContain(PHONE);
    expect(logLines.join('')).not.toContain('Núñez');
  });

  it('uses a messaging service instead of a number when configured', async () => {
    const provider = await startFakeProvider();
    const messagingServiceSid = `MG${'ab'.repeat(16)}`;
    const gateway = httpGateway(provider, [], { from: undefined, messagingServiceSid });
    expect(await gateway.send({ to: PHONE, text: 'Hi', idempotencyKey: 'k' })).toMatchObject({ ok: true });
    expect(provider.requests[0]?.form).toEqual({ To: PHONE, MessagingServiceSid: messagingServiceSid, Body: 'Hi', StatusCallback: `${PUBLIC_HUB}/sms/v1/status` });
  });

  it('reports a 500 as retryable; the retry with the same key is the same single message', async () => {
    const provider = await startFakeProvider();
    provider.script.push('fail-after-create');
    const gateway = httpGateway(provider);

    const first = await gateway.send({ to: PHONE, text: 'You are next', idempotencyKey: 'notify-7' });
    expect(first).toMatchObject({ ok: false, retryable: true, reason: expect.stringMatching(/500/) });
    const second = await gateway.send({ to: PHONE, text: 'You are next', idempotencyKey: 'notify-7' });

    expect(second).toEqual({ ok: true, providerId: `SM${'1'.padStart(32, '0')}` });
    expect(provider.requests).toHaveLength(2);
    expect(provider.messages.size).toBe(1);
    expect(await gateway.send({ to: PHONE, text: 'Another notification', idempotencyKey: 'notify-8' })).toMatchObject({ ok: true });
    expect(provider.messages.size).toBe(2);
  });

  it('reports a 4xx as not retryable with the provider’s message, and a provider that does not answer as retryable', async () => {
    const provider = await startFakeProvider();
    const logLines: string[] = [];
    const gateway = httpGateway(provider, logLines, { requestTimeoutMs: 300 });

    provider.script.push('bad-number');
    const refused = await gateway.send({ to: PHONE, text: 'Hi', idempotencyKey: 'a' });
    expect(refused).toMatchObject({ ok: false, retryable: false, reason: expect.stringMatching(/400.*not a valid phone number.*21211/) });
    expect(logLines.join('')).not.toContain(PHONE);

    provider.script.push('hang');
    expect(await gateway.send({ to: PHONE, text: 'Hi', idempotencyKey: 'b' })).toMatchObject({ ok: false, retryable: true, reason: expect.stringMatching(/did not answer/) });

    const wrongToken = createSmsGateway(smsGatewayConfigSchema.parse({ type: 'http', baseUrl: provider.baseUrl, accountSid: ACCOUNT_SID, authTokenEnv: 'T', from: FROM, webhookBaseUrl: PUBLIC_HUB }), {
      log: createLogger('error', () => {}),
      env: { T: 'not-the-token' },
    });
    const health: boolean[] = [];
    await wrongToken.start({ onIncoming: () => {}, onHealth: (report) => health.push(report.ok) });
    expect(await wrongToken.send({ to: PHONE, text: 'Hi', idempotencyKey: 'c' })).toMatchObject({ ok: false, retryable: false });
    expect(health).toEqual([false]);
  });

  it('refuses to start without the auth token in the environment', () => {
    const config = smsGatewayConfigSchema.parse({ type: 'http', accountSid: ACCOUNT_SID, authTokenEnv: 'MISSING_TOKEN', from: FROM, webhookBaseUrl: PUBLIC_HUB });
    expect(() => createSmsGateway(config, { log: createLogger('error', () => {}), env: {} })).toThrow(SmsGatewayConfigError);
    expect(() => createSmsGateway(config, { log: createLogger('error', () => {}), env: {} })).toThrow(/MISSING_TOKEN/);
  });
});

describe('HTTP SMS gateway: webhooks', () => {
  async function startHub() {
    const provider = await startFakeProvider();
    const gateway = httpGateway(provider);
    const incoming: IncomingSms[] = [];
    const reports: DeliveryReport[] = [];
    const app: FastifyInstance = fastify();
    app.post('/api/v1/echo', async (request) => ({ got: request.body }));
    void app.register((sms) => smsRoutes(sms, gateway));
    await gateway.start({ onIncoming: (sms) => incoming.push(sms), onDelivery: (report) => reports.push(report) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => app.close());
    const address = app.server.address();
    const local = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const post = (path: string, params: Record<string, string>, signature?: string) =>
      fetch(`${local}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
        body: new URLSearchParams(params),
      });
    return { incoming, reports, post };
  }

  const reply = { MessageSid: `SM${'9'.repeat(32)}`, AccountSid: ACCOUNT_SID, From: PHONE, To: FROM, Body: 'STOP', NumMedia: '0' };

  it('accepts a reply signed as the provider signs it, answers with empty TwiML, and refuses tampered or unsigned ones', async () => {
    const { incoming, post } = await startHub();
    const url = `${PUBLIC_HUB}/sms/v1/incoming`;
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, reply);
    expect(twilio.validateRequest(AUTH_TOKEN, twilioSignature(AUTH_TOKEN, url, new URLSearchParams(reply)), url, reply)).toBe(true);

    const tampered = await post('/sms/v1/incoming', { ...reply, Body: '0' }, signature);
    expect(tampered.status).toBe(403);
    expect((await post('/sms/v1/incoming', reply)).status).toBe(403);
    expect((await post('/sms/v1/incoming', reply, twilio.getExpectedTwilioSignature('another-token', url, reply))).status).toBe(403);
    expect((await post('/sms/v1/incoming', reply, twilio.getExpectedTwilioSignature(AUTH_TOKEN, 'http://127.0.0.1/sms/v1/incoming', reply))).status).toBe(403);
    expect(incoming).toEqual([]);

    const accepted = await post('/sms/v1/incoming', reply, signature);
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await accepted.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(incoming).toMatchObject([{ from: PHONE, text: 'STOP' }]);
  });

  it('turns signed status callbacks into delivery reports and refuses tampered ones', async () => {
    const { reports, post } = await startHub();
    const url = `${PUBLIC_HUB}/sms/v1/status`;
    const delivered = { MessageSid: `SM${'1'.padStart(32, '0')}`, MessageStatus: 'delivered', AccountSid: ACCOUNT_SID, To: PHONE, From: FROM };
    const failed = { ...delivered, MessageStatus: 'undelivered', ErrorCode: '30006' };

    const tampered = await post('/sms/v1/status', { ...delivered, MessageStatus: 'failed' }, twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, delivered));
    expect(tampered.status).toBe(403);
    expect(reports).toEqual([]);

    expect((await post('/sms/v1/status', delivered, twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, delivered))).status).toBe(204);
    expect((await post('/sms/v1/status', failed, twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, failed))).status).toBe(204);
    expect(reports).toEqual([
      { providerId: delivered.MessageSid, status: 'delivered' },
      { providerId: delivered.MessageSid, status: 'undelivered', reason: 'Provider error 30006' },
    ]);
  });

  it('keeps the form parser to the webhook routes', async () => {
    const { post } = await startHub();
    expect((await post('/api/v1/echo', { a: '1' })).status).toBe(415);
  });
});
