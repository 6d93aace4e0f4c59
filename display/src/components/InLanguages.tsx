/** A text in each of the screen's languages: the first as the main line, the others smaller beside or under it. */
import { nameIn } from '../../../hub/contract/names.ts';
import type { PublicCall } from '../../../hub/contract/views.ts';
import { messagesFor, type Messages } from '../i18n/index.ts';

export function InLanguages({ languages, text }: { languages: readonly string[]; text: (language: string) => string }) {
  const shown: { language: string; words: string }[] = [];
  for (const language of languages) {
    const words = text(language);
    if (words && !shown.some((s) => s.words === words)) shown.push({ language, words });
  }
  return (
    <>
      {shown.map(({ language, words }, index) => (
        <span key={language} lang={language} class={index === 0 ? 'in-primary' : 'in-other'}>
          {words}
        </span>
      ))}
    </>
  );
}

/** A catalog message in each language. */
export function Say({ languages, message }: { languages: readonly string[]; message: (messages: Messages) => string }) {
  return <InLanguages languages={languages} text={(language) => message(messagesFor(language))} />;
}

/** A call's counter in the screen's main language: "Ventanilla 1" on a Spanish screen when the site names it so. */
export function counterNameOf(call: Pick<PublicCall, 'counterName' | 'counterNames'>, language: string): string {
  return nameIn({ name: call.counterName, ...(call.counterNames && { names: call.counterNames }) }, language);
}

/** A name given per language by the site (service names): this language, its base language, else any. */
export function localName(names: Readonly<Record<string, string>>, language: string): string {
  return names[language] ?? names[language.split('-')[0] ?? ''] ?? Object.values(names)[0] ?? '';
}
