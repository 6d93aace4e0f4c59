/** Choosing an SMS gateway, the demo's console outbox, and numbers as logs show them. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../hub/log.ts';
import type { IncomingSms } from '../../hub/sms/gateway.ts';
import { ConsoleSmsGateway } from '../../hub/sms/gateways/console-gateway.ts';
import { createSmsGateway, smsGatewayConfigSchema } from '../../hub/sms/gateways/config.ts';
import { maskPhone, maskPhonesIn } from '../../hub/sms/mask-phone.ts';

const quiet = { log: createLogger('error', () => {}), env: {} };

describe('maskPhone', () => {
  it.each([
    ['+15551234567', '+1•••••4567'],
    ['+34612345678', '+34•••••5678'],
    ['+447400123456', '+44•••••3456'],
    ['0612345678', '•••••78'],
    ['Lobbyline', '•••••ne'],
    ['123', '•••••'],
  ])('shows %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });

  it('masks numbers inside a provider’s message', () => {
    expect(maskPhonesIn("The 'To' number +15551234567 is not a valid phone number (error 21211).")).toBe(
      "The 'To' number +1•••••4567 is not a valid phone number (error 21211).",
    );
  });
});

describe('smsGatewayConfigSchema', () => {
  const messages = (input: unknown) => {
    const result = smsGatewayConfigSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('fills in defaults', () => {
    expect(smsGatewayConfigSchema.parse({ type: 'gsm-modem', path: '/dev/ttyUSB2' })).toEqual({
      type: 'gsm-modem',
      path: '/dev/ttyUSB2',
      baudRate: 115200,
      incoming: 'stored',
      commandTimeoutMs: 5_000,
      sendTimeoutMs: 60_000,
      healthCheckMs: 30_000,
    });
  });

  it('says what is wrong', () => {
    expect(messages({ type: 'carrier-pigeon' })).toEqual(["type: must be 'gsm-modem', 'http' or 'console'"]);
    expect(messages({ type: 'gsm-modem', path: 'COM3', pinEnv: '1234' })).toEqual([
      'path: must be a device path such as /dev/ttyUSB2',
      'pinEnv: must name an environment variable, e.g. LOBBYLINE_SMS_AUTH_TOKEN',
    ]);
    expect(messages({ type: 'gsm-modem', path: '/dev/ttyUSB2', defaultCountry: 'XX' })).toEqual(['defaultCountry: must be a two-letter country code such as US or ES']);
    const http = { type: 'http', accountSid: `AC${'0'.repeat(32)}`, authTokenEnv: 'TOKEN', webhookBaseUrl: 'https://lobby.example.org' };
    expect(messages(http)).toEqual(['from: set exactly one of from (the sending number) and messagingServiceSid']);
    expect(messages({ ...http, from: '+15550001111', authToken: 'secret-inline' })).toEqual([': Unrecognized key: "authToken"']);
  });
});

describe('console SMS gateway', () => {
  it('shows each text with the number masked, appends it to a file, and hands typed replies on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lobbyline-sms-'));
    try {
      const file = join(dir, 'outbox.txt');
      const shown: string[] = [];
      const logLines: string[] = [];
      const gateway = new ConsoleSmsGateway({ file, print: (text) => shown.push(text), log: createLogger('info', (line) => logLines.push(line)) });
      const incoming: IncomingSms[] = [];
      await gateway.start({ onIncoming: (sms) => incoming.push(sms) });

      expect(await gateway.send({ to: '+15551234567', text: 'You are next at Lab.\nTicket L-004.', idempotencyKey: 'k1' })).toEqual({ ok: true, providerId: 'console-1' });
      const expected = 'SMS to +1•••••4567 (console-1)\n  │ You are next at Lab.\n  │ Ticket L-004.\n';
      expect(shown).toEqual([expected]);
      expect(await readFile(file, 'utf8')).toBe(expected);
      expect(logLines.join('')).not.toContain('+15551234567');
      expect(logLines.join('')).not.toContain('Ticket L-004');

      gateway.receive({ from: '+15551234567', text: 'STOP' });
      expect(incoming).toMatchObject([{ from: '+15551234567', text: 'STOP' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails, retryably, when its file cannot be written', async () => {
    const gateway = new ConsoleSmsGateway({ file: '/nonexistent-dir/outbox.txt', print: () => {} });
    await gateway.start({ onIncoming: () => {} });
    expect(await gateway.send({ to: '+15551234567', text: 'Hi', idempotencyKey: 'k' })).toMatchObject({ ok: false, retryable: true, reason: expect.stringMatching(/outbox\.txt/) });
  });

  it('is what a console configuration builds', () => {
    expect(createSmsGateway({ type: 'console' }, quiet)).toBeInstanceOf(ConsoleSmsGateway);
  });
});
