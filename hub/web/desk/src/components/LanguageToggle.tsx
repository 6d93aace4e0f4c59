/** Switches the desk to the other language, named in itself so that anyone can find theirs. */
import { chooseDeskLanguage, DESK_LANGUAGE_NAMES, DESK_LANGUAGES, deskLanguage } from '../messages.ts';

export function LanguageToggle({ className = '' }: { className?: string }) {
  return (
    <>
      {DESK_LANGUAGES.filter((language) => language !== deskLanguage).map((language) => (
        <button key={language} type="button" class={className} lang={language} onClick={() => chooseDeskLanguage(language)}>
          {DESK_LANGUAGE_NAMES[language]}
        </button>
      ))}
    </>
  );
}
