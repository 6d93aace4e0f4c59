/** The site file's sms settings: complete with only a gateway, and clear about mistakes. */
import { describe, expect, it } from 'vitest';
import { rulesForService, smsConfigSchema, unknownSmsServiceIds } from '../../hub/sms/config.ts';

describe('smsConfigSchema', () => {
  it('needs only a gateway', () => {
    expect(smsConfigSchema.parse({ gateway: { type: 'console' } })).toEqual({
      gateway: { type: 'console' },
      defaultCountry: 'US',
      rules: { placeWithin: 2, waitWithinMinutes: null, onCalled: true, onTransfer: true, services: {} },
      sensitiveServiceIds: [],
      retentionHours: 24,
      helpText: {},
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
