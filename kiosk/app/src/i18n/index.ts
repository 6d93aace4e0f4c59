/** The kiosk's message catalogs: one per language it can be used in. */
import { en } from './en.ts';
import { es } from './es.ts';
import type { Messages } from './messages.ts';

export type { Messages } from './messages.ts';

export const CATALOGS: Readonly<Record<string, Messages>> = { en, es };

/** The languages offered: the site's that have a catalog, English first when the site has none. */
export function kioskLanguages(siteLanguages: readonly string[] | undefined): string[] {
  const usable = (siteLanguages ?? []).filter((language) => Object.hasOwn(CATALOGS, language));
  return usable.length > 0 ? usable : ['en'];
}

export function messagesFor(language: string): Messages {
  return CATALOGS[language] ?? en;
}
