/**
 * A mobile number as a person types it at the kiosk or on the join page,
 * turned into E.164 for texts, or a message that says what is wrong with it.
 * The full metadata is used because only it tells a mobile from a landline.
 */
import { isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';
import { PHONE_PROBLEM_MESSAGES, type PhoneProblem } from '../contract/refusals.ts';

/** `problem` names what `message` says, for the apps to word in the person's language. */
export type PhoneResult = { ok: true; e164: string } | { ok: false; problem: PhoneProblem; message: string };

/** Longer than any phone number however it is punctuated: anything longer is not one. */
const MAX_INPUT_LENGTH = 40;

/** Types of number that cannot receive a text, or that nobody waiting in a lobby would give. */
const NOT_FOR_TEXTS: Record<string, PhoneProblem> = {
  FIXED_LINE: 'landline',
  TOLL_FREE: 'toll-free',
  PREMIUM_RATE: 'premium-rate',
  SHARED_COST: 'shared-cost',
  UAN: 'switchboard',
  VOICEMAIL: 'voicemail',
  PAGER: 'pager',
};

const LENGTH_PROBLEMS: Record<string, PhoneProblem> = {
  TOO_SHORT: 'too-short',
  TOO_LONG: 'too-long',
  INVALID_LENGTH: 'invalid-length',
  INVALID_COUNTRY: 'invalid-country',
  NOT_A_NUMBER: 'not-a-number',
};


const refused = (problem: PhoneProblem): PhoneResult => ({ ok: false, problem, message: PHONE_PROBLEM_MESSAGES[problem] });

export function isSupportedPhoneCountry(country: string): boolean {
  return isSupportedCountry(country);
}

/**
 * `defaultCountry` (ISO 3166, e.g. US) is how national numbers such as
 * "(201) 555-0123" are read; numbers starting with + are read as given.
 */
export function normalizePhone(input: string, defaultCountry: string): PhoneResult {
  if (!isSupportedCountry(defaultCountry)) throw new Error(`Unknown country '${defaultCountry}' for phone numbers; use a code such as US or ES`);
  const country = defaultCountry as CountryCode;
  const text = input.trim();
  if (text === '') return refused('empty');
  if (text.length > MAX_INPUT_LENGTH || /[^\d\s()+\-./]/.test(text)) return refused('not-a-number');
  const parsed = parsePhoneNumberFromString(text, country);
  if (!parsed) return refused(LENGTH_PROBLEMS[validatePhoneNumberLength(text, country) ?? 'NOT_A_NUMBER'] ?? 'not-a-number');
  if (!parsed.isValid()) {
    const problem = validatePhoneNumberLength(text, country);
    return refused((problem && LENGTH_PROBLEMS[problem]) ?? 'invalid');
  }
  const type = parsed.getType();
  const refusal = type ? NOT_FOR_TEXTS[type] : undefined;
  if (refusal) return refused(refusal);
  return { ok: true, e164: parsed.number };
}
