/**
 * Phone numbers in logs and on the terminal: enough to tell two apart, not
 * enough to call anyone. The hidden part is always five dots, so the mask
 * does not give away the number's length either.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

const HIDDEN = '•••••';

/** "+15551234567" → "+1•••••4567"; anything that is not E.164 keeps only its last two characters. */
export function maskPhone(phone: string): string {
  const parsed = phone.startsWith('+') ? parsePhoneNumberFromString(phone) : undefined;
  if (parsed && parsed.number.length >= 8) return `+${parsed.countryCallingCode}${HIDDEN}${parsed.number.slice(-4)}`;
  return phone.length > 4 ? `${HIDDEN}${phone.slice(-2)}` : HIDDEN;
}

/** Masks every phone-number-like run in a free text, such as a provider's error message. */
export function maskPhonesIn(text: string): string {
  return text.replace(/\+?\d[\d ()-]{5,18}\d/g, (number) => maskPhone(number.replace(/[ ()-]/g, '')));
}
