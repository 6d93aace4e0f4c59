/** A name the hub gives in several languages (services), in the one the person reads, else English, else any. */
export function nameIn(names: Readonly<Record<string, string>>, language: string): string {
  return names[language] ?? names.en ?? Object.values(names)[0] ?? '';
}
