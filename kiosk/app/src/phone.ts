/**
 * A mobile number as people type it at a US kiosk → E.164 (what the hub
 * accepts): 555 123 4567, (555) 123-4567 and 1 555 123 4567 all become
 * +15551234567; a number starting with + is taken as international.
 */
export type PhoneResult = { ok: true; e164: string } | { ok: false };

export function normalisePhone(typed: string): PhoneResult {
  const trimmed = typed.trim();
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return { ok: false };
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return /^[1-9]\d{7,14}$/.test(digits) ? { ok: true, e164: `+${digits}` } : { ok: false };
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  // NANP: ten digits, the area code starting with 2-9 (the exchange is not checked: 555 123 4567 is the usual example).
  if (!/^[2-9]\d{9}$/.test(national)) return { ok: false };
  return { ok: true, e164: `+1${national}` };
}

/** +15551234567 → (555) 123-4567, for reading back to the person; other countries as given. */
export function showPhone(e164: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : e164;
}

/** +15551230123 → •••0123: enough for the person to know their number, not for a passer-by to read it off the screen. */
export function maskedPhone(e164: string): string {
  return `•••${e164.slice(-4)}`;
}
