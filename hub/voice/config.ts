/**
 * The site file's `voice` key: joining a line by calling the site's Twilio
 * number, whose "A call comes in" webhook points at the hub. The auth token
 * is never in the file, only the name of the environment variable holding it.
 */
import * as z from 'zod';
import { idField } from '../contract/fields.ts';
import { envVarName } from '../sms/gateways/config.ts';

export const voiceConfigSchema = z.strictObject({
  provider: z.literal('twilio').default('twilio'),
  /** The Twilio account's auth token, which signs every webhook (X-Twilio-Signature). */
  authTokenEnv: envVarName,
  /** The hub's address as Twilio calls it, e.g. https://lobby.example.org; signatures cover it. */
  webhookBaseUrl: z.url({ protocol: /^https?$/, error: 'must be the public http(s) URL of the hub, e.g. https://lobby.example.org' }),
  /** The services the menu offers, in keypad order (1-9); all of the site's, by default. */
  serviceIds: z.array(idField).min(1).max(9).optional(),
});

export type VoiceConfig = z.infer<typeof voiceConfigSchema>;
