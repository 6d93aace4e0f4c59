/**
 * A mobile number as a person types it at the kiosk or on the join page,
 * turned into E.164 for texts, or a message that says what is wrong with it.
 * The full metadata is used because only it tells a mobile from a landline.
 */
import { isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';

export type PhoneResult = { ok: true; e164: string } | { ok: false; message: string };

/** Longer than any phone number however it is punctuated: anything longer is not one. */
const MAX_INPUT_LENGTH = 40;

/** Types of number that cannot receive a text, or that nobody waiting in a lobby would give. */
const NOT_FOR_TEXTS: Record<string, string> = {
  FIXED_LINE: 'That looks like a landline number. Texts need a mobile number.',
  TOLL_FREE: 'That is a toll-free number, which cannot receive texts. Please give a mobile number.',
  PREMIUM_RATE: 'That is a premium-rate number, which cannot receive texts. Please give a mobile number.',
  SHARED_COST: 'That is a shared-cost number, which cannot receive texts. Please give a mobile number.',
  UAN: 'That is a company switchboard number, which cannot receive texts. Please give a mobile number.',
  VOICEMAIL: 'That is a voicemail number, which cannot receive texts. Please give a mobile number.',
  PAGER: 'That is a pager number, which cannot receive texts. Please give a mobile number.',
};

const LENGTH_PROBLEMS: Record<string, string> = {
  TOO_SHORT: 'That phone number is too short. Please include the area code.',
  TOO_LONG: 'That phone number has too many digits.',
  INVALID_LENGTH: 'That phone number does not have the right number of digits.',
  INVALID_COUNTRY: 'That country code is not known. Start an international number with + and its country code.',
  NOT_A_NUMBER: 'That is not a phone number. Please type the digits of a mobile number.',
};

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
  if (text === '') return { ok: false, message: 'Please type a mobile number.' };
  if (text.length > MAX_INPUT_LENGTH || /[^\d\s()+\-./]/.test(text)) return { ok: false, message: LENGTH_PROBLEMS.NOT_A_NUMBER! };
  const parsed = parsePhoneNumberFromString(text, country);
  if (!parsed) return { ok: false, message: LENGTH_PROBLEMS[validatePhoneNumberLength(text, country) ?? 'NOT_A_NUMBER'] ?? LENGTH_PROBLEMS.NOT_A_NUMBER! };
  if (!parsed.isValid()) {
    const problem = validatePhoneNumberLength(text, country);
    return { ok: false, message: (problem && LENGTH_PROBLEMS[problem]) ?? 'That is not a valid phone number. Please check the digits.' };
  }
  const type = parsed.getType();
  const refusal = type ? NOT_FOR_TEXTS[type] : undefined;
  if (refusal) return { ok: false, message: refusal };
  return { ok: true, e164: parsed.number };
}
