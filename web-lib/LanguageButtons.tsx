/** One button per language, each named in its own language, so someone who cannot read the current one still finds theirs. */
interface Props {
  languages: readonly string[];
  current: string;
  onChange: (language: string) => void;
  /** The language's name in itself, e.g. "Español". */
  nameOf: (language: string) => string;
  /** For screen readers: what the group of buttons is for, in every language offered. */
  label: string;
}

export function LanguageButtons({ languages, current, onChange, nameOf, label }: Props) {
  if (languages.length < 2) return null;
  return (
    <nav class="language-switch" aria-label={label}>
      {languages.map((language) => (
        <button type="button" key={language} lang={language} class="language" aria-pressed={language === current} onClick={() => onChange(language)}>
          {nameOf(language)}
        </button>
      ))}
    </nav>
  );
}
