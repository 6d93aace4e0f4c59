import { useEffect } from 'preact/hooks';

/** The page's language and title follow what it shows: screen readers pick their voice by `lang`. */
export function useDocument(language: string, title: string): void {
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = title;
  }, [language, title]);
}
