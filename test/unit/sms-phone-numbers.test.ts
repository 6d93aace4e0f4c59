/** Numbers as people type them at the kiosk and on the join page. */
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../hub/sms/phone-numbers.ts';

describe('normalizePhone', () => {
  it.each([
    ['(201) 555-0123', 'US', '+12015550123'],
    ['201.555.0123', 'US', '+12015550123'],
    ['  +1 415 555 2671 ', 'US', '+14155552671'],
    ['612 34 56 78', 'ES', '+34612345678'],
    ['+34 612 345 678', 'US', '+34612345678'],
    ['07400 123456', 'GB', '+447400123456'],
  ])('reads %s (default %s) as %s', (input, country, e164) => {
    expect(normalizePhone(input, country)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['', 'US', 'Please type a mobile number.'],
    ['12', 'US', 'too short'],
    ['201-555-012', 'US', 'too short'],
    ['+1 201 555 01234', 'US', 'too many digits'],
    ['(555) 123-4567', 'US', 'not a valid phone number'],
    ['call me maybe', 'US', 'not a phone number'],
    ['1'.repeat(60), 'US', 'not a phone number'],
    ['912 34 56 78', 'ES', 'landline'],
    ['020 7946 0018', 'GB', 'landline'],
    ['+1 800 555 0100', 'US', 'toll-free'],
    ['+1 900 555 0100', 'US', 'premium-rate'],
  ])('refuses %j (default %s): %s', (input, country, message) => {
    const result = normalizePhone(input, country);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });

  it('says which country code is wrong rather than guessing', () => {
    expect(() => normalizePhone('201 555 0123', 'XX')).toThrow(/Unknown country 'XX'/);
  });
});
