import { messagesFor } from '../i18n/index.ts';

interface Props {
  languages: readonly string[];
  current: string;
  onChange: (language: string) => void;
}

/** Each language named in itself, so someone who cannot read the current one still finds theirs. */
export function LanguageSwitch({ languages, current, onChange }: Props) {
  if (languages.length < 2) return null;
  return (
    <div class="language-switch" role="group" aria-label={languages.map((language) => messagesFor(language).language).join(' / ')}>
      {languages.map((language) => (
        <button type="button" key={language} lang={language} aria-pressed={language === current} onClick={() => onChange(language)}>
          {messagesFor(language).languageName}
        </button>
      ))}
    </div>
  );
}
