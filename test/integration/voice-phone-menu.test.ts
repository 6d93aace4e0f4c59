/**
 * Joining a line by calling the site's number: Twilio's voice webhooks sent
 * to a running hub over real HTTP, signed by the official twilio package, and
 * each answer compared with the TwiML its VoiceResponse builds.
 */
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateForJoiner } from '../../hub/queue/index.ts';
import { startTestHub, testSite, type TestHub } from '../helpers/hub.ts';

const AUTH_TOKEN = 'voice-auth-token-0123456789abcdef';
const PUBLIC_HUB = 'https://lobby.example.org';
const CALLER = '+12125550142';
const OTHER = '+12125550199';
const TIMEOUT = 8;
let hub: TestHub;
let calls = 0;

beforeAll(async () => {
  hub = await startTestHub({
    site: { ...testSite(), voice: { provider: 'twilio', authTokenEnv: 'TWILIO_AUTH_TOKEN', webhookBaseUrl: PUBLIC_HUB, serviceIds: ['lab', 'xray'] } },
    env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN },
  });
});
afterAll(async () => {
  await hub?.stop();
});

const newCallSid = () => `CA${String(++calls).padStart(32, '0')}`;

/** One webhook as Twilio sends it: a form post to the hub, signed over the public URL it was told. */
async function webhook(pathAndQuery: string, params: Record<string, string>, sign = (url: string) => twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params)) {
  const response = await fetch(`${hub.httpUrl}${pathAndQuery}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign(`${PUBLIC_HUB}${pathAndQuery}`) },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

/** The TwiML of a one-key menu step: its prompts (each in `voice`, or in its own), then goodbye when no key is pressed. */
function menu(action: string, voice: string, prompts: (string | [string, string])[], goodbye: string, before: string[] = [], numDigits: number | null = 1): string {
  const response = new twilio.twiml.VoiceResponse();
  for (const text of before) response.say({ language: voice as 'en-US' }, text);
  const gather = response.gather(
    numDigits === null
      ? { input: ['dtmf'], finishOnKey: '#', timeout: TIMEOUT, action: `${PUBLIC_HUB}${action}`, method: 'POST' }
      : { input: ['dtmf'], numDigits, timeout: TIMEOUT, action: `${PUBLIC_HUB}${action}`, method: 'POST' },
  );
  for (const prompt of prompts) {
    const [promptVoice, text] = typeof prompt === 'string' ? [voice, prompt] : prompt;
    gather.say({ language: promptVoice as 'en-US' }, text);
  }
  response.say({ language: voice as 'en-US' }, goodbye);
  response.hangup();
  return response.toString();
}

function spoken(voice: string, text: string): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say({ language: voice as 'en-US' }, text);
  response.hangup();
  return response.toString();
}

const LANGUAGES: (string | [string, string])[] = ['For English, press 1.', ['es-MX', 'Para español, oprima 2.']];
const LANGUAGE_MENU = menu('/voice/twilio/language', 'en-US', LANGUAGES, 'We did not get an answer. Goodbye.');
const GOODBYE_ES = 'No recibimos respuesta. Adiós.';
const phoneVisits = () => Object.values(hub.engine.state.entries).filter((entry) => entry.channel === 'phone');

describe('joining by phone', () => {
  it('walks a Spanish caller through language, service and place, and enrols them once on confirming', async () => {
    for (let i = 0; i < 3; i++) await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
    const call = { CallSid: newCallSid(), From: CALLER, To: '+15550001111' };

    const incoming = await webhook('/voice/twilio/incoming', call);
    expect(incoming.status).toBe(200);
    expect(incoming.type).toMatch(/^text\/xml/);
    expect(incoming.body).toBe(LANGUAGE_MENU);

    expect((await webhook('/voice/twilio/language', { ...call, Digits: '2' })).body).toBe(
      menu('/voice/twilio/service?lang=es', 'es-MX', ['Para Análisis de laboratorio, oprima 1.', 'Para Rayos X, oprima 2.'], GOODBYE_ES),
    );
    // No counter serves the line yet: no minutes are promised.
    expect((await webhook('/voice/twilio/service?lang=es', { ...call, Digits: '1' })).body).toBe(
      menu(
        '/voice/twilio/confirm?lang=es&service=lab',
        'es-MX',
        ['Usted es el número 4; le devolveremos la llamada cuando abra una ventanilla al número desde el que llama. Oprima 1 para confirmar, 2 para indicar otro número.'],
        GOODBYE_ES,
      ),
    );
    expect(phoneVisits()).toEqual([]);

    const joined = await webhook('/voice/twilio/confirm?lang=es&service=lab', { ...call, Digits: '1' });
    const [visit] = phoneVisits();
    expect(visit).toMatchObject({ serviceId: 'lab', channel: 'phone', via: 'phone-menu', language: 'es', phone: CALLER, ticket: 'L-004', status: 'waiting' });
    expect(joined.body).toBe(spoken('es-MX', 'Ya está en la fila. Su turno es L, 0, 0, 4. Le llamaremos cuando sea su turno. Adiós.'));
    // Twilio posting the same step again does not enrol twice.
    expect((await webhook('/voice/twilio/confirm?lang=es&service=lab', { ...call, Digits: '1' })).body).toBe(joined.body);
    expect(phoneVisits()).toHaveLength(1);

    // Calling again for the same line: they hear where they are, and nothing is offered.
    const again = { CallSid: newCallSid(), From: CALLER };
    expect((await webhook('/voice/twilio/service?lang=es', { ...again, Digits: '1' })).body).toBe(
      spoken('es-MX', 'Ya está en esta fila con el turno L, 0, 0, 4, número 4. Le llamaremos. Adiós.'),
    );
    expect(phoneVisits()).toHaveLength(1);
  });

  it('takes another number to call back, and says the estimate once a counter is open', async () => {
    await hub.api('POST', '/counters/c2/status', { status: 'open' });
    const call = { CallSid: newCallSid(), From: CALLER };
    const estimate = estimateForJoiner(hub.engine.state, hub.engine.config, 'xray')!;
    const minutes = estimate.lowMinutes === estimate.highMinutes ? `${estimate.lowMinutes}` : `${estimate.lowMinutes} to ${estimate.highMinutes}`;
    const offer = (to: string) => `You are number 1; we will call you back in about ${minutes} minutes on ${to}. Press 1 to confirm, 2 to enter another number.`;
    expect((await webhook('/voice/twilio/service?lang=en', { ...call, Digits: '2' })).body).toBe(
      menu('/voice/twilio/confirm?lang=en&service=xray', 'en-US', [offer('the number you are calling from')], 'We did not get an answer. Goodbye.'),
    );
    expect((await webhook('/voice/twilio/confirm?lang=en&service=xray', { ...call, Digits: '2' })).body).toBe(
      menu('/voice/twilio/number?lang=en&service=xray', 'en-US', ['Please enter the number we should call back, then press the pound key.'], 'We did not get an answer. Goodbye.', [], null),
    );
    expect((await webhook('/voice/twilio/number?lang=en&service=xray', { ...call, Digits: '12' })).body).toBe(
      menu('/voice/twilio/number?lang=en&service=xray', 'en-US', ['Please enter the number we should call back, then press the pound key.'], 'We did not get an answer. Goodbye.', ['Sorry, that is not a number we can call back.'], null),
    );
    const confirm = `/voice/twilio/confirm?lang=en&service=xray&phone=${encodeURIComponent(OTHER)}`;
    expect((await webhook('/voice/twilio/number?lang=en&service=xray', { ...call, Digits: '2125550199' })).body).toBe(
      menu(confirm, 'en-US', [offer('the number ending in 0, 1, 9, 9')], 'We did not get an answer. Goodbye.'),
    );
    const joined = await webhook(confirm, { ...call, Digits: '1' });
    expect(joined.body).toBe(spoken('en-US', 'You are in line. Your ticket is X, 0, 0, 1. We will call you back when it is your turn. Goodbye.'));
    expect(phoneVisits().find((visit) => visit.serviceId === 'xray')).toMatchObject({ phone: OTHER, language: 'en', via: 'phone-menu' });
  });

  it('says a key that is not an option and asks again', async () => {
    const call = { CallSid: newCallSid(), From: CALLER };
    expect((await webhook('/voice/twilio/language', { ...call, Digits: '7' })).body).toBe(
      menu('/voice/twilio/language', 'en-US', LANGUAGES, 'We did not get an answer. Goodbye.', ['Sorry, that is not an option.']),
    );
  });

  it('enrols nothing for a caller who hangs up before confirming, or for a call without a valid signature', async () => {
    const before = hub.engine.state.seq;
    const call = { CallSid: newCallSid(), From: '+12125550177' };
    await webhook('/voice/twilio/incoming', call);
    await webhook('/voice/twilio/language', { ...call, Digits: '1' });
    const offered = await webhook('/voice/twilio/service?lang=en', { ...call, Digits: '1' });
    expect(offered.body).toContain('Press 1 to confirm');
    // The caller hangs up here: Twilio posts nothing more.

    const forged = await webhook('/voice/twilio/confirm?lang=en&service=lab', { ...call, Digits: '1' }, () => 'bm90IGEgc2lnbmF0dXJl');
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body)).toMatchObject({ error: { code: 'forbidden' } });
    // Signed for one number, sent with another in the URL.
    const tampered = await webhook(
      `/voice/twilio/confirm?lang=en&service=lab&phone=${encodeURIComponent(OTHER)}`,
      { ...call, Digits: '1' },
      () => twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_HUB}/voice/twilio/confirm?lang=en&service=lab`, { ...call, Digits: '1' }),
    );
    expect(tampered.status).toBe(403);
    const unsigned = await fetch(`${hub.httpUrl}/voice/twilio/incoming`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'From=%2B12125550142' });
    expect(unsigned.status).toBe(403);
    expect(hub.engine.state.seq).toBe(before);
    // The package's own validator agrees with what the hub accepted.
    expect(twilio.validateRequest(AUTH_TOKEN, twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_HUB}/voice/twilio/incoming`, call), `${PUBLIC_HUB}/voice/twilio/incoming`, call)).toBe(true);
  });
});
