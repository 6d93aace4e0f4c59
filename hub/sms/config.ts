/**
 * The site file's `sms` key: which gateway, when people get a text, and how
 * long their numbers are kept. Everything but the gateway has a default, so
 * `"sms": {"gateway": {"type": "console"}}` is a complete configuration.
 */
import * as z from 'zod';
import { idField, languageField } from '../contract/fields.ts';
import { smsGatewayConfigSchema } from './gateways/config.ts';
import { keywordProblems } from './join-keywords.ts';
import { isSupportedPhoneCountry } from './phone-numbers.ts';

/** When a waiting person is texted; a service may override any of these. */
const ruleFields = {
  /** Text once when the place in line becomes this or better (1 = next); null: not by place. */
  placeWithin: z.int().min(1).max(50).nullable(),
  /** Text once when the earliest estimated call is this many minutes away or less; null: not by time. */
  waitWithinMinutes: z.int().min(1).max(240).nullable(),
  /** Text "please go to Counter 3" when called (and again on each recall). */
  onCalled: z.boolean(),
  /** Text when staff move the person to another service's line. */
  onTransfer: z.boolean(),
};

export const smsRulesSchema = z.strictObject({
  placeWithin: ruleFields.placeWithin.default(2),
  waitWithinMinutes: ruleFields.waitWithinMinutes.default(null),
  onCalled: ruleFields.onCalled.default(true),
  onTransfer: ruleFields.onTransfer.default(true),
  /** Per service id: only the fields given replace the defaults above. */
  services: z.record(idField, z.strictObject(ruleFields).partial()).default({}),
});

export const smsConfigSchema = z.strictObject({
  gateway: smsGatewayConfigSchema,
  /** How numbers typed without a + are read, and replies from national senders (ISO 3166, e.g. US). */
  defaultCountry: z
    .string()
    .refine(isSupportedPhoneCountry, 'must be a two-letter country code such as US or ES')
    .default('US'),
  rules: smsRulesSchema.prefault({}),
  /** Services never named in a text (e.g. a sexual-health clinic): the text says only the ticket. */
  sensitiveServiceIds: z.array(idField).default([]),
  /**
   * Hours a phone number and the texts sent to it are kept after the visit
   * ends. Numbers that sent STOP are kept for good: without them STOP cannot be honoured.
   */
  retentionHours: z.number().min(0).max(24 * 90).default(24),
  /** The answer to HELP per language, e.g. {"en": "Questions? Call 201-555-0100"}; the built-in text where missing. */
  helpText: z.record(languageField, z.string().min(1).max(300)).default({}),
  /** People may join a line by texting a service's keyword ("LAB") to the site's number. */
  joinByText: z.boolean().default(true),
  /**
   * The keywords per service and language, e.g. {"lab": {"en": ["LAB"], "es": ["LABORATORIO"]}}: the
   * language of the word is the language of the replies. A service not named here is known by its id and the
   * first word of its name in each language; a sensitive service only by what is named here.
   */
  joinKeywords: z.record(idField, z.record(languageField, z.array(z.string().regex(/^[\p{L}\p{N}]{2,20}$/u, 'must be one word of 2-20 letters or digits')).min(1)))
    .superRefine((keywords, ctx) => {
      for (const message of keywordProblems(keywords)) ctx.addIssue({ code: 'custom', message });
    })
    .default({}),
  /** Tries per text for failures that may pass (a busy modem, a provider's 5xx); others fail at once. */
  maxAttempts: z.int().min(1).max(20).default(5),
  backoff: z
    .strictObject({
      /** Wait before the second try; each later wait doubles, up to maxSeconds. */
      firstSeconds: z.number().positive().max(3600).default(5),
      maxSeconds: z.number().positive().max(24 * 3600).default(300),
    })
    .prefault({}),
});

export type SmsConfig = z.infer<typeof smsConfigSchema>;
export type SmsRules = z.infer<typeof smsRulesSchema>;
export type ServiceSmsRules = Omit<SmsRules, 'services'>;

/** The rules for one service: its overrides on top of the defaults. */
export function rulesForService(rules: SmsRules, serviceId: string): ServiceSmsRules {
  const { services, ...defaults } = rules;
  return { ...defaults, ...services[serviceId] };
}

/** Service ids the SMS settings name that the site does not have; empty when all are known. */
export function unknownSmsServiceIds(config: SmsConfig, serviceIds: readonly string[]): string[] {
  const known = new Set(serviceIds);
  const named = [...config.sensitiveServiceIds, ...Object.keys(config.rules.services), ...Object.keys(config.joinKeywords)];
  return [...new Set(named.filter((id) => !known.has(id)))];
}

/** The site's answer to HELP in `language` (or its base language, or English); null for the built-in text. */
export function helpTextIn(config: SmsConfig, language: string): string | null {
  return config.helpText[language] ?? config.helpText[language.slice(0, 2)] ?? config.helpText.en ?? null;
}
