/** The remote-wait page's message catalogs, and which language a person sees first. */
import { en } from './en.ts';
import { es } from './es.ts';
import type { Messages } from './messages.ts';

export type { Messages } from './messages.ts';

const CATALOGS: Readonly<Record<string, Messages>> = { en, es };

export function messagesFor(language: string): Messages {
  return CATALOGS[language] ?? en;
}

/** Every language the page can be read in. */
export const LANGUAGES: readonly string[] = Object.keys(CATALOGS);

/** The site's languages that have a catalog (all of them until the site is known), English when none does. */
export function usableLanguages(siteLanguages: readonly string[] | null): string[] {
  const usable = (siteLanguages ?? LANGUAGES).filter((language) => Object.hasOwn(CATALOGS, language));
  return usable.length > 0 ? usable : ['en'];
}

/** The first of the browser's languages (by base: es-MX is es) that is offered, else the first offered. */
export function preferredLanguage(offered: readonly string[], browserLanguages: readonly string[]): string {
  for (const language of browserLanguages) {
    const base = language.toLowerCase().split('-')[0] ?? '';
    if (offered.includes(base)) return base;
  }
  return offered[0] ?? 'en';
}
