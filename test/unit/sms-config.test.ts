/** The site file's sms settings: complete with only a gateway, and clear about mistakes. */
import { describe, expect, it } from 'vitest';
import { demoSite } from '../../hub/site/demo.ts';
import { rulesForService, smsConfigSchema, unknownSmsServiceIds } from '../../hub/sms/config.ts';
import { joinKeywords } from '../../hub/sms/join-keywords.ts';

describe('smsConfigSchema', () => {
  it('needs only a gateway', () => {
    expect(smsConfigSchema.parse({ gateway: { type: 'console' } })).toEqual({
      gateway: { type: 'console' },
      defaultCountry: 'US',
      rules: { placeWithin: 2, waitWithinMinutes: null, onCalled: true, onTransfer: true, services: {} },
      sensitiveServiceIds: [],
      retentionHours: 24,
      helpText: {},
      joinByText: true,
      joinKeywords: {},
      maxAttempts: 5,
      backoff: { firstSeconds: 5, maxSeconds: 300 },
    });
  });

  it('lays a service override over the defaults', () => {
    const { rules } = smsConfigSchema.parse({
      gateway: { type: 'console' },
      rules: { waitWithinMinutes: 15, services: { xray: { placeWithin: null, onCalled: false } } },
    });
    expect(rulesForService(rules, 'xray')).toEqual({ placeWithin: null, waitWithinMinutes: 15, onCalled: false, onTransfer: true });
    expect(rulesForService(rules, 'lab')).toEqual({ placeWithin: 2, waitWithinMinutes: 15, onCalled: true, onTransfer: true });
  });

  it('names each field that is wrong', () => {
    const result = smsConfigSchema.safeParse({
      gateway: { type: 'pigeon' },
      defaultCountry: 'XX',
      rules: { placeWithin: 0, services: { lab: { sendFax: true } } },
      maxAttempts: 0,
    });
    expect(result.success).toBe(false);
    const problems = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(problems).toEqual([
      expect.stringMatching(/^gateway\b.*'console'/),
      'defaultCountry: must be a two-letter country code such as US or ES',
      'rules.placeWithin: Too small: expected number to be >=1',
      'rules.services.lab: Unrecognized key: "sendFax"',
      'maxAttempts: Too small: expected number to be >=1',
    ]);
  });

  it('finds services the settings name that the site does not have', () => {
    const config = smsConfigSchema.parse({ gateway: { type: 'console' }, sensitiveServiceIds: ['std'], rules: { services: { lab: {}, dental: {} } } });
    expect(unknownSmsServiceIds(config, ['lab', 'xray'])).toEqual(['std', 'dental']);
  });
});

describe('join keywords', () => {
  const services = demoSite().services;

  it('knows a service by its id and the first word of its name in each language, a sensitive one only by what the site names', () => {
    const config = smsConfigSchema.parse({ gateway: { type: 'console' }, sensitiveServiceIds: ['reg'], joinKeywords: { xray: { en: ['Xray', 'RADIOLOGY'] } } });
    expect(Object.fromEntries(joinKeywords(config, services, ['en', 'es']))).toEqual({
      LAB: { serviceId: 'lab', language: 'en' },
      ANALISIS: { serviceId: 'lab', language: 'es' },
      XRAY: { serviceId: 'xray', language: 'en' },
      RADIOLOGY: { serviceId: 'xray', language: 'en' },
    });
    expect(joinKeywords(smsConfigSchema.parse({ gateway: { type: 'console' }, joinByText: false }), services, ['en']).size).toBe(0);
  });

  it('refuses a keyword that is a reply word, named twice, or not one word', () => {
    const result = smsConfigSchema.safeParse({
      gateway: { type: 'console' },
      joinKeywords: { lab: { en: ['STOP', 'LAB'] }, xray: { es: ['lab'] }, reg: { en: ['sign up'] } },
    });
    expect(result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'joinKeywords.reg.en.0: must be one word of 2-20 letters or digits',
      'joinKeywords: lab: STOP is a reply word (STOP, HELP, 1 …)',
      'joinKeywords: xray: LAB is named twice',
    ]);
  });
});
