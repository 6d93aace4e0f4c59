import type { ComponentChildren } from 'preact';
import { LanguageSwitch } from './LanguageSwitch.tsx';

interface Props {
  siteName: string | null;
  language: string;
  languages: readonly string[];
  onLanguage: (language: string) => void;
  /** Under the site name, e.g. the live indicator. */
  aside?: ComponentChildren;
  children: ComponentChildren;
}

/** The site's name and the language switch on top, the page's own content below. */
export function PageFrame({ siteName, language, languages, onLanguage, aside, children }: Props) {
  return (
    <div class="page">
      <header class="top">
        <p class="site-name">{siteName}</p>
        <LanguageSwitch languages={languages} current={language} onChange={onLanguage} />
        {aside}
      </header>
      <main>{children}</main>
    </div>
  );
}
