/**
 * Joining by text through the HTTP SMS gateway: a running hub receives the
 * provider's incoming-text webhook (signed by the official twilio package)
 * and answers through the provider's Messages API, here a local server.
 */
import fastify from 'fastify';
import twilio from 'twilio';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { smsConfigSchema } from '../../hub/sms/config.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';
import { until } from '../helpers/until.ts';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
const SITE_NUMBER = '+15550001111';
const PERSON = '+34612345678';
const PUBLIC_HUB = 'https://lobby.example.org';

let hub: TestHub;
const sent: Record<string, string>[] = [];
const provider = fastify();

beforeAll(async () => {
  provider.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  provider.post<{ Body: Record<string, string> }>(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, async (request, reply) => {
    sent.push(request.body);
    return reply.code(201).send({ sid: `SM${String(sent.length).padStart(32, '0')}`, status: 'queued' });
  });
  await provider.listen({ host: '127.0.0.1', port: 0 });
  const address = provider.server.address();
  const site = { ...testSite(), publicUrl: PUBLIC_HUB };
  site.sms = smsConfigSchema.parse({
    gateway: {
      type: 'http',
      baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      accountSid: ACCOUNT_SID,
      authTokenEnv: 'SMS_AUTH_TOKEN',
      from: SITE_NUMBER,
      webhookBaseUrl: PUBLIC_HUB,
    },
  });
  hub = await startTestHub({ site, env: { SMS_AUTH_TOKEN: AUTH_TOKEN } });
});
afterAll(async () => {
  await hub?.stop();
  await provider.close();
});

async function textIn(body: string, sign = true) {
  const params = { From: PERSON, To: SITE_NUMBER, Body: body, MessageSid: `SM${'f'.repeat(32)}` };
  const signature = sign ? twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_HUB}/sms/v1/incoming`, params) : 'bm90IGEgc2lnbmF0dXJl';
  return fetch(`${hub.httpUrl}/sms/v1/incoming`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
}

it('joins the line for a keyword texted through the provider, and answers through it', async () => {
  expect((await textIn('Lab', false)).status).toBe(403);
  expect(Object.values(hub.engine.state.entries)).toEqual([]);

  expect((await textIn('Análisis')).status).toBe(200);
  // Number 1 is also told they are next: the answer is the text that says they joined.
  const answer = () => sent.find((text) => text.Body?.includes('ya esta en la fila'));
  await until(() => answer() !== undefined, 'the answer through the provider');
  const [visit] = Object.values(hub.engine.state.entries);
  expect(visit).toMatchObject({ serviceId: 'lab', channel: 'remote', via: 'text', language: 'es', phone: PERSON });
  expect(answer()).toMatchObject({ To: PERSON, From: SITE_NUMBER });
  expect(answer()!.Body).toMatch(new RegExp(`^Demo Clinic: ya esta en la fila de Análisis de laboratorio, turno ${visit!.ticket}\\. Usted es el numero 1\\. .* Su lugar: ${PUBLIC_HUB}/wait/#\\S+$`));
});
