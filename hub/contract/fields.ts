/** Field schemas shared by every payload that carries ids, phone numbers, languages or time zones. */
import * as z from 'zod';

export const idField = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be 1-64 letters, digits, _ . : or -');
export const languageField = z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language code such as en or es');
/** E.164: a plus sign, then 8 to 15 digits. Local formats are normalised by the caller. */
export const phoneField = z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be a phone number in international form, e.g. +15551234567');
/** An IANA time zone this runtime knows, such as America/New_York. */
export const timeZoneField = z.string().refine(isKnownTimeZone, 'must be an IANA time zone such as America/New_York');

let canonicalTimeZones: ReadonlySet<string> | undefined;

/**
 * Canonical names are looked up in the runtime's list (about 2 ms); only an
 * alias such as US/Eastern builds a formatter, whose first use loads ICU's
 * date data (about 25 ms), which would otherwise hold up the hub's start.
 */
function isKnownTimeZone(zone: string): boolean {
  canonicalTimeZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalTimeZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
