/**
 * Which language a page speaks, the same way in every browser app. Each app
 * keeps its own catalogs of words; this module only picks among them. Language
 * tags are matched by their base language (BCP 47: es-MX and es-419 are es), so
 * a Mexican phone, a site listing es and a visit enrolled in es-MX all agree.
 */

/** The base language of a tag, in lower case: es-MX → es, EN → en. */
export function baseLanguage(tag: string): string {
  return tag.toLowerCase().split('-')[0] ?? '';
}

/** A list of tags (navigator.languages, the site's languages), a single tag, or nothing known. */
type Preference = string | readonly string[] | null | undefined;

export interface LanguageCatalogs<Messages> {
  /** Every language the app has words for. */
  languages: readonly string[];
  /** The catalog of a tag's base language; the fallback's when the app has none for it. */
  messagesFor(tag: string): Messages;
  /**
   * The languages to use, first one primary: from the first preference that
   * names any language the app has words for, those, in order, without repeats,
   * kept as given (es-MX stays es-MX, so a speaking display still picks a Mexican voice).
   * The fallback alone when no preference does.
   */
  pickLanguages(...preferences: Preference[]): string[];
}

export function languageCatalogs<Messages, Language extends string>(
  catalogs: Readonly<Record<Language, Messages>>,
  fallback: NoInfer<Language>,
): LanguageCatalogs<Messages> {
  const byLanguage: Readonly<Record<string, Messages>> = catalogs;
  // Own keys only: a tag such as "constructor" must not find Object's.
  const catalogOf = (tag: string) => (Object.hasOwn(byLanguage, baseLanguage(tag)) ? byLanguage[baseLanguage(tag)] : undefined);
  return {
    languages: Object.keys(byLanguage),
    messagesFor: (tag) => catalogOf(tag) ?? catalogs[fallback],
    pickLanguages(...preferences) {
      for (const preference of preferences) {
        const usable = [...new Set(tagsOf(preference).filter((tag) => catalogOf(tag) !== undefined))];
        if (usable.length > 0) return usable;
      }
      return [fallback];
    },
  };
}

/**
 * The one language to use among those `offered`: the first preference (the
 * person's choice, then their browser's languages) whose base language is
 * offered, else the first offered. Returns the offered tag, never the preference's.
 */
export function pickLanguage(offered: readonly string[], ...preferences: Preference[]): string {
  for (const tag of preferences.flatMap(tagsOf)) {
    const match = offered.find((language) => baseLanguage(language) === baseLanguage(tag));
    if (match !== undefined) return match;
  }
  return offered[0] ?? 'en';
}

function tagsOf(preference: Preference): readonly string[] {
  if (preference === null || preference === undefined) return [];
  return typeof preference === 'string' ? [preference] : preference;
}
