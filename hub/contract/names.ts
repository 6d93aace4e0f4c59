/** Names people read or hear, in their language when the site gives one, else the site's default. */

export interface NamedInLanguages {
  name: string;
  /** Translations of `name`, per language code. */
  names?: Readonly<Record<string, string>>;
}

export function nameIn(named: NamedInLanguages, language: string): string {
  return named.names?.[language] ?? named.names?.[language.slice(0, 2)] ?? named.name;
}
