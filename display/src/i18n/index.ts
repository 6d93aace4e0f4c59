/** The message catalogs and how the display picks its languages. */
import { en } from './en.ts';
import { es } from './es.ts';
import type { Messages } from './messages.ts';

export type { Messages } from './messages.ts';

const CATALOGS: Record<string, Messages> = { en, es };

/** A language code such as `es` or `es-MX` → the catalog for it, by base language. */
function catalogKey(language: string): string | null {
  const base = language.toLowerCase().split('-')[0] ?? '';
  return Object.hasOwn(CATALOGS, base) ? base : null;
}

export function messagesFor(language: string): Messages {
  return CATALOGS[catalogKey(language) ?? 'en'] ?? en;
}

/**
 * The languages to show and speak, first one primary: those asked for in the
 * address, else the site's, that have a catalog. Never empty.
 */
export function pickLanguages(...preferences: (readonly string[] | null | undefined)[]): string[] {
  for (const preference of preferences) {
    if (!preference) continue;
    // Kept as given (es-MX, not es): the region picks the voice; the catalog is the base language's.
    const usable = [...new Set(preference.filter((language) => catalogKey(language) !== null))];
    if (usable.length > 0) return usable;
  }
  return ['en'];
}
