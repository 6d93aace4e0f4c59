/**
 * Which SMS gateway a site uses, and building it. Secrets are never in the
 * configuration itself, only the name of the environment variable that
 * holds them.
 */
import { isSupportedCountry } from 'libphonenumber-js';
import * as z from 'zod';
import { phoneField } from '../../contract/fields.ts';
import type { Logger } from '../../log.ts';
import type { SmsGateway } from '../gateway.ts';
import { ConsoleSmsGateway } from './console-gateway.ts';
import { GsmModemGateway } from './gsm-modem.ts';
import { HttpSmsGateway } from './http-gateway.ts';

export class SmsGatewayConfigError extends Error {}

export const envVarName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must name an environment variable, e.g. LOBBYLINE_SMS_AUTH_TOKEN');
const devicePath = z.string().regex(/^\/\S+$/, 'must be a device path such as /dev/ttyUSB2');
const milliseconds = (min: number, max: number) => z.int().min(min, `must be at least ${min} ms`).max(max, `must be at most ${max} ms`);

const gsmModemConfig = z.strictObject({
  type: z.literal('gsm-modem'),
  path: devicePath,
  baudRate: z.int().positive().default(115200),
  /** The SIM's PIN, when it asks for one. */
  pinEnv: envVarName.optional(),
  /** Senders that arrive in national form ("0612345678") are read as numbers of this country (ISO 3166, e.g. ES). */
  defaultCountry: z.string().refine(isSupportedCountry, 'must be a two-letter country code such as US or ES').optional(),
  /**
   * 'stored': the modem keeps each received text and says +CMTI; it is read and deleted.
   * 'direct': the modem hands each text over at once with +CMT and it is acknowledged.
   */
  incoming: z.enum(['stored', 'direct'], { error: "must be 'stored' (+CMTI) or 'direct' (+CMT)" }).default('stored'),
  /** For ordinary commands (AT, AT+CMGR …). */
  commandTimeoutMs: milliseconds(100, 60_000).default(5_000),
  /** For one part of a text: the modem answers +CMGS only once the network has taken it. */
  sendTimeoutMs: milliseconds(100, 300_000).default(60_000),
  /** How often an idle modem is asked whether it is still there. */
  healthCheckMs: milliseconds(100, 3_600_000).default(30_000),
});

const httpConfig = z
  .strictObject({
    type: z.literal('http'),
    /** The provider's API; Twilio's unless another provider speaks the same API. */
    baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.twilio.com' }).default('https://api.twilio.com'),
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be the account SID: AC followed by 32 hex digits'),
    authTokenEnv: envVarName,
    /** The site's number, or use a messaging service. */
    from: phoneField.optional(),
    messagingServiceSid: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'must be a messaging service SID: MG followed by 32 hex digits').optional(),
    /** The hub's address as the provider reaches it; incoming texts and status callbacks are POSTed under it. */
    webhookBaseUrl: z.url({ protocol: /^https?$/, error: 'must be the public http(s) URL of the hub, e.g. https://lobby.example.org' }),
    requestTimeoutMs: milliseconds(100, 120_000).default(10_000),
  })
  .refine((config) => (config.from === undefined) !== (config.messagingServiceSid === undefined), {
    error: 'set exactly one of from (the sending number) and messagingServiceSid',
    path: ['from'],
  });

const consoleConfig = z.strictObject({
  type: z.literal('console'),
  /** A file that also receives every text, appended. */
  file: z.string().min(1).optional(),
});

export const smsGatewayConfigSchema = z.discriminatedUnion('type', [gsmModemConfig, httpConfig, consoleConfig], {
  error: "must be 'gsm-modem', 'http' or 'console'",
});

export type SmsGatewayConfig = z.infer<typeof smsGatewayConfigSchema>;
export type GsmModemConfig = z.infer<typeof gsmModemConfig>;
export type HttpSmsConfig = z.infer<typeof httpConfig>;

export interface SmsGatewayContext {
  log: Logger;
  env: NodeJS.ProcessEnv;
}

/** Builds the configured gateway; throws SmsGatewayConfigError when a secret it names is not set. */
export function createSmsGateway(config: SmsGatewayConfig, { log, env }: SmsGatewayContext): SmsGateway {
  switch (config.type) {
    case 'console':
      return new ConsoleSmsGateway({ file: config.file, log });
    case 'gsm-modem': {
      const { type: _type, pinEnv, ...modem } = config;
      const pin = pinEnv === undefined ? undefined : secretFromEnv(pinEnv, env, "the SIM's PIN");
      // The PIN goes into an AT command: anything but digits could end it and start another.
      if (pin !== undefined && !/^\d{4,8}$/.test(pin)) throw new SmsGatewayConfigError(`The SIM's PIN in ${pinEnv} must be 4 to 8 digits`);
      return new GsmModemGateway({ ...modem, pin, log });
    }
    case 'http': {
      const { type: _type, authTokenEnv, ...provider } = config;
      return new HttpSmsGateway({ ...provider, authToken: secretFromEnv(authTokenEnv, env, "the SMS provider's auth token"), log });
    }
  }
}

function secretFromEnv(name: string, env: NodeJS.ProcessEnv, what: string): string {
  const value = env[name];
  if (!value) throw new SmsGatewayConfigError(`The SMS gateway needs ${what} in the environment variable ${name}, which is not set`);
  return value;
}
