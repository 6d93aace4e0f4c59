/**
 * The words a person texts to join a line ("LAB"), each tied to a service and
 * to the language its replies are in. A site may set them per service
 * (`sms.joinKeywords`); otherwise a service is known by its id and by the
 * first word of its name in each language ("Lab tests" → LAB, "Rayos X" →
 * RAYOS). Services never named in a text get no keyword of their own making,
 * and no keyword may be a reply word (STOP, HELP, 1 …).
 */
import type { SmsConfig } from './config.ts';
import { isReplyKeyword, keywordOf } from './reply-keywords.ts';

export interface JoinKeyword {
  serviceId: string;
  /** The language the word is in: the person is answered, and waits, in it. */
  language: string;
}

export type JoinKeywords = ReadonlyMap<string, JoinKeyword>;

interface NamedService {
  id: string;
  name: Record<string, string>;
}

/** Every keyword of the site, in the order HELP lists them: services in site order, each service's languages in site order. */
export function joinKeywords(config: SmsConfig, services: readonly NamedService[], languages: readonly string[]): JoinKeywords {
  const keywords = new Map<string, JoinKeyword>();
  if (!config.joinByText) return keywords;
  const sensitive = new Set(config.sensitiveServiceIds);
  for (const service of services) {
    const words = config.joinKeywords[service.id] ?? (sensitive.has(service.id) ? {} : defaultWords(service, languages[0] ?? 'en'));
    for (const [language, list] of Object.entries(words)) {
      for (const word of list.map(keywordOf)) {
        // The first service to claim a word keeps it; the site file refuses duplicates it names itself.
        if (word.length >= 2 && !isReplyKeyword(word) && !keywords.has(word)) keywords.set(word, { serviceId: service.id, language });
      }
    }
  }
  return keywords;
}

/** The words HELP names in `language`: its own, or the site's first language's when it has none. */
export function keywordsIn(keywords: JoinKeywords, language: string, fallback: string): string[] {
  const inLanguage = (wanted: string) => [...keywords].filter(([, k]) => k.language.slice(0, 2) === wanted.slice(0, 2)).map(([word]) => word);
  const own = inLanguage(language);
  return own.length > 0 ? own : inLanguage(fallback);
}

/** Keywords named in the site file that are reply words or named twice: the site file refuses them. */
export function keywordProblems(named: Record<string, Record<string, string[]>>): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const [serviceId, words] of Object.entries(named)) {
    for (const word of Object.values(words).flat().map(keywordOf)) {
      if (isReplyKeyword(word)) problems.push(`${serviceId}: ${word} is a reply word (STOP, HELP, 1 …)`);
      else if (seen.has(word)) problems.push(`${serviceId}: ${word} is named twice`);
      seen.add(word);
    }
  }
  return problems;
}

function defaultWords(service: NamedService, firstLanguage: string): Record<string, string[]> {
  const words: Record<string, string[]> = { [firstLanguage]: [service.id.replace(/[^A-Za-z0-9]/g, '')] };
  for (const [language, name] of Object.entries(service.name)) {
    const first = name.split(/\s+/)[0]!.replace(/[^\p{L}\p{N}]/gu, '');
    (words[language] ??= []).push(first);
  }
  return words;
}
